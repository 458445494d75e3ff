import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NationalForm, scoreNationalForm } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { buildDocx } from '../../src/documents/docx.js';
import { buildNationalDocx, readNationalDocx } from '../../src/documents/nationalDocx.js';
import { buildNationalXlsx } from '../../src/documents/nationalXlsx.js';
import { importAny } from '../../src/import/index.js';
import { importAnyForm, isNationalImport } from '../../src/import/nationalAny.js';
import { scoreForm } from '../../rules/index.js';
import { EXAMPLE_SCORES, exampleNationalForm } from '../rules/nationalHelpers.js';
import { NATIONAL_EXAMPLE_PATH } from '../import/nationalLayout.js';
import { paragraphsOf, seedFromFile, tablesOf, texts, unzipText } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const example = () => NationalForm.parse(exampleNationalForm());

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The DOCX with its document.xml changed (as a user editing the file in Word would). */
async function editDocx(bytes: Uint8Array, edit: (xml: string) => string, drop: string[] = []): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file('word/document.xml', edit(await zip.file('word/document.xml')!.async('string')));
  for (const d of drop) zip.remove(d);
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jixiao-national-docs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('national DOCX', () => {
  it('is the official layout: landscape, the table with its labels and values, 总分 and grade, and the 评分说明 appendix', async () => {
    const bytes = await buildNationalDocx(example());
    const xml = await unzipText(bytes, 'word/document.xml');
    expect(xml).toMatch(/w:orient="landscape"/);
    const paras = paragraphsOf(xml);
    expect(paras).toEqual(expect.arrayContaining(['项目支出绩效自评表', '（2022年度）', '评分说明']));
    const [table, appendix] = tablesOf(xml);
    const rows = table.map(texts);
    expect(rows).toContainEqual(['', '年度资金总额', '600', '580', '551', '10', '95.00%', '9.50']);
    expect(rows).toContainEqual(['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']);
    expect(rows).toContainEqual(['', '', '', '新建社区助餐点', '≥30个', '28个', '15', '14.00', '2个点位选址调整，顺延至次年']);
    expect(rows).toContainEqual(['总分', '100', '93.50', '等级：优']);
    expect(appendix.map(texts).map((r) => r[0])).toEqual(expect.arrayContaining(['预算执行率', '老年人居家生活质量', '总分']));
    expect(paras.join('\n')).toContain('以下取值按通常表述，尚未与官方文件核对');
  });

  it('round-trips exactly: export → DOCX → read gives the same form, and the audit the same scores', async () => {
    const form = example();
    const back = await readNationalDocx(await buildNationalDocx(form));
    expect(back).toEqual({ ok: true, template: 'national', form, issues: [], format: 'docx' });
    const file = join(dir, 'example.docx');
    const r1 = await run('export', NATIONAL_EXAMPLE_PATH, '--docx', file);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toContain('规则得分合计 93.50 分（满分 100 分，等级“优”）');
    const audit = await run('audit', file, '--json');
    const report = JSON.parse(audit.stdout);
    expect(report).toMatchObject({ ruleSet: 'national-2020', total: '93.50', grade: '优', format: 'docx' });
    expect(report.indicators.map((x: { name: string; score: string }) => [x.name, x.score])).toEqual(EXAMPLE_SCORES);
  });

  it('a value changed on the page wins over the saved form', async () => {
    const edited = await editDocx(await buildNationalDocx(example()), (xml) => xml.replace('>28个<', '>30个<'));
    const r = await readNationalDocx(edited);
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.form.indicators[1].actual).toBe('30个');
    expect(r.form.indicators[1].selfScore).toBe('14'); // the unit's own score is kept
    expect(scoreNationalForm(r.form).total).toBe('94.50');
  });

  it('without the saved form, the page alone gives the same scores', async () => {
    const bare = await editDocx(await buildNationalDocx(example()), (xml) => xml, ['docProps/custom.xml']);
    const r = await readNationalDocx(bare);
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(scoreNationalForm(r.form).rows.map((x) => [x.name, x.score])).toEqual(EXAMPLE_SCORES);
    expect(r.form.project).toEqual(example().project);
  });

  it('the chat (importAny) refuses a national DOCX with a clear message, saved form or not', async () => {
    const bytes = await buildNationalDocx(example());
    const bare = await editDocx(bytes, (xml) => xml, ['docProps/custom.xml']);
    for (const b of [new Uint8Array(bytes), bare]) {
      const r = await importAny({ name: 'n.docx', contentType: '', bytes: b });
      expect(r).toEqual({ ok: false, message: expect.stringContaining('项目支出绩效自评表') });
    }
  });

  it('a Suzhou DOCX is left to the Suzhou reader', async () => {
    const seed = await seedFromFile();
    const bytes = await buildDocx(seed, scoreForm(seed));
    expect(await readNationalDocx(bytes)).toBeUndefined();
    const r = await importAnyForm({ name: 'seed.docx', contentType: '', bytes: new Uint8Array(bytes) });
    expect(r.ok && !isNationalImport(r)).toBe(true);
  });
});

describe('national XLSX', () => {
  it('holds the table (numbers as numbers, groups merged) and the 评分说明 sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildNationalXlsx(example())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['自评表', '评分说明']);
    const s = wb.getWorksheet('自评表')!;
    const values: unknown[][] = [];
    s.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const find = (label: string) => values.find((r) => r.some((v) => v === label));
    expect(find('年度资金总额')).toEqual(expect.arrayContaining([600, 580, 551, 10, '95.00%', 9.5]));
    expect(find('新建社区助餐点')).toEqual(expect.arrayContaining(['≥30个', '28个', 15, 14, '2个点位选址调整，顺延至次年']));
    expect(find('总分')).toEqual(expect.arrayContaining([100, 93.5, '等级：优']));
    expect(s.getCell('B' + String(values.findIndex((r) => r.includes('服务居家老人人数')) + 1)).isMerged).toBe(true);
    expect(s.pageSetup.orientation).toBe('landscape');
    const notes: string[] = [];
    wb.getWorksheet('评分说明')!.eachRow((row) => notes.push((row.values as unknown[]).filter((v) => typeof v === 'string').join(' ')));
    expect(notes.join('\n')).toContain('gradeBands');
    expect(notes.join('\n')).toContain('等级为“优”');
  });

  it('jixiao export of a national form writes both files under their default names', async () => {
    const io: Io = { stdout: () => undefined, stderr: () => undefined, cwd: dir };
    expect(await main(['export', NATIONAL_EXAMPLE_PATH], io)).toBe(0);
    const docx = await readFile(join(dir, '社区居家养老服务补助项目-2022-绩效自评表.docx'));
    const xlsx = await readFile(join(dir, '社区居家养老服务补助项目-2022-绩效自评表.xlsx'));
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });
});
