import { describe, expect, it } from 'vitest';
import { dec, equalSplit, shareProportionally, str, sum, type Indicator } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { scoreAll, withParams } from './helpers.js';

const split = (total: string, n: number, to?: 'middle' | 'first' | 'last') => equalSplit(dec(total), n, to).map(str);

/** The seed's indicators without the weights the form states: the rule set supplies them. */
const seedWithoutWeights = (): Indicator[] => seedForm().indicators.map(({ weight: _w, selfScore: _s, ...rest }) => rest);

describe('equalSplit (填表说明第3条 and the middle-remainder decision)', () => {
  it('26 ÷ 3 → 8.66, 8.68, 8.66 (the seed)', () => {
    expect(split('26', 3)).toEqual(['8.66', '8.68', '8.66']);
  });

  it('26 ÷ 7 → the remainder to the middle one', () => {
    expect(split('26', 7)).toEqual(['3.71', '3.71', '3.71', '3.74', '3.71', '3.71', '3.71']);
  });

  it('6 ÷ 4 → 1.5 each, no remainder', () => {
    expect(split('6', 4)).toEqual(['1.5', '1.5', '1.5', '1.5']);
  });

  it('the remainder goes first or last when the rule set says so', () => {
    expect(split('26', 3, 'first')).toEqual(['8.68', '8.66', '8.66']);
    expect(split('26', 3, 'last')).toEqual(['8.66', '8.66', '8.68']);
    expect(split('26', 4, 'middle')).toEqual(['6.5', '6.5', '6.5', '6.5']);
    expect(split('26', 6, 'middle')).toEqual(['4.33', '4.33', '4.35', '4.33', '4.33', '4.33']);
  });

  it('n = 1 takes the whole total, n = 0 nothing', () => {
    expect(split('26', 1)).toEqual(['26']);
    expect(split('26', 0)).toEqual([]);
  });

  it('the rule set parameter equalSplitRemainder reaches the form', () => {
    const outputs: Indicator[] = ['甲', '乙', '丙'].map((name) => ({ category: 'output', name, target: '=1', actual: '1' }));
    const w = (to: 'first' | 'last') => scoreAll(outputs, { ruleSet: withParams({ equalSplitRemainder: to }) }).indicators.map((r) => r.weight);
    expect(w('first')).toEqual(['8.68', '8.66', '8.66']);
    expect(w('last')).toEqual(['8.66', '8.66', '8.68']);
  });
});

describe('weights of the form', () => {
  it('without weights on the form, the rule set gives the seed table', () => {
    const score = scoreAll(seedWithoutWeights());
    expect(score.indicators.map((r) => [r.name, r.weight, r.trace[0]])).toEqual([
      ['资金使用合规性', '4.00', { code: 'weight', weight: '4', source: 'common', ruleRef: 'r3' }],
      ['财务制度健全性', '2.00', { code: 'weight', weight: '2', source: 'common', ruleRef: 'r3' }],
      ['专款专用率', '4.00', { code: 'weight', weight: '4', source: 'common', ruleRef: 'r3' }],
      ['政府采购规范性', '2.00', { code: 'weight', weight: '2', source: 'common', ruleRef: 'r3' }],
      ['预算执行率', '8.00', { code: 'weight', weight: '8', source: 'common', ruleRef: 'r3' }],
      ['资金节约率', '2.00', { code: 'weight', weight: '2', source: 'common', ruleRef: 'r3' }],
      ['装修面积', '8.66', { code: 'weight', weight: '8.66', source: 'equal-split', ruleRef: 'r3' }],
      ['项目布展面积', '8.68', { code: 'weight', weight: '8.68', source: 'equal-split', ruleRef: 'r3' }],
      ['竣工完成度', '8.66', { code: 'weight', weight: '8.66', source: 'equal-split', ruleRef: 'r3' }],
      ['参观人数', '13.00', { code: 'weight', weight: '13', source: 'equal-split', ruleRef: 'r3' }],
      ['参观满意度', '13.00', { code: 'weight', weight: '13', source: 'equal-split', ruleRef: 'r3' }],
      ['运营管理体制建立建全', '3.00', { code: 'weight', weight: '3', source: 'equal-split', ruleRef: 'r3' }],
      ['获评国家级工业互联网体验中心', '3.00', { code: 'weight', weight: '3', source: 'equal-split', ruleRef: 'r3' }],
    ]);
  });

  it('weights given by the form are used as given (and the sum check says when they do not add up)', () => {
    const inds = seedWithoutWeights();
    inds[6] = { ...inds[6], weight: '10' };
    inds[7] = { ...inds[7], weight: '8' };
    inds[8] = { ...inds[8], weight: '8' };
    const score = scoreAll(inds);
    expect(score.indicators.slice(6, 9).map((r) => [r.weight, r.score])).toEqual([
      ['10.00', '10.00'],
      ['8.00', '8.00'],
      ['8.00', '8.00'],
    ]);
    expect(score.indicators[6].trace[0]).toEqual({ code: 'weight', weight: '10', source: 'given', ruleWeight: '8.66', ruleRef: 'r3' });
    expect(score.checks.find((c) => c.code === 'weights.category-sum' && c.subject === 'output')?.status).toBe('pass');
    inds[8] = { ...inds[8], weight: '9' };
    expect(scoreAll(inds).checks.find((c) => c.code === 'weights.category-sum' && c.subject === 'output')?.status).toBe('fail');
  });

  it('政府采购规范性 不适用: its 2 points are shared among the other 投入 indicators in proportion, still 22', () => {
    const inds = seedWithoutWeights().map((i) => (i.name === '政府采购规范性' ? { ...i, notApplicable: true } : i));
    const score = scoreAll(inds, { final: true });
    const input = score.indicators.filter((r) => r.category === 'input');
    expect(input.map((r) => [r.name, r.weight, r.status])).toEqual([
      ['资金使用合规性', '4.40', 'full'],
      ['财务制度健全性', '2.20', 'full'],
      ['专款专用率', '4.40', 'full'],
      ['政府采购规范性', '0.00', 'not-applicable'],
      ['预算执行率', '8.80', 'zero'],
      ['资金节约率', '2.20', 'zero'],
    ]);
    expect(str(sum(input.map((r) => dec(r.weight))))).toBe('22');
    expect(input[0].trace[0]).toMatchObject({ source: 'redistributed' });
    expect(input[3].trace.map((t) => t.code)).toEqual(['weight', 'not_applicable']);
    expect(score.categories[0]).toEqual({ id: 'input', label: '投入', total: '22', weight: '22.00', score: '11.00', count: 5 });
    expect(score.checks.filter((c) => c.code === 'weights.category-sum').every((c) => c.status === 'pass')).toBe(true);
    expect(score.maxTotal).toBe('80.00');
  });

  it('two 不适用 indicators: the shares still sum exactly to 22', () => {
    const inds = seedWithoutWeights().map((i) => (i.name === '政府采购规范性' || i.name === '资金节约率' ? { ...i, notApplicable: true } : i));
    const input = scoreAll(inds).indicators.filter((r) => r.category === 'input');
    expect(input.map((r) => r.weight)).toEqual(['4.88', '2.44', '4.88', '0.00', '9.80', '0.00']);
    expect(str(sum(input.map((r) => dec(r.weight))))).toBe('22');
  });

  it('notApplicable: drop-weight shrinks the category (and the form) instead of sharing out', () => {
    const inds = seedWithoutWeights().map((i) => (i.name === '政府采购规范性' ? { ...i, notApplicable: true } : i));
    const score = scoreAll(inds, { ruleSet: withParams({ notApplicable: 'drop-weight' }), final: true });
    expect(score.indicators.filter((r) => r.category === 'input').map((r) => r.weight)).toEqual(['4.00', '2.00', '4.00', '0.00', '8.00', '2.00']);
    expect(score.categories[0]).toMatchObject({ total: '20', weight: '20.00' });
    expect(score.maxTotal).toBe('78.00');
    expect(score.checks.filter((c) => c.code === 'weights.category-sum').map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('不适用 only counts for common indicators that allow it', () => {
    const inds = seedWithoutWeights().map((i) =>
      i.name === '预算执行率' || i.name === '装修面积' ? { ...i, notApplicable: true } : i,
    );
    const score = scoreAll(inds);
    // 预算执行率 may not be 不适用; an approved 产出 indicator cannot leave the table either.
    expect(score.indicators.find((r) => r.name === '预算执行率')).toMatchObject({ weight: '8.00', status: 'zero' });
    expect(score.indicators.filter((r) => r.category === 'output').map((r) => [r.weight, r.status])).toEqual([
      ['8.66', 'full'],
      ['8.68', 'full'],
      ['8.66', 'full'],
    ]);
  });

  it('a 不适用 row leaves the table with its self-score', () => {
    const inds = seedForm().indicators.map(({ weight: _w, ...i }) => (i.name === '政府采购规范性' ? { ...i, notApplicable: true } : i));
    const score = scoreAll(inds);
    expect(score.selfTotal).toBe('78.00');
    expect(score.findings.filter((f) => f.subject === '政府采购规范性')).toEqual([]);
  });

  it('shareProportionally truncates to 0.01 and gives the remainder to the largest', () => {
    expect(shareProportionally(['4', '2', '4', '8'].map(dec), dec(4)).map(str)).toEqual(['4.88', '2.44', '4.88', '9.8']);
    expect(shareProportionally(['1', '1', '1'].map(dec), dec(1)).map(str)).toEqual(['1.34', '1.33', '1.33']);
    expect(shareProportionally([], dec(1))).toEqual([]);
  });
});
