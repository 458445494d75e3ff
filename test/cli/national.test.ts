import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { nationalFormToJson } from '../../src/import/national.js';
import { EXAMPLE_SCORES, exampleNationalForm } from '../rules/nationalHelpers.js';
import { NATIONAL_EXAMPLE_PATH, writeNationalLayout } from '../import/nationalLayout.js';
import { SEED_PATH } from '../fixtures/seedPath.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Run = { code: number; stdout: string; stderr: string };

async function run(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jixiao-national-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('jixiao audit of a national form', () => {
  it('the real command: national-example.txt --json gives 93.50, 优, the spec rows, under national-2020', async () => {
    const out = await new Promise<Run>((resolve) =>
      execFile('node', ['bin/jixiao.js', 'audit', NATIONAL_EXAMPLE_PATH, '--json'], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ ruleSet: 'national-2020', template: 'national', total: '93.50', grade: '优', maxTotal: '100.00' });
    expect(report.indicators.map((r: { name: string; score: string }) => [r.name, r.score])).toEqual(EXAMPLE_SCORES);
    expect(report.unverified.length).toBeGreaterThan(0);
    expect(report.findings).toEqual([]);
  }, 60_000);

  it('the readable report is in Chinese: rows, deductions with reasons, grade, unverified values', async () => {
    const r = await run('audit', NATIONAL_EXAMPLE_PATH);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('项目名称：社区居家养老服务补助项目');
    expect(r.stdout).toMatch(/新建社区助餐点[^\n]*14\.00\n[^\n]*扣 1 分：实际 28个 未达到目标 30个/);
    expect(r.stdout).toContain('总分 93.50 / 100    等级：优');
    expect(r.stdout).toContain('规则集 national-2020 中以下取值尚未与官方文件核实');
  });

  it('a CRLF, full-width export and the form JSON give the same audit', async () => {
    const variant = join(dir, 'variant.txt');
    await writeFile(variant, writeNationalLayout(exampleNationalForm(), { crlf: true, fullWidthDigits: true, dropMerged: true }));
    const json = join(dir, 'form.json');
    const { template: _t, ...rest } = exampleNationalForm();
    void _t;
    await writeFile(json, nationalFormToJson({ template: 'national', ...rest } as never));
    for (const file of [variant, json]) {
      const r = await run('audit', file, '--json');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.indicators.map((x: { name: string; score: string }) => [x.name, x.score])).toEqual(EXAMPLE_SCORES);
      expect(report.total).toBe('93.50');
    }
  });

  it('a weaker form: grade 良, why, and how far 优 is', async () => {
    const form = exampleNationalForm();
    form.indicators![1].actual = '18个';
    form.indicators![5].selfScore = '12';
    const file = join(dir, 'weaker.txt');
    await writeFile(file, writeNationalLayout(form));
    const r = await run('audit', file);
    expect(r.stdout).toContain('等级：良');
    expect(r.stdout).toContain('离“优”还差 4.50 分');
    expect(r.stdout).toContain('还差 4.50 分到“优”');
    expect(r.stdout).toMatch(/“新建社区助餐点”自评 14 分，按规则应得 9\.00 分/);
  });

  it('--rules overrides the layout; an unknown rule set lists both forms', async () => {
    const asSuzhou = await run('audit', NATIONAL_EXAMPLE_PATH, '--rules', 'suzhou-2021', '--json');
    expect(asSuzhou.code).toBe(0);
    expect(JSON.parse(asSuzhou.stdout).ruleSet).toBe('suzhou-2021');
    const seedAsNational = await run('audit', SEED_PATH, '--rules', 'national-2020');
    expect(seedAsNational.code).toBe(2);
    expect(seedAsNational.stderr).toContain('苏州市级财政支出项目绩效自评表，不能按项目支出绩效自评表的规则集审核');
    const unknown = await run('audit', NATIONAL_EXAMPLE_PATH, '--rules', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/suzhou-2021.*national-2020|national-2020.*suzhou-2021/);
  });

  it('jixiao help names both forms and both rule sets', async () => {
    const r = await run('help');
    expect(r.stdout).toContain('财政部通用项目支出绩效自评表');
    expect(r.stdout).toMatch(/suzhou-2021[\s\S]*national-2020/);
  });

  it('the Suzhou seed is still audited as before', async () => {
    const r = await run('audit', SEED_PATH, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ ruleSet: 'suzhou-2021', total: '70.00', maxTotal: '80.00' });
  });

  it('jixiao explain works on a national row, 预算执行率 included', async () => {
    const r = await run('explain', NATIONAL_EXAMPLE_PATH, '新建社区助餐点');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('规则得分 14.00 / 15.00');
    expect(r.stdout).toContain('实际达到 30个 才能得满分');
    const b = await run('explain', NATIONAL_EXAMPLE_PATH, '预算执行率');
    expect(b.stdout).toContain('执行率 95%（全年执行数 551 ÷ 全年预算数 580）');
    const none = await run('explain', NATIONAL_EXAMPLE_PATH, '不存在的指标');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('服务对象满意度');
  });
});
