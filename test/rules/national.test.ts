import { describe, expect, it } from 'vitest';
import {
  detectTemplate,
  explainGrade,
  findAnyRuleSet,
  getNationalRuleSet,
  getRuleSet,
  listAnyRuleSets,
  nationalAuditJson,
  nationalAuditText,
  NationalForm,
  nationalRuleSetFor,
  registerNationalRuleSet,
  renderWhatIf,
  ruleSetForForm,
  scoreNationalForm,
  templateOfRuleSet,
  whatIf,
  type NationalRuleSet,
} from '../../rules/index.js';
import { EXAMPLE_SCORES, exampleNationalForm, nationalWith } from './nationalHelpers.js';

const rs = (): NationalRuleSet => getNationalRuleSet('national-2020')!;
const one = (ind: Partial<NationalForm['indicators'][number]> & { target: string }, ruleSet?: NationalRuleSet) =>
  scoreNationalForm(nationalWith([{ level1: 'output', name: '测试指标', weight: '10', ...ind }]), ruleSet ? { ruleSet } : {}).rows[1];
const codes = (ind: Parameters<typeof one>[0]) => one(ind).trace.map((s) => s.code);

describe('national-2020: the spec example', () => {
  it('scores 93.50, 优, with the per-row scores of the spec', () => {
    const score = scoreNationalForm(exampleNationalForm());
    expect(score.ruleSet).toBe('national-2020');
    expect(score.rows.map((r) => [r.name, r.score])).toEqual(EXAMPLE_SCORES);
    expect(score.total).toBe('93.50');
    expect(score.grade).toBe('优');
    expect(score.selfTotal).toBe('93.50');
    expect(score.checks).toEqual([]);
  });

  it('the audit lists every unverified value and explains the grade', () => {
    const form = NationalForm.parse(exampleNationalForm());
    const score = scoreNationalForm(form);
    const json = nationalAuditJson(score, rs(), form);
    expect(json.unverified.length).toBeGreaterThanOrEqual(5);
    expect(json.unverified.join('\n')).toMatch(/gradeBands/);
    expect(json.gradeExplanation).toContain('等级为“优”');
    const text = nationalAuditText(score, rs(), form);
    expect(text).toContain('尚未与官方文件核实');
    expect(text).toContain('总分 93.50 / 100');
    expect(text).toMatch(/新建社区助餐点[\s\S]*扣 1 分/);
  });
});

describe('national-2020: rows', () => {
  it('预算执行率 = 10 × 执行数 ÷ 预算数, at most 10', () => {
    const over = scoreNationalForm(nationalWith([], { funds: { total: { annual: '100', executed: '120' }, fiscal: {}, carryover: {}, other: {} } }));
    expect(over.rows[0].score).toBe('10.00');
    const part = scoreNationalForm(nationalWith([], { funds: { total: { annual: '300', executed: '200' }, fiscal: {}, carryover: {}, other: {} } }));
    expect(part.rows[0].score).toBe('6.67');
    expect(part.checks.map((c) => c.code)).toContain('indicators.none');
    expect(over.checks.map((c) => c.code)).toContain('funds.executed-over-budget');
  });

  it('tiered budget scoring is a parameter', () => {
    const tiered = { ...structuredClone(rs()), name: 'national-tiered', parameters: { ...rs().parameters, budgetScoring: 'tiered' as const } };
    const score = scoreNationalForm(exampleNationalForm(), { ruleSet: tiered });
    expect(score.rows[0].score).toBe('8.00'); // 95% reaches the 90% tier: 0.8 × 10
  });

  it('an atLeast target below scores 分值 × 实际 ÷ 目标, an atMost target above 分值 × 目标 ÷ 实际', () => {
    expect(one({ target: '≥30个', actual: '28个', weight: '15' }).score).toBe('14.00');
    expect(one({ target: '不低于200人', actual: '150人' }).score).toBe('7.50');
    expect(one({ target: '≤480元/人', actual: '600元/人' }).score).toBe('8.00');
    expect(one({ target: '5天以内', actual: '4天' }).score).toBe('10.00');
    expect(one({ target: '=100%', actual: '100%' }).score).toBe('10.00');
  });

  it('no deduction above the target, but a note above 150%', () => {
    const r = one({ target: '≥10个', actual: '20个' });
    expect(r.score).toBe('10.00');
    expect(r.trace.map((s) => s.code)).toContain('over_completion');
    expect(codes({ target: '≥10个', actual: '15个' })).not.toContain('over_completion');
  });

  it('converts 万元 and 元, refuses 人 vs 人次', () => {
    expect(one({ target: '≤2万元', actual: '25000元' }).score).toBe('8.00');
    const r = one({ target: '≥100人', actual: '100人次' });
    expect(r.score).toBe('0.00');
    expect(r.trace.map((s) => s.code)).toContain('unit_mismatch');
  });

  it('a missing actual scores 0 and is a finding; a loss without 偏差原因 is a finding', () => {
    const score = scoreNationalForm(nationalWith([{ level1: 'output', name: '甲', target: '≥10个', weight: '10' }, { level1: 'output', name: '乙', target: '≥10个', actual: '5个', weight: '10' }]));
    expect(score.rows[1].score).toBe('0.00');
    expect(score.checks.map((c) => c.code)).toEqual(expect.arrayContaining(['indicator.missing-actual', 'indicator.deviation-missing']));
  });

  it('qualitative: the self-score inside its 档, else the 档 upper bound', () => {
    expect(one({ target: '有效提升', actual: '部分达成', weight: '20', selfScore: '15' }).score).toBe('15.00');
    expect(one({ target: '有效提升', actual: '部分达成', weight: '20', selfScore: '20' }).score).toBe('16.00');
    expect(one({ target: '有效提升', actual: '部分达成', weight: '20' }).score).toBe('16.00');
    expect(one({ target: '建立', actual: '未建立', weight: '10', selfScore: '3' }).score).toBe('3.00');
    expect(one({ target: '建立', actual: '已建立', weight: '10', selfScore: '9' }).score).toBe('9.00');
    expect(one({ target: '建立', actual: '已建立', weight: '10' }).score).toBe('10.00');
    // the 档 the user gave wins over the words
    expect(one({ target: '建立', actual: '正在推进', band: 'partial', weight: '10' }).score).toBe('8.00');
  });

  it('qualitative words that do not say a 档 ask for one and score 0 meanwhile', () => {
    const r = one({ target: '有效提升', actual: '见附件', weight: '10' });
    expect(r.status).toBe('needs-band');
    expect(r.score).toBe('0.00');
  });

  it('a word for a number ("达成" against ≥95%) is scored by its 档 and the figure is asked for', () => {
    const form = nationalWith([{ level1: 'output', name: '合格率', target: '≥95%', actual: '达成', weight: '10', selfScore: '9' }, { level1: 'output', name: '覆盖率', target: '≥95%', actual: '基本完成', weight: '10' }]);
    const score = scoreNationalForm(form);
    expect(score.rows[1].score).toBe('9.00'); // 90 % lies in 达成's 80–100 %
    expect(score.rows[2].score).toBe('8.00'); // 部分达成's upper bound
    expect(score.checks.filter((c) => c.code === 'indicator.word-for-number').map((c) => c.subject)).toEqual(['合格率', '覆盖率']);
  });

  it('an approximate actual (约28个, 95%以上) is scored by the figure it names and asks for the exact one', () => {
    const score = scoreNationalForm(nationalWith([{ level1: 'output', name: '甲', target: '≥30个', actual: '约28个', weight: '15' }, { level1: 'output', name: '乙', target: '≥95%', actual: '96%以上', weight: '10' }]));
    expect(score.rows.slice(1).map((r) => r.score)).toEqual(['14.00', '10.00']);
    expect(score.checks.filter((c) => c.code === 'indicator.approximate-actual').map((c) => c.subject)).toEqual(['甲', '乙']);
  });

  it('words that name no 档 take the 档 of the self-score (and ask to confirm); without one they score 0', () => {
    const r = scoreNationalForm(nationalWith([{ level1: 'benefit', name: '质量', target: '有效提升', actual: '明显提升', weight: '20', selfScore: '18' }]));
    expect(r.rows[1]).toMatchObject({ band: 'met', score: '18.00' });
    expect(r.checks.map((c) => c.code)).toContain('indicator.band-from-self');
    expect(one({ target: '有效提升', actual: '明显提升', weight: '20' }).score).toBe('0.00');
  });

  it('reads the usual words for each 档', () => {
    for (const [actual, band] of [['满意', 'met'], ['良好', 'met'], ['已建立', 'met'], ['基本满意', 'partial'], ['较好', 'partial'], ['未建立', 'unmet'], ['否', 'unmet']] as const) {
      expect(one({ target: '建立', actual }).band).toBe(band);
    }
  });

  it('band-upper ignores the self-score', () => {
    const upper = { ...structuredClone(rs()), name: 'national-upper', parameters: { ...rs().parameters, qualitativeBandPoint: 'band-upper' as const } };
    expect(one({ target: '有效提升', actual: '部分达成', weight: '20', selfScore: '15' }, upper).score).toBe('16.00');
  });
});

describe('national-2020: checks, grade, what-if', () => {
  it('sub-rows that do not sum to 年度资金总额 are an error; weights off 50/30/10 a warning', () => {
    const form = exampleNationalForm();
    form.funds!.fiscal = { initial: '600', annual: '550', executed: '531' };
    form.indicators![0].weight = '20';
    const score = scoreNationalForm(form);
    const byCode = Object.fromEntries(score.checks.map((c) => [c.code, c.severity]));
    expect(byCode['funds.sum']).toBe('error');
    expect(byCode['weights.level-sum']).toBe('warning');
  });

  it('grades 优/良/中/差 at 90/80/60', () => {
    const at = (executed: string, weightLost: string) => {
      const form = nationalWith([{ level1: 'output', name: '甲', target: '≥100个', actual: String(100 - Number(weightLost)) + '个', weight: '90', deviation: '原因' }], {
        funds: { total: { annual: '100', executed }, fiscal: {}, carryover: {}, other: {} },
      });
      return scoreNationalForm(form).grade;
    };
    expect(at('100', '0')).toBe('优');
    expect(at('100', '12')).toBe('良'); // 10 + 79.2 = 89.20
    expect(at('0', '30')).toBe('中'); // 63
    expect(at('0', '40')).toBe('差'); // 54
  });

  it('why the grade, and how many points to 优', () => {
    const form = exampleNationalForm();
    form.indicators![1].actual = '18个'; // 15 × 18 ÷ 30 = 9
    form.indicators![5].selfScore = '12';
    const score = scoreNationalForm(form);
    expect(score.total).toBe('85.50');
    expect(score.grade).toBe('良');
    expect(explainGrade(score, rs())).toContain('离“优”还差 4.50 分');
    const w = whatIf(score, rs())!;
    expect(w.gap).toBe('4.50');
    expect(w.options[0]).toMatchObject({ name: '老年人居家生活质量', lost: '8.00' });
    expect(renderWhatIf(w)).toContain('还差 4.50 分到“优”');
  });
});

describe('templates and the registry', () => {
  it('keys rule sets by name and year; the rule set names its template; Suzhou unchanged', () => {
    expect(findAnyRuleSet('national-2020')?.template).toBe('national');
    expect(findAnyRuleSet('suzhou-2021')?.template).toBe('suzhou');
    expect(templateOfRuleSet('national-2020')?.indicatorTable.levels.map((l) => l.points)).toEqual(['50', '30', '10']);
    expect(listAnyRuleSets().map((r) => r.name)).toEqual(expect.arrayContaining(['suzhou-2021', 'national-2020']));
    // A Suzhou form of 2020 still gets the Suzhou rule set.
    expect(ruleSetForForm({ project: { year: 2020 } }).name).toBe('suzhou-2021');
    expect(getRuleSet('national-2020')).toBeUndefined();
    expect(nationalRuleSetFor({ project: { year: 2023 } }).name).toBe('national-2020');
  });

  it('a malformed national rule set is refused at load', () => {
    expect(() => registerNationalRuleSet({ ...rs(), name: 'bad', points: { ...rs().points, budget: '20' } })).toThrow(/points sum/);
  });

  it('recognises a layout by its labels', () => {
    expect(detectTemplate(['项目支出绩效自评表', '一级指标', '三级指标', '年度指标值'])).toBe('national');
    expect(detectTemplate(['苏州市级财政支出项目绩效自评表', '市级预算执行情况（万元）', '指标名称'])).toBe('suzhou');
    expect(detectTemplate(['项目名称', '随便什么'])).toBeUndefined();
  });
});
