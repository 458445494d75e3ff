import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formToJson, importText } from '../../src/import/index.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { lineOf, seedText, withLine } from '../import/seedVariants.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// As the issue types it (relative to the project root), from shared/ beside the checkout when it is there.
const SEED = relative(ROOT, SEED_PATH);

type Run = { code: number; stdout: string; stderr: string };

/** Runs the real command, as a user would, from the project root. */
function spawn(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
const jixiao = (...args: string[]) => spawn('node', ['bin/jixiao.js', ...args]);

/** The same command in-process, for the many ways of getting the command line wrong. */
async function inProcess(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const GOLDEN = [
  ['投入', '资金使用合规性', '合规', '合规', '4.00', '4.00', '4.00'],
  ['投入', '财务制度健全性', '健全', '健全', '2.00', '2.00', '2.00'],
  ['投入', '专款专用率', '100%', '100%', '4.00', '4.00', '4.00'],
  ['投入', '政府采购规范性', '规范', '规范', '2.00', '2.00', '2.00'],
  ['投入', '预算执行率', '100%', '74.68%', '8.00', '8.00', '0.00'],
  ['投入', '资金节约率', '15%及其以下', '15%及其以下', '2.00', '2.00', '0.00'],
  ['产出', '装修面积', '=5859平方米', '5859平方米', '8.66', '8.66', '8.66'],
  ['产出', '项目布展面积', '=3234平方米', '3234平方米', '8.68', '8.68', '8.68'],
  ['产出', '竣工完成度', '=100%', '100%', '8.66', '8.66', '8.66'],
  ['结果', '参观人数', '=8000人次', '8757人次', '13.00', '13.00', '13.00'],
  ['结果', '参观满意度', '=85%', '100%', '13.00', '13.00', '13.00'],
  ['影响力', '运营管理体制建立建全', '获得', '获得', '3.00', '3.00', '3.00'],
  ['影响力', '获评国家级工业互联网体验中心', '获得', '获得', '3.00', '3.00', '3.00'],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jixiao-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npx jixiao audit <seed> --json', () => {
  it('gives exactly the table of domain.md §5, the totals and the findings', async () => {
    const run = await spawn('npx', ['jixiao', 'audit', SEED, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.indicators.map((i: Record<string, string>) => [i.category, i.name, i.target, i.actual, i.weight, i.selfScore, i.score])).toEqual(GOLDEN);
    expect(report).toMatchObject({ ruleSet: 'suzhou-2021', total: '70.00', maxTotal: '80.00', selfTotal: '80.00', importIssues: [], format: 'text' });
    expect(report.findings.map((f: Record<string, string>) => `${f.severity} ${f.code} ${f.subject}`)).toEqual(
      expect.arrayContaining([
        'warning indicator.self-score-mismatch 预算执行率',
        'warning indicator.self-score-mismatch 资金节约率',
        'warning indicator.not-a-number 资金节约率',
        'warning narrative.figure-mismatch 参观人数',
      ]),
    );
    expect(report.findings.filter((f: Record<string, string>) => f.severity === 'error')).toEqual([]);
    expect(report.findings.map((f: Record<string, string>) => f.code)).not.toContain('subitems.budget-sum');
    for (const i of report.indicators) expect(i.explanation).toContain(`「${i.name}」`);
  });
});

describe('jixiao (spawned)', () => {
  it('audit without --json prints the readable report', async () => {
    const run = await jixiao('audit', SEED);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('项目名称：苏州市智能制造融合发展中心项目');
    expect(run.stdout).toMatch(/预算执行率\s+100%\s+74\.68%\s+8\.00\s+8\.00\s+0\.00/);
    expect(run.stdout).toContain('规则得分合计 70.00 / 80');
    expect(run.stdout).toContain('自评分合计   80.00');
  });

  it('explain 预算执行率 gives the figures and what it would take', async () => {
    const run = await jixiao('explain', SEED, '预算执行率');
    expect(run.code).toBe(0);
    for (const figure of ['74.68%', '812.101021', '1087.5', '低于目标 25.32 个百分点', '要得满分需达到 100%']) {
      expect(run.stdout).toContain(figure);
    }
    expect(run.stdout).toMatch(/达到 90%[^；。]*可得 4\.00 分/);
  });

  it('an unreadable file exits 2 with a Chinese message on stderr and nothing on stdout', async () => {
    const run = await jixiao('audit', 'package.json', '--json');
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('无法读取 package.json：这个 JSON 不是自评表') });
  });

  it('audits the form JSON the importer writes, with the same result', async () => {
    const imported = importText(seedText());
    if (!imported.ok) throw new Error(imported.message);
    const path = join(dir, 'seed.json');
    await writeFile(path, formToJson(imported.form));
    const run = await jixiao('audit', path, '--json', '--rules', 'suzhou-2021');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ total: '70.00', selfTotal: '80.00', format: 'json' });
    expect(report.indicators.map((i: Record<string, string>) => i.score)).toEqual(GOLDEN.map((g) => g[6]));
  });
});

describe('jixiao (in-process)', () => {
  it('reports import issues in the report and in --json, and still exits 0', async () => {
    const text = withLine(lineOf('\t1900'), '\tabc');
    const path = join(dir, 'garbage.txt');
    await writeFile(path, text);
    const json = await inProcess('audit', path, '--json');
    expect(json.code).toBe(0);
    const line = lineOf('\tabc', text);
    expect(JSON.parse(json.stdout).importIssues).toEqual([{ line, field: 'budget.initial', message: `第${line}行 年初预算数 “abc” 不是金额。请填写数字（万元），例如 1900。` }]);
    const plain = await inProcess('audit', path);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`读取文件时的问题（1）：\n  - 第${line}行 年初预算数 “abc” 不是金额`);
  });

  it('exits 2 with a clear message for each way the command can be wrong', async () => {
    const cases: [string[], string][] = [
      [[], '缺少命令'],
      [['frobnicate'], '不认识的命令“frobnicate”'],
      [['audit'], '缺少要审核的文件'],
      [['audit', 'nope.txt'], '找不到文件 nope.txt'],
      [['audit', 'src'], 'src 是文件夹'],
      [['audit', SEED, '--rules', 'beijing-2030'], '没有名为“beijing-2030”的规则集。可用的规则集：suzhou-2021'],
      [['audit', SEED, '--rules'], '--rules 后面要写规则集名称'],
      [['audit', SEED, '--verbose'], '不认识的选项 --verbose'],
      [['audit', SEED, SEED], '多余的参数'],
      [['explain', SEED], '缺少指标名称'],
      [['explain', SEED, '预算执行率', '--json'], '不支持 --json'],
      [['explain', 'vitest.config.ts', '预算执行率'], '无法读取 vitest.config.ts：这个文件不是苏州市级财政支出项目绩效自评表'],
    ];
    for (const [args, message] of cases) {
      const run = await inProcess(...args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toContain(message);
    }
  });

  it('explain of an unknown name lists the names; a unique part of a name is enough', async () => {
    const unknown = await inProcess('explain', SEED, '访客数');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('表中没有名为“访客数”的指标');
    expect(unknown.stderr).toContain('结果  参观满意度');
    const ambiguous = await inProcess('explain', SEED, '参观');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('“参观”对应多项指标');
    const part = await inProcess('explain', SEED, '满意度');
    expect(part.code).toBe(0);
    expect(part.stdout).toContain('完成率 117.65%');
  });

  it('help lists the commands and exits 0', async () => {
    const run = await inProcess('help');
    expect(run.code).toBe(0);
    for (const s of ['jixiao audit <文件>', 'jixiao explain <文件> <指标名称>', 'jixiao export', 'suzhou-2021']) expect(run.stdout).toContain(s);
  });

  it('export is handed to src/cli/commands/export.ts, with the same output streams', async () => {
    const run = await inProcess('export', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('jixiao export <文件>');
  });
});

describe('a DOCX', () => {
  it('exported by jixiao export is audited like the seed it came from', async () => {
    const docx = join(dir, 'seed.docx');
    const exported = await jixiao('export', SEED, '--docx', docx);
    expect(exported.code).toBe(0);
    const run = await jixiao('audit', docx, '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ total: '70.00', selfTotal: '80.00', format: 'docx' });
    expect(report.indicators.map((i: Record<string, string>) => [i.category, i.name, i.target, i.actual, i.weight, i.selfScore, i.score])).toEqual(GOLDEN);
  });
});
