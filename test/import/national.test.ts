import { describe, expect, it } from 'vitest';
import { NationalForm, scoreNationalForm, type NationalFormInput } from '../../rules/index.js';
import { importAny } from '../../src/import/index.js';
import { importNationalJson, importNationalText, looksNational, nationalFormToJson } from '../../src/import/national.js';
import { importAnyForm, isNationalImport } from '../../src/import/nationalAny.js';
import { exampleNationalForm, EXAMPLE_SCORES } from '../rules/nationalHelpers.js';
import { seedText } from './seedVariants.js';
import { nationalExampleText, writeNationalLayout } from './nationalLayout.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const read = (text: string) => {
  const r = importNationalText(text);
  if (!r.ok) throw new Error(r.message);
  return r;
};
/** The example without the JSON-only fields the text layout also carries. */
const expected = () => NationalForm.parse(exampleNationalForm());

describe('national text layout', () => {
  it('reads the spec example: every field, every indicator, the totals', () => {
    const r = read(nationalExampleText());
    expect(r.issues).toEqual([]);
    const want = expected();
    expect(r.form.project).toEqual(want.project);
    expect(r.form.funds).toEqual(want.funds);
    expect(r.form.indicators).toEqual(want.indicators);
    expect(r.form.selfTotal).toBe('93.50');
    expect(r.form.goals.expected).toContain('建成社区助餐点30个');
    expect(scoreNationalForm(r.form).rows.map((x) => [x.name, x.score])).toEqual(EXAMPLE_SCORES);
  });

  it.each([
    ['CRLF line ends', { crlf: true }],
    ['full-width digits', { fullWidthDigits: true }],
    ['merged cells dropped', { dropMerged: true }],
    ['second level repeated', { repeatLevel2: true }],
    ['all at once', { crlf: true, fullWidthDigits: true, dropMerged: true, repeatLevel2: true }],
  ])('reads the same form from a variant export: %s', (_, options) => {
    const form = exampleNationalForm();
    const r = read(writeNationalLayout(form, options));
    const want = expected();
    expect(r.form.indicators).toEqual(want.indicators);
    expect(r.form.funds.total).toEqual(want.funds.total);
    expect(r.form.project.year).toBe(2022);
    expect(scoreNationalForm(r.form).total).toBe('93.50');
  });

  it('reads rows wider than their header (a header without the 绩效指标 cell)', () => {
    const text = writeNationalLayout(exampleNationalForm()).replace('\t绩效指标\n', '');
    const r = read(text);
    expect(r.form.indicators).toEqual(expected().indicators);
  });

  it('reads more or fewer indicator rows, by labels not line numbers', () => {
    const form = exampleNationalForm();
    const extra = Array.from({ length: 12 }, (_, i) => ({ level1: 'output' as const, level2: '数量指标', name: `附加指标${i + 1}`, target: `≥${i + 1}个`, actual: `${i + 1}个`, weight: '1', selfScore: '1' }));
    form.indicators = [...form.indicators!.slice(0, 1), ...extra, ...form.indicators!.slice(5, 6)];
    const r = read(writeNationalLayout(form));
    expect(r.form.indicators.map((i) => i.name)).toEqual(form.indicators.map((i) => i.name));
    expect(r.form.indicators[13]).toMatchObject({ level1: 'benefit', level2: '社会效益指标' });
  });

  it('says what it could not read, with the line, and keeps the rest', () => {
    const form: NationalFormInput = exampleNationalForm();
    form.indicators![0].weight = '十五';
    form.funds!.total!.executed = '约551';
    const r = read(writeNationalLayout(form));
    expect(r.issues.map((i) => i.message).join('\n')).toMatch(/第\d+行 .*分值“十五”不是分数/);
    expect(r.issues.some((i) => i.field === 'funds.total.executed')).toBe(true);
    expect(r.form.indicators[0].weight).toBeUndefined();
    expect(r.form.indicators).toHaveLength(8);
  });

  it('finds the year in a title such as 2022年度项目支出绩效自评表', () => {
    const text = writeNationalLayout(exampleNationalForm()).replace('\t项目支出绩效自评表', '\t2023年度项目支出绩效自评表').replace('（2022年度）', '');
    const r = read(text);
    expect(r.form.project.year).toBe(2023);
  });

  it('refuses a file that is not the form', () => {
    expect(importNationalText('随便写的一段话\n没有表格')).toEqual({ ok: false, message: expect.stringContaining('不是项目支出绩效自评表') });
  });

  it('tells the national layout from the Suzhou one', () => {
    expect(looksNational(nationalExampleText())).toBe(true);
    expect(looksNational(seedText())).toBe(false);
  });
});

describe('national JSON and the dispatchers', () => {
  it('JSON round-trips', () => {
    const form = expected();
    const r = importNationalJson(nationalFormToJson(form));
    expect(r).toEqual({ ok: true, template: 'national', form, issues: [], format: 'json' });
  });

  it('a JSON that names a national rule set but no template is read as national', () => {
    const r = importNationalJson(JSON.stringify({ ruleSet: 'national-2020', project: { name: '甲' } }));
    expect(r.ok && r.form.project.name).toBe('甲');
  });

  it('a 总分 row with only the 分值 100 has no stated total', () => {
    const text = writeNationalLayout({ ...exampleNationalForm(), selfTotal: undefined });
    expect(read(text).form.selfTotal).toBeUndefined();
  });

  it('a bad JSON value is refused with where it is wrong', () => {
    const r = importNationalJson(JSON.stringify({ template: 'national', indicators: [{ level1: 'output', name: 'x', target: 'y', weight: '-1' }] }));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('indicators.0.weight') });
  });

  it('importAnyForm reads either form; importAny (the chat) refuses a national one and still reads Suzhou', async () => {
    const national = await importAnyForm({ name: 'n.txt', contentType: '', bytes: bytes(nationalExampleText()) });
    expect(isNationalImport(national)).toBe(true);
    const json = await importAnyForm({ name: 'n.json', contentType: '', bytes: bytes(nationalFormToJson(expected())) });
    expect(isNationalImport(json)).toBe(true);
    const suzhou = await importAnyForm({ name: 's.txt', contentType: '', bytes: bytes(seedText()) });
    expect(suzhou.ok && !isNationalImport(suzhou)).toBe(true);
    const chat = await importAny({ name: 'n.txt', contentType: '', bytes: bytes(nationalExampleText()) });
    expect(chat).toEqual({ ok: false, message: expect.stringContaining('项目支出绩效自评表') });
    expect((await importAny({ name: 's.txt', contentType: '', bytes: bytes(seedText()) })).ok).toBe(true);
  });
});
