// The national text reader over random forms: whatever the form, written in the Word export's text
// layout with any of its variations (CRLF, full-width digits, merged cells dropped, second level
// repeated), it reads back the same project, funds, indicators and total.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NationalForm, type NationalFormInput, type NationalIndicator } from '../../rules/index.js';
import { importNationalText } from '../../src/import/national.js';
import { writeNationalLayout } from './nationalLayout.js';

const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 100) };

const num = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((v) => (v % 100 === 0 ? String(v / 100) : (v / 100).toFixed(2).replace(/0$/, '')));
const LEVEL2 = { output: ['数量指标', '质量指标', '时效指标', '成本指标'], benefit: ['社会效益指标', '经济效益指标', '可持续影响指标'], satisfaction: ['服务对象满意度指标'] } as const;
const name = fc.stringMatching(/^[\u4e00-\u9fa5]{2,10}$/);

const indicator = fc
  .record({
    level1: fc.constantFrom('output' as const, 'benefit' as const, 'satisfaction' as const),
    l2: fc.nat(3),
    name,
    target: fc.oneof(num(5000).map((n) => `≥${n}个`), num(500).map((n) => `≤${n}元/人`), num(100).map((n) => `${n}%`), fc.constantFrom('按时拨付', '有效提升', '建立')),
    actual: fc.option(fc.oneof(num(6000).map((n) => `${n}个`), fc.constantFrom('达成', '部分达成', '未达成')), { nil: undefined }),
    weight: fc.option(num(30), { nil: undefined }),
    selfScore: fc.option(num(30), { nil: undefined }),
    deviation: fc.option(fc.stringMatching(/^[\u4e00-\u9fa5，]{1,30}$/), { nil: undefined }),
  })
  .map(({ l2, ...r }): NationalIndicator => {
    const list = LEVEL2[r.level1];
    const out: NationalIndicator = { level1: r.level1, level2: list[l2 % list.length], name: r.name, target: r.target };
    if (r.actual !== undefined) out.actual = r.actual;
    if (r.weight !== undefined) out.weight = r.weight;
    if (r.selfScore !== undefined) out.selfScore = r.selfScore;
    if (r.deviation !== undefined) out.deviation = r.deviation;
    return out;
  });

const fundRow = fc.record({ initial: num(9999), annual: num(9999), executed: num(9999) });
const formArb = fc.record({
  name,
  year: fc.integer({ min: 2015, max: 2030 }),
  department: name,
  implementer: name,
  total: fundRow,
  fiscal: fundRow,
  carryover: fundRow,
  other: fundRow,
  indicators: fc.array(indicator, { minLength: 1, maxLength: 20 }),
  selfTotal: num(100),
});
const options = fc.record({ crlf: fc.boolean(), fullWidthDigits: fc.boolean(), dropMerged: fc.boolean(), repeatLevel2: fc.boolean() });

/** Indicators grouped as a Word table shows them: by first level, then second level, in first-seen order. */
function grouped(indicators: NationalIndicator[]): NationalIndicator[] {
  const order = ['output', 'benefit', 'satisfaction'];
  return [...indicators].sort((a, b) => order.indexOf(a.level1) - order.indexOf(b.level1));
}

describe('national text layout, any form', () => {
  it('reads back what was written, in every export variation', () => {
    fc.assert(
      fc.property(formArb, options, (f, o) => {
        const input: NationalFormInput = {
          template: 'national',
          project: { name: f.name, year: f.year, department: f.department, implementer: f.implementer },
          funds: { total: f.total, fiscal: f.fiscal, carryover: f.carryover, other: f.other, points: '10' },
          indicators: grouped(f.indicators),
          selfTotal: f.selfTotal,
        };
        const r = importNationalText(writeNationalLayout(input, o));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const want = NationalForm.parse(input);
        expect(r.form.project).toEqual(want.project);
        expect(r.form.funds.total).toEqual(want.funds.total);
        expect(r.form.funds.other).toEqual(want.funds.other);
        expect(r.form.indicators).toEqual(want.indicators);
        expect(r.form.selfTotal).toBe(want.selfTotal);
        expect(r.issues).toEqual([]);
      }),
      RUNS,
    );
  });
});
