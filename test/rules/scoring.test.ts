import { describe, expect, it } from 'vitest';
import { scoreOne, withParams, codes } from './helpers.js';

describe('qualitative indicators (domain.md §4.3)', () => {
  it.each([
    ['好', '10.00', 'full'],
    ['较好', '8.00', 'partial'],
    ['一般', '6.00', 'partial'],
    ['较差', '4.00', 'partial'],
    ['差', '2.00', 'partial'],
  ])('grade %s earns its share of the weight', (grade, score, status) => {
    const r = scoreOne({ target: '合规', actual: grade });
    expect([r.score, r.status, r.kind]).toEqual([score, status, 'qualitative']);
    expect(r.trace[1]).toMatchObject({ code: 'qualitative_grade', grade, chosen: 'actual' });
  });

  it('a grade the user picked wins over the text', () => {
    const r = scoreOne({ target: '规范', actual: '基本规范', grade: '较好' });
    expect(r.score).toBe('8.00');
    expect(r.trace[1]).toEqual({ code: 'qualitative_grade', grade: '较好', fraction: '0.8', chosen: 'user', ruleRef: 'qualitative' });
  });

  it.each([
    ['合规', '合规'],
    ['健全', '健全'],
    ['获得', '获得'],
    ['获得', '已获得'],
    ['建立', '已建立'],
    ['完成', '均已完成'],
    ['合规', '全部合规'],
    ['合规', '是'],
    ['合规', '符合'],
    ['合规', '合规。'],
  ])('target %s met by %s → full marks', (t, a) => {
    const r = scoreOne({ target: t, actual: a });
    expect([r.score, r.status]).toEqual(['10.00', 'full']);
    expect(codes(r)).toEqual(['qualitative_met', 'score']);
  });

  it.each([
    ['合规', '不合规'],
    ['获得', '未获得'],
    ['建立', '没有建立'],
    ['达到', '未达到'],
    ['获得', '否'],
    ['合规', '无'],
  ])('target %s with a clear no %s → 0 (not 差)', (t, a) => {
    const r = scoreOne({ target: t, actual: a });
    expect([r.score, r.status]).toEqual(['0.00', 'zero']);
    expect(codes(r)).toEqual(['qualitative_no', 'score']);
    expect(r.advice).toEqual({ kind: 'qualitative', target: t });
  });

  it('qualitativeNo: lowest-grade gives 差 (20 %) to a clear no', () => {
    const r = scoreOne({ target: '合规', actual: '不合规' }, { ruleSet: withParams({ qualitativeNo: 'lowest-grade' }) });
    expect([r.score, r.status]).toEqual(['2.00', 'partial']);
  });

  it.each([
    ['合规', '部分合规'],
    ['合规', '基本合规'],
    ['健全', '基本健全'],
    ['完成', '已部分完成'],
    ['获得', '已取消'],
    ['规范', '非常规范'],
    ['完成', '未全部完成'],
    ['合规', '健全'],
    ['合规', '一般般'],
    ['合规', '100%'],
  ])('target %s with an unclear %s → needs a grade, 0 for now', (t, a) => {
    const r = scoreOne({ target: t, actual: a });
    expect([r.score, r.status]).toEqual(['0.00', 'needs-grade']);
    expect(r.trace[1]).toEqual({ code: 'qualitative_ungraded', target: t, actual: a });
  });

  it('words that are names of object properties are just words (toString, constructor)', () => {
    for (const a of ['toString', 'valueOf', 'constructor', '__proto__']) {
      const r = scoreOne({ target: '合规', actual: a });
      expect([r.score, r.status]).toEqual(['0.00', 'needs-grade']);
    }
  });

  it('an empty actual is a missing value (provisional with a note)', () => {
    expect(codes(scoreOne({ target: '合规', actual: '' }))).toEqual(['missing_value', 'score']);
    expect(scoreOne({ target: '合规' }).status).toBe('zero');
    expect(scoreOne({ target: '合规', note: '审计未完成' }).status).toBe('provisional');
  });
});

describe('quantitative indicators (domain.md §4.2)', () => {
  it('below the target: 5 % of the weight per point', () => {
    const r = scoreOne({ target: '=100', actual: '90' });
    expect(r.score).toBe('5.00');
    expect(r.completion).toBe('90');
    expect(r.trace.slice(1)).toEqual([
      { code: 'completion', direction: 'equal', target: '100', actual: '90', unit: '', completion: '90', reading: 'ratio' },
      { code: 'below_target', points: '10', counted: '10', slope: '0.05', deduction: '0.5', ruleRef: 'r7-output' },
      { code: 'score', raw: '5', score: '5.00', weight: '10', places: 2 },
    ]);
    expect(r.advice).toEqual({ kind: 'quantitative', fullFrom: '100', unit: '', nearby: { actual: '95', score: '7.50' } });
  });

  it('20 or more points below: 0, the floor', () => {
    expect(scoreOne({ target: '=100', actual: '80' }).score).toBe('0.00');
    const r = scoreOne({ target: '=100', actual: '0' });
    expect([r.score, r.status]).toEqual(['0.00', 'zero']);
    expect(codes(r)).toEqual(['completion', 'below_target', 'floor_applied', 'score']);
  });

  it.each([
    ['output', '130', '10.00'],
    ['output', '131', '9.90'],
    ['output', '150', '8.00'],
    ['output', '230', '0.00'],
    ['input', '131', '9.90'],
    ['outcome', '200', '10.00'],
    ['outcome', '201', '9.90'],
    ['outcome', '250', '5.00'],
    ['impact', '200', '10.00'],
    ['impact', '210', '9.00'],
  ] as const)('%s at %s %% of the target → %s (1 %% per percent above the band)', (category, a, score) => {
    expect(scoreOne({ category, target: '=100', actual: a }).score).toBe(score);
  });

  it('above the band the advice says the actual for full marks and asks why', () => {
    const r = scoreOne({ category: 'outcome', target: '=8000人次', actual: '30000人次' });
    expect(r.advice).toEqual({ kind: 'quantitative', fullUpTo: '16000', unit: '人次' });
    expect(codes(r)).toEqual(['completion', 'above_band', 'floor_applied', 'score']);
  });

  it('atMost targets: at or under the target is full, over it is c = T ÷ A × 100', () => {
    const under = scoreOne({ category: 'input', name: '资金节约率', target: '15%及其以下', actual: '10%' });
    expect([under.score, under.completion]).toEqual(['10.00', '100']);
    expect(codes(under)).toEqual(['completion', 'at_most_met', 'score']);
    const over = scoreOne({ category: 'input', name: '资金节约率', target: '15%及其以下', actual: '20%' });
    expect(over.completion).toBe('75');
    expect(over.score).toBe('0.00'); // 25 points × 5 % > 100 %
    const slightlyOver = scoreOne({ target: '≤15%', actual: '15.5%' }); // c = 96.77…, 3.23 points → 83.87 %
    expect(slightlyOver.score).toBe('8.39');
  });

  it('atMostUpperPenalty: true applies the upper band to atMost targets (10 % against ≤15 % is c = 150)', () => {
    const r = scoreOne({ target: '15%及其以下', actual: '10%' }, { ruleSet: withParams({ atMostUpperPenalty: true }) });
    expect([r.completion, r.score]).toEqual(['150', '8.00']);
  });

  it('T = 0: equal/atMost full only at 0, atLeast full from 0', () => {
    expect(scoreOne({ target: '=0', actual: '0' }).score).toBe('10.00');
    expect(scoreOne({ target: '=0', actual: '1' }).score).toBe('0.00');
    expect(scoreOne({ target: '≤0', actual: '0' }).score).toBe('10.00');
    expect(scoreOne({ target: '≤0起', actual: '2起' }).score).toBe('0.00');
    expect(scoreOne({ target: '≥0', actual: '5' }).score).toBe('10.00');
    expect(scoreOne({ target: '=0', actual: '1' }).trace[1]).toEqual({ code: 'zero_target', direction: 'equal', actual: '1', met: false });
  });

  it('a negative actual is an input error, never a score', () => {
    const r = scoreOne({ target: '=100', actual: '-5' });
    expect([r.score, r.status]).toEqual(['0.00', 'zero']);
    expect(r.trace[1]).toEqual({ code: 'negative_actual', value: '-5' });
    expect(scoreOne({ target: '=100', actual: '-0' }).trace[1].code).toBe('completion');
  });

  it('units that do not convert: 人 against 人次 is a mismatch, not a score', () => {
    const r = scoreOne({ target: '=8000人次', actual: '8757人' });
    expect(r.trace[1]).toEqual({ code: 'unit_mismatch', targetUnit: '人次', actualUnit: '人' });
    expect(r.advice).toEqual({ kind: 'fix-unit', unit: '人次' });
    expect(r.score).toBe('0.00');
  });

  it('units that convert: target 100万元, actual 1000000元 is full', () => {
    const r = scoreOne({ target: '=100万元', actual: '1000000元' });
    expect([r.score, r.completion]).toEqual(['10.00', '100']);
    expect(scoreOne({ target: '=100万元', actual: '900000元' }).score).toBe('5.00');
    expect(scoreOne({ target: '≥1万人次', actual: '12000人次' }).score).toBe('10.00');
  });

  it('the 满意度 example of §4.2: 80 % against 85 %', () => {
    const ratio = scoreOne({ category: 'outcome', target: '=85%', actual: '80%', weight: '13' });
    expect(ratio.score).toBe('9.18');
    expect(ratio.completion?.startsWith('94.1176470588')).toBe(true);
    const points = scoreOne({ category: 'outcome', target: '=85%', actual: '80%', weight: '13' }, { ruleSet: withParams({ percentReading: 'points' }) });
    expect(points.score).toBe('9.75');
    expect(points.trace[2]).toEqual({ code: 'below_target', points: '5', counted: '5', slope: '0.05', deduction: '0.25', ruleRef: 'r7-outcome' });
  });

  it('percentReading only changes percent targets', () => {
    const r = scoreOne({ target: '=100', actual: '90' }, { ruleSet: withParams({ percentReading: 'points' }) });
    expect(r.score).toBe('5.00');
  });

  it('fractionalPoints: linear, floor or ceil the points below', () => {
    expect(scoreOne({ target: '=100', actual: '97.5' }).score).toBe('8.75');
    expect(scoreOne({ target: '=100', actual: '97.5' }, { ruleSet: withParams({ fractionalPoints: 'floor' }) }).score).toBe('9.00');
    expect(scoreOne({ target: '=100', actual: '97.5' }, { ruleSet: withParams({ fractionalPoints: 'ceil' }) }).score).toBe('8.50');
    const floor = scoreOne({ target: '=100', actual: '97.5' }, { ruleSet: withParams({ fractionalPoints: 'floor' }) });
    expect(floor.trace[2]).toEqual({ code: 'below_target', points: '2.5', counted: '2', slope: '0.05', deduction: '0.1', ruleRef: 'r7-output' });
    expect(scoreOne({ target: '=100', actual: '131.5' }, { ruleSet: withParams({ fractionalPoints: 'ceil' }) }).score).toBe('9.80');
  });

  it('scoreRounding and scorePlaces come from the rule set', () => {
    const r = scoreOne({ target: '=100', actual: '97.55' }, { ruleSet: withParams({ scoreRounding: 'floor' }) });
    expect(r.score).toBe('8.77'); // raw 8.775
    expect(scoreOne({ target: '=100', actual: '97.55' }).score).toBe('8.78');
    expect(scoreOne({ target: '=100', actual: '97.55' }, { ruleSet: withParams({ scorePlaces: 1 }) }).score).toBe('8.8');
  });

  it('rounds the exact score, not a rounded completion (≥90 %, actual 81.3 %, weight 1.5 → 0.775 → 0.78)', () => {
    // c = 90.333…; 1.5 × (1 − 0.05 × 9.666…) = 0.775 exactly. Carrying c as a 40-digit decimal gave 0.77.
    const r = scoreOne({ category: 'impact', target: '≥90%', actual: '81.3%', weight: '1.5' });
    expect(r.score).toBe('0.78');
    expect(scoreOne({ target: '=9个', actual: '7.5个', weight: '1.35' }).score).toBe('0.23');
    expect(scoreOne({ target: '=6个', actual: '5个', weight: '8.67' }).score).toBe('1.45');
  });

  it('a missing value scores 0; with a note it is provisional', () => {
    const bare = scoreOne({ target: '=100' });
    expect([bare.score, bare.status]).toEqual(['0.00', 'zero']);
    expect(bare.trace[1]).toEqual({ code: 'missing_value', explained: false, ruleRef: 'r8' });
    expect(bare.advice).toEqual({ kind: 'provide-value', target: '=100' });
    const noted = scoreOne({ target: '=100', note: '统计数据次年3月公布' });
    expect([noted.score, noted.status]).toEqual(['0.00', 'provisional']);
    expect(noted.trace[1]).toEqual({ code: 'missing_value', explained: true, ruleRef: 'r8' });
  });

  it('an actual that is not a number is treated as no value', () => {
    for (const a of ['15%及其以下', '约90', '合规', '较好']) {
      const r = scoreOne({ target: '=100', actual: a });
      expect([r.score, r.status]).toEqual(['0.00', 'zero']);
      expect(r.trace[1]).toEqual({ code: 'not_a_number', text: a, explained: false, ruleRef: 'r8' });
    }
    expect(scoreOne({ target: '=100', actual: '约90', note: '台账未汇总' }).status).toBe('provisional');
  });

  it('no target: 0 and asks for it', () => {
    const r = scoreOne({ target: '', actual: '5' });
    expect([r.score, r.kind]).toEqual(['0.00', 'unknown']);
    expect(codes(r)).toEqual(['target_missing', 'score']);
  });
});
