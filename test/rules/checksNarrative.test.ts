// narrative.figure-mismatch raises a finding only when the report's text ties the figure to the
// indicator (its name, its core or a synonym in the same clause, or its own target cited in the
// same sentence). A shared unit alone is not a tie: the seed's "已定制鼠标累计2378个" says nothing about
// an indicator 展项数量 38个, and the Word file's findings must not claim it does.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKeys } from '../../rules/checks/narrative.js';
import { scoreForm, type Form, type FormScore } from '../../rules/index.js';
import { importText } from '../../src/import/index.js';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { seedForm } from '../fixtures/seedForm.js';

const mismatches = (s: FormScore) => s.findings.filter((f) => f.code === 'narrative.figure-mismatch').map((f) => [f.subject, f.params.narrative, f.message] as const);

/** The seed with 竣工完成度 (a percentage) replaced by 展项数量 =38个 / 38个. */
function withExhibits(f: Form): Form {
  return { ...f, indicators: f.indicators.map((i) => (i.name === '竣工完成度' ? { ...i, name: '展项数量', target: '=38个', actual: '38个' } : i)) };
}

const withResults = (results: string, base: Form = withExhibits(seedForm())): Form => ({ ...base, narrative: { results } });

describe('narrative figures are matched to an indicator only when the text ties them', () => {
  const imported = importText(readFileSync(SEED_PATH, 'utf8'));
  if (!imported.ok) throw new Error(`the seed did not import: ${imported.message}`);
  const seed = imported.form;

  it('the whole seed report with an indicator 展项数量 38个: 2378个 (custom mice) is not reported', () => {
    expect(seed.narrative.results).toContain('已定制鼠标累计2378个');
    const found = mismatches(scoreForm(withExhibits(seed), { final: true }));
    expect(found.map(([s]) => s)).not.toContain('展项数量');
    expect(found.some(([, , m]) => m.includes('2378'))).toBe(false);
  });

  it('the whole seed report still finds 服务11723人次 against 参观人数 8757人次: the sentence cites its target 8000人次', () => {
    const found = mismatches(scoreForm(withExhibits(seed), { final: true }));
    expect(found).toEqual([['参观人数', '11723', '报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致。请核对，统一口径。']]);
  });

  it('the indicator named in the same clause: 展项数量达到45个 is reported', () => {
    expect(mismatches(scoreForm(withResults('2021年，展项数量达到45个，运行良好。')))).toEqual([
      ['展项数量', '45', '报告中写的 45个 与表中「展项数量」的实际完成值 38个 不一致。请核对，统一口径。'],
    ]);
  });

  it('the core of the name is enough (完成展项45个), the same figure as the table is not a finding (展项38个)', () => {
    expect(mismatches(scoreForm(withResults('全年完成展项45个。'))).map(([s, n]) => [s, n])).toEqual([['展项数量', '45']]);
    expect(mismatches(scoreForm(withResults('全年完成展项38个。')))).toEqual([]);
  });

  it('another thing counted in 个 in the same sentence is left alone; the nearest name wins', () => {
    expect(mismatches(scoreForm(withResults('已定制鼠标2378个，更新展项38个。')))).toEqual([]);
    expect(mismatches(scoreForm(withResults('更新展项38个，已定制鼠标2378个。')))).toEqual([]);
  });

  it('two indicators of one unit in one sentence: each figure goes to the name before it', () => {
    const found = mismatches(scoreForm(withResults('装修面积5859平方米，布展面积3300平方米。')));
    expect(found.map(([s, n]) => [s, n])).toEqual([['项目布展面积', '3300']]);
  });

  it('a synonym of the core ties too (参访 for 参观人数), a bare 服务 with no target cited does not', () => {
    expect(mismatches(scoreForm(withResults('全年参访9000人次。'))).map(([s, n]) => [s, n])).toEqual([['参观人数', '9000']]);
    expect(mismatches(scoreForm(withResults('全年服务11723人次。')))).toEqual([]);
  });

  it('the names the matcher reads: name, core without generic heads, synonyms', () => {
    expect(nameKeys('参观人数')).toEqual(['参观人数', '参观', '参访', '观众', '访客', '来访']);
    expect(nameKeys('项目布展面积')).toEqual(expect.arrayContaining(['项目布展面积', '布展']));
    expect(nameKeys('展项数量')).toEqual(['展项数量', '展项']);
    // A one-character core is too weak to tie anything.
    expect(nameKeys('人数')).toEqual(['人数']);
  });

  it('property: figures whose clause names no indicator and whose sentence cites no target are never findings', () => {
    const things = ['鼠标', '故障', '简报', '企业', '设备', '批次客人', '套餐', '会议'];
    const units = ['个', '人次', '平方米', '件', '次'];
    const clause = fc.tuple(fc.constantFrom(...things), fc.integer({ min: 1, max: 99999 }), fc.constantFrom(...units)).map(([t, n, u]) => `${t}${n}${u}`);
    fc.assert(
      fc.property(fc.array(fc.array(clause, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (sentences) => {
        // Targets of the table (8000人次, 5859/3234平方米, 38个) are avoided: citing one would be a tie.
        const text = sentences.map((s) => s.join('，')).join('。');
        fc.pre(!/(?<!\d)(8000人次|5859平方米|3234平方米|38个)/.test(text));
        expect(mismatches(scoreForm(withResults(text)))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('property: a figure right after the indicator\'s name is reported exactly when it differs from the table', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99999 }), fc.constantFrom('，', '。', '；'), (n, sep) => {
        const text = `鼠标累计2378个${sep}展项数量${n}个`;
        const found = mismatches(scoreForm(withResults(text)));
        expect(found.map(([s, v]) => [s, v])).toEqual(n === 38 ? [] : [['展项数量', String(n)]]);
      }),
      { numRuns: 200 },
    );
  });
});
