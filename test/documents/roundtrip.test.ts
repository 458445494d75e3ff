// Export then import gives the same form: for the seed and for generated forms with 1 and 12
// indicators per category; from the page alone when the saved form is missing; edits made in Word
// after the export win over the saved form.
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { Form, scoreForm } from '../../rules/index.js';
import { buildDocx } from '../../src/documents/docx.js';
import { readDocx } from '../../src/documents/readDocx.js';
import { seedForm } from '../fixtures/seedForm.js';
import { generatedForm, seedFromFile } from './helpers.js';

async function roundTrip(form: Form) {
  const bytes = await buildDocx(form, scoreForm(form));
  const result = await readDocx(bytes);
  if (!result.ok) throw new Error(result.message);
  expect(result.format).toBe('docx');
  return { bytes, result };
}

/** The DOCX with its custom properties (the saved form) removed, as a third-party editor might. */
async function withoutSavedForm(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.remove('docProps/custom.xml');
  return zip.generateAsync({ type: 'uint8array' });
}

/** Edits document.xml as a person would in Word. */
async function editDocument(bytes: Uint8Array, edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file('word/document.xml', edited);
  return zip.generateAsync({ type: 'uint8array' });
}

describe('DOCX round trip', () => {
  it('gives back the seed read from the seed file', async () => {
    const form = await seedFromFile();
    const { result } = await roundTrip(form);
    expect(result).toMatchObject({ ok: true, issues: [] });
    if (result.ok) expect(result.form).toEqual(form);
  });

  it('keeps the unit\'s self-scores (80.00) apart from the rule scores (70.00), with the reason for a difference, through export → DOCX → audit', async () => {
    const seed = await seedFromFile();
    const form = { ...seed, indicators: seed.indicators.map((i) => (i.name === '预算执行率' ? { ...i, selfScoreReason: '年底前已完成支付审批' } : i)) };
    const { bytes, result } = await roundTrip(form);
    expect(result.form).toEqual(form);
    const audit = scoreForm(result.form, { final: true });
    expect([audit.total, audit.selfTotal]).toEqual(['70.00', '80.00']);
    expect(audit.findings.find((f) => f.code === 'indicator.self-score-mismatch' && f.subject === '预算执行率')?.message).toContain('单位说明的原因：年底前已完成支付审批');
    // The page says which is which: the reason is printed with the difference.
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('「预算执行率」（投入类）：单位自评 8 分，按规则得 0.00 分，相差 8.00 分。原因：年底前已完成支付审批');
  });

  it('gives back the seed from the page alone (no saved form): every value is on the page', async () => {
    const form = await seedFromFile();
    const { bytes } = await roundTrip(form);
    const result = await readDocx(await withoutSavedForm(bytes));
    expect(result).toMatchObject({ ok: true, issues: [] });
    if (result.ok) expect(result.form).toEqual(form);
    const fixture = Form.parse(seedForm());
    const fromFixture = await readDocx(await withoutSavedForm((await roundTrip(fixture)).bytes));
    if (fromFixture.ok) expect(fromFixture.form).toEqual(fixture);
  });

  it.each([1, 12])('gives back a form with %i indicator(s) per category, including what the page does not show', async (n) => {
    const form = generatedForm(n);
    expect(form.indicators).toHaveLength(4 * n);
    expect(form.indicators.some((i) => i.weight === undefined)).toBe(true);
    expect(form.budget.quotaBalance).toBeUndefined();
    const { result } = await roundTrip(form);
    if (result.ok) {
      expect(result.form).toEqual(form);
      expect(result.issues).toEqual([]);
    }
  });

  it('keeps a 不适用 indicator, a grade and an override through the round trip', async () => {
    const seed = await seedFromFile();
    const form: Form = {
      ...seed,
      indicators: seed.indicators.map((ind) =>
        ind.name === '政府采购规范性' ? { ...ind, notApplicable: true } : ind.name === '运营管理体制建立建全' ? { ...ind, actual: '部分建立', grade: '一般' as const } : ind,
      ),
      overrides: [{ code: 'subitems.actual-sum', reason: '含上年结转支出' }],
    };
    const { bytes, result } = await roundTrip(form);
    if (result.ok) expect(result.form).toEqual(form);
    const page = await readDocx(await withoutSavedForm(bytes));
    if (page.ok) expect(page.form.indicators.map((i) => i.name)).not.toContain('政府采购规范性');
  });

  it('keeps a 10,000-character narrative section exactly', async () => {
    const seed = await seedFromFile();
    const line = '项目实施过程中严格执行预算管理制度，资金使用规范，绩效目标全部完成。';
    let text = '';
    for (let i = 0; text.length < 10_000; i++) text += (i % 7 === 6 ? '\n' : '') + line;
    text = text.slice(0, 10_000);
    expect(text).toHaveLength(10_000);
    const form: Form = { ...seed, narrative: { ...seed.narrative, implementation: text } };
    const { bytes, result } = await roundTrip(form);
    if (result.ok) expect(result.form.narrative.implementation).toBe(text);
    const page = await readDocx(await withoutSavedForm(bytes));
    if (page.ok) expect(page.form.narrative.implementation).toBe(text);
  });

  it('reads an empty optional section back as empty', async () => {
    const seed = await seedFromFile();
    const form: Form = { ...seed, narrative: { overview: seed.narrative.overview } };
    const { bytes, result } = await roundTrip(form);
    if (result.ok) expect(result.form.narrative).toEqual({ overview: seed.narrative.overview });
    const page = await readDocx(await withoutSavedForm(bytes));
    if (page.ok) expect(page.form.narrative).toEqual({ overview: seed.narrative.overview });
  });

  it('takes values edited in Word after the export, and keeps the rest', async () => {
    const form = await seedFromFile();
    const { bytes } = await roundTrip(form);
    const edited = await editDocument(bytes, (xml) =>
      xml
        .replace('>苏州市智能制造融合发展中心项目<', '>苏州市智能制造融合发展中心项目（二期）<')
        .replace('>275.398979<', '>275.4<')
        .replace('>8757人次<', '>9000人次<'),
    );
    const result = await readDocx(edited);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.project.name).toBe('苏州市智能制造融合发展中心项目（二期）');
    expect(result.form.budget.quotaBalance).toBe('275.4');
    expect(result.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('9000人次');
    expect({ ...result.form, project: form.project, budget: form.budget, indicators: form.indicators }).toEqual(form);
    expect(result.form.indicators.filter((i) => i.name !== '参观人数')).toEqual(form.indicators.filter((i) => i.name !== '参观人数'));
  });

  it('reads a user self-score edited in the appendix table', async () => {
    const form = await seedFromFile();
    const { bytes } = await roundTrip(form);
    // The appendix row of 预算执行率: 投入 | 预算执行率 | 8 | 0.00 | 8 — change the user's 8 to 0.
    const edited = await editDocument(bytes, (xml) => {
      const at = xml.indexOf('自评分（用户填报）');
      const row = xml.indexOf('>预算执行率<', at);
      const self = xml.indexOf('>8<', xml.indexOf('>0.00<', row));
      return `${xml.slice(0, self)}>0<${xml.slice(self + 3)}`;
    });
    const result = await readDocx(edited);
    if (!result.ok) throw new Error(result.message);
    expect(result.form.indicators.find((i) => i.name === '预算执行率')?.selfScore).toBe('0');
    expect(result.form.indicators.find((i) => i.name === '资金节约率')?.selfScore).toBe('2');
  });

  it('reads the table as it stands when rows were removed, with a note to check', async () => {
    const form = await seedFromFile();
    const { bytes } = await roundTrip(form);
    const edited = await editDocument(bytes, (xml) => {
      const name = xml.indexOf('>竣工完成度<', xml.indexOf('>指标名称<'));
      const start = xml.lastIndexOf('<w:tr>', name) >= 0 ? xml.lastIndexOf('<w:tr>', name) : xml.lastIndexOf('<w:tr ', name);
      const end = xml.indexOf('</w:tr>', name) + '</w:tr>'.length;
      return xml.slice(0, start) + xml.slice(end);
    });
    const result = await readDocx(edited);
    if (!result.ok) throw new Error(result.message);
    expect(result.form.indicators.map((i) => i.name)).toEqual(form.indicators.map((i) => i.name).filter((n) => n !== '竣工完成度'));
    expect(result.form.indicators.find((i) => i.name === '预算执行率')).toEqual(form.indicators.find((i) => i.name === '预算执行率'));
    expect(result.issues.map((i) => i.message).join('')).toContain('请核对');
  });

  it('round-trips arbitrary names, targets and amounts', async () => {
    const textArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');
    const amountArb = fc.tuple(fc.nat(99999), fc.nat(999999)).map(([i, f]) => `${i}.${String(f).padStart(6, '0')}`);
    await fc.assert(
      fc.asyncProperty(textArb, textArb, amountArb, fc.option(amountArb, { nil: undefined }), async (name, target, amount, paid) => {
        const base = generatedForm(1);
        const form = Form.parse({
          ...base,
          project: { ...base.project, name },
          budget: { ...base.budget, initial: amount },
          funds: { ...base.funds, paid },
          indicators: base.indicators.map((ind, i) => (i === 1 ? { ...ind, name, target } : ind)),
        });
        const { result } = await roundTrip(form);
        expect(result.ok && result.form).toEqual(form);
      }),
      { numRuns: 15 },
    );
  });
});

describe('DOCX that cannot be read', () => {
  it('refuses bytes that are not a DOCX', async () => {
    const r = await readDocx(new TextEncoder().encode('这不是 Word 文件'));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('不是有效的 Word') });
  });

  it('refuses a Word file without the form tables', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>会议纪要</w:t></w:r></w:p></w:body></w:document>',
    );
    const r = await readDocx(await zip.generateAsync({ type: 'uint8array' }));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('没有在这个 Word 文件中找到绩效自评表') });
  });

  it('reports an amount that was edited into nonsense and leaves it empty', async () => {
    const form = await seedFromFile();
    const { bytes } = await roundTrip(form);
    const edited = await editDocument(bytes, (xml) => xml.replace('>1900<', '>一千九百多<'));
    const r = await readDocx(edited);
    if (!r.ok) throw new Error(r.message);
    expect(r.form.budget.initial).toBeUndefined();
    expect(r.issues).toEqual([{ field: 'budget.initial', message: expect.stringContaining('年初预算数') }]);
  });
});

describe('DOCX size guard', () => {
  it('refuses a document body that would inflate beyond any real form, without inflating it', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', ' '.repeat(41 * 1024 * 1024), { compression: 'DEFLATE' });
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(bytes.byteLength).toBeLessThan(1024 * 1024);
    const r = await readDocx(bytes);
    expect(r).toEqual({ ok: false, message: expect.stringContaining('文件解压后超过 20 MB') });
  });
});
