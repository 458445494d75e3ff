import { describe, expect, it } from 'vitest';
import { getRuleSet, listRuleSets, registerRuleSet, ruleSetForForm, scoreForm, type RuleSet } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { suzhou } from './helpers.js';

/** A second rule set, as plain data: other totals, bands, slopes, and grade bands. */
const test2022 = {
  name: 'test-2022',
  year: 2022,
  title: '测试用自评表（2022年度）',
  maxTotal: '100',
  meta: { source: 'test data', unverified: [], notes: [] },
  categories: [
    { id: 'input', label: '投入', total: '20', weighting: 'fixed', upperBand: '120', ruleRef: 'in' },
    { id: 'output', label: '产出', total: '40', weighting: 'equal', upperBand: '120', ruleRef: 'out' },
    { id: 'outcome', label: '效益', total: '30', weighting: 'equal', upperBand: '150', ruleRef: 'out' },
    { id: 'impact', label: '满意度', total: '10', weighting: 'equal', upperBand: '150', ruleRef: 'out' },
  ],
  commonIndicators: [
    { name: '预算执行率', category: 'input', weight: '10', target: '100%', source: 'executionRate' },
    { name: '资金使用合规性', category: 'input', weight: '10', target: '合规', source: 'user' },
  ],
  quantitative: { lowerBand: '100', belowSlope: '0.02', aboveSlope: '0.01' },
  qualitative: {
    grades: { 好: '1', 较好: '0.8', 一般: '0.6', 较差: '0.4', 差: '0.2' },
    targetWords: ['合规', '获得'],
    yesWords: ['是'],
    noPrefixes: ['不', '未'],
    noWords: ['否'],
  },
  parameters: {
    fractionalPoints: 'floor',
    percentReading: 'ratio',
    equalSplitRemainder: 'last',
    notApplicable: 'drop-weight',
    atMostUpperPenalty: false,
    qualitativeNo: 'zero',
    scorePlaces: 1,
    scoreRounding: 'halfUp',
  },
  alternatives: { fractionalPoints: ['linear', 'floor'] },
  gradeBands: [
    { min: '90', label: '优' },
    { min: '80', label: '良' },
    { min: '60', label: '中' },
    { min: '0', label: '差' },
  ],
  ruleTexts: { in: '投入：每低 1 个百分点扣 2%', out: '产出：每低 1 个百分点扣 2%', r3: '权重平均分配', r8: '无值无说明得 0 分', qualitative: '定性五级' },
  instructions: '测试',
};

const broken = (change: (rs: Record<string, any>) => void) => {
  const rs: Record<string, any> = structuredClone(test2022);
  rs.name = 'broken';
  change(rs);
  return () => registerRuleSet(rs);
};

describe('registering a rule set', () => {
  it('suzhou-2021 is registered, with its unverified values listed', () => {
    const rs = suzhou();
    expect(rs.year).toBe(2021);
    expect(rs.meta.unverified).toEqual(expect.arrayContaining(['categories.input.total (22)', 'categories.output.total (26)']));
    expect(listRuleSets().map((r) => r.name)).toContain('suzhou-2021');
  });

  it.each([
    ['a missing section', (rs: Record<string, any>) => delete rs.categories, /^invalid rule set: categories: /],
    ['a bad name', (rs: Record<string, any>) => (rs.name = 'Test 2022'), /^invalid rule set: name: /],
    ['a negative total', (rs: Record<string, any>) => (rs.categories[1].total = '-40'), /categories\.1\.total: expected a non-negative decimal/],
    ['a float instead of a decimal string', (rs: Record<string, any>) => (rs.quantitative.belowSlope = 0.02), /quantitative\.belowSlope/],
    ['an unknown parameter value', (rs: Record<string, any>) => (rs.parameters.fractionalPoints = 'round'), /parameters\.fractionalPoints/],
    ['a grade missing from the scale', (rs: Record<string, any>) => delete rs.qualitative.grades['差'], /qualitative\.grades/],
    ['totals that do not add up to maxTotal', (rs: Record<string, any>) => (rs.categories[1].total = '41'), /^invalid rule set broken: category totals sum to 101, not maxTotal 100$/],
    ['fixed weights that do not add up', (rs: Record<string, any>) => (rs.commonIndicators[0].weight = '9'), /category input: common indicator weights sum to 19, not its total 20/],
    ['a common indicator in a category the rule set lacks', (rs: Record<string, any>) => {
      rs.categories = rs.categories.filter((c: { id: string }) => c.id !== 'impact');
      rs.maxTotal = '90';
      rs.commonIndicators.push({ name: '满意度', category: 'impact', weight: '1', target: '≥85%', source: 'user' });
    }, /common indicator 满意度 in unknown category impact/],
    ['a category listed twice', (rs: Record<string, any>) => {
      rs.categories.push({ ...rs.categories[1] });
      rs.maxTotal = '140';
    }, /category output is listed twice/],
    ['a rule reference without its text', (rs: Record<string, any>) => (rs.categories[1].ruleRef = 'nowhere'), /category output: ruleRef nowhere has no text in ruleTexts/],
    ['a default that is not among its alternatives', (rs: Record<string, any>) => (rs.alternatives.fractionalPoints = ['linear', 'ceil']), /parameters\.fractionalPoints = floor is not among its alternatives \(linear, ceil\)/],
    ['an upper band below the lower band', (rs: Record<string, any>) => (rs.categories[1].upperBand = '90'), /upperBand 90 is below lowerBand 100/],
  ])('refuses %s with a clear message', (_what, change, message) => {
    expect(broken(change)).toThrow(message);
    expect(getRuleSet('broken')).toBeUndefined();
  });

  it('suzhou-2021 itself passes every consistency check (and re-registers as is)', () => {
    expect(() => registerRuleSet(structuredClone(suzhou()))).not.toThrow();
  });
});

describe('a second rule set works without any engine change', () => {
  const registered: RuleSet = registerRuleSet(structuredClone(test2022));

  it('is found by name and scores a form by its own totals, bands, slopes and rounding', () => {
    expect(getRuleSet('test-2022')).toEqual(registered);
    const form = seedForm();
    form.ruleSet = 'test-2022';
    form.indicators = [
      { category: 'input', name: '预算执行率', target: '100%' },
      { category: 'input', name: '资金使用合规性', target: '合规', actual: '合规' },
      { category: 'output', name: '甲', target: '=100', actual: '97.5' },
      { category: 'output', name: '乙', target: '=100', actual: '100' },
      { category: 'output', name: '丙', target: '=100', actual: '100' },
      { category: 'outcome', name: '丁', target: '=100', actual: '150' },
      { category: 'impact', name: '满意度', target: '≥85%', actual: '90%' },
    ];
    const s = scoreForm(form);
    expect(s.ruleSet).toBe('test-2022');
    expect(s.indicators.map((r) => [r.name, r.weight, r.score])).toEqual([
      // 74.68 % → floor(25.32) = 25 points × 2 % = 50 % of 10
      ['预算执行率', '10.00', '5.0'],
      ['资金使用合规性', '10.00', '10.0'],
      // 40 ÷ 3 → 13.33, 13.33, 13.34 (remainder last); 2.5 points floored to 2 → 4 %
      ['甲', '13.33', '12.8'],
      ['乙', '13.33', '13.3'],
      ['丙', '13.34', '13.3'],
      ['丁', '30.00', '30.0'],
      ['满意度', '10.00', '10.0'],
    ]);
    expect(s.total).toBe('94.4');
    expect(s.maxTotal).toBe('100.0');
    expect(s.grade).toBe('优');
    expect(s.categories.map((c) => [c.label, c.total, c.weight])).toEqual([
      ['投入', '20', '20.00'],
      ['产出', '40', '40.00'],
      ['效益', '30', '30.00'],
      ['满意度', '10', '10.00'],
    ]);
    expect(s.checks.filter((c) => c.code === 'weights.category-sum').every((c) => c.status === 'pass')).toBe(true);
  });

  it('is passed directly with { ruleSet } as well', () => {
    const s = scoreForm(seedForm(), { ruleSet: registered });
    expect(s.ruleSet).toBe('test-2022');
    expect(s.maxTotal).toBe('100.0');
  });

  it('suzhou-2021 gives no grade (no grade bands)', () => {
    expect(scoreForm(seedForm()).grade).toBeUndefined();
  });
});

describe('ruleSetForForm: by name, then by year', () => {
  registerRuleSet(structuredClone(test2022));

  it('picks the rule set the form names', () => {
    expect(ruleSetForForm({ ruleSet: 'suzhou-2021', project: { year: 2022 } }).name).toBe('suzhou-2021');
    expect(ruleSetForForm({ ruleSet: 'test-2022', project: { year: 2021 } }).name).toBe('test-2022');
  });

  it('else the newest rule set whose year is not after the project year', () => {
    expect(ruleSetForForm({ project: { year: 2021 } }).name).toBe('suzhou-2021');
    expect(ruleSetForForm({ project: { year: 2022 } }).name).toBe('test-2022');
    expect(ruleSetForForm({ project: { year: 2030 } }).name).toBe('test-2022');
    expect(ruleSetForForm({ ruleSet: 'no-such-set', project: { year: 2021 } }).name).toBe('suzhou-2021');
  });

  it('falls back to suzhou-2021 without a year, or for a year before every rule set', () => {
    expect(ruleSetForForm({}).name).toBe('suzhou-2021');
    expect(ruleSetForForm({ project: { year: 2019 } }).name).toBe('suzhou-2021');
  });
});
