import { describe, expect, it } from 'vitest';
import {
  explainIndicator,
  renderAdvice,
  renderStep,
  scoreForm,
  summarizeIndicator,
  type IndicatorResult,
  type TraceCode,
} from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { scoreAll, scoreOne, suzhou, withParams } from './helpers.js';

const rs = suzhou();
const seed = scoreForm(seedForm());
const byName = (name: string) => seed.indicators.find((r) => r.name === name)!;

describe('the 预算执行率 explanation of the seed (domain.md §5)', () => {
  const text = explainIndicator(byName('预算执行率'), rs);

  it('gives the figures, the rule, the score and what it would take', () => {
    for (const part of ['74.68', '812.101021', '1087.5', '25.32', '0 分', '权重 8 分', '每低于目标1个百分点扣权重的5%', '126.62%', '要得满分需达到 100%', '达到 90%', '4.00 分']) {
      expect(text).toContain(part);
    }
  });

  it('reads as one explanation', () => {
    expect(text).toBe(
      '「预算执行率」（投入类）：目标 100%；实际 74.68%（实际支付数 812.101021 ÷ 调整后预算 1087.5）；低于目标 25.32 个百分点；' +
        '填表说明第4条：投入类同产出类，每低于目标1个百分点扣权重的5%，超过130%的每超过1%扣权重的1%，扣权重 8 分的 126.62%，约 10.13 分；' +
        '扣的分超过了权重 8 分，按 0 分计；得 0.00 分（权重 8 分）。' +
        '要得满分需达到 100%（实际支付数 1087.5 万元）；达到 90% 可得 4.00 分。' +
        '自评分填的是 8.00 分，与规则得分不一致。',
    );
  });

  it('the one-line summary gives the main reason', () => {
    expect(summarizeIndicator(byName('预算执行率'), rs)).toBe('「预算执行率」得 0.00 分（权重 8 分）：低于目标 25.32 个百分点。');
    expect(summarizeIndicator(byName('参观人数'), rs)).toBe('「参观人数」得 13.00 分（权重 13 分）。');
  });
});

describe('other explanations of the seed', () => {
  it('资金节约率: not a number, no note → 0 by rule 8', () => {
    expect(explainIndicator(byName('资金节约率'), rs)).toBe(
      '「资金节约率」（投入类）：实际完成值“15%及其以下”不是具体数值，且无说明；填表说明第4条：某项指标无法提供具体数值，且无说明，得0分；得 0.00 分（权重 2 分）。' +
        '请填写具体的实际完成值（目标 15%及其以下），即可按规则计分。自评分填的是 2.00 分，与规则得分不一致。',
    );
  });

  it('参观人数: completion inside the 结果 band', () => {
    expect(explainIndicator(byName('参观人数'), rs)).toBe(
      '「参观人数」（结果类）：目标 =8000人次；实际 8757人次，完成率 109.46%（8757 ÷ 8000）；完成率在 100%～200% 之间，得满分；得 13.00 分（权重 13 分）。',
    );
  });

  it('资金使用合规性: a qualitative target met', () => {
    expect(explainIndicator(byName('资金使用合规性'), rs)).toBe('「资金使用合规性」（投入类）：目标“合规”，实际“合规”，已达到，评为“好”，得权重的 100%；得 4.00 分（权重 4 分）。');
  });
});

describe('an explanation for every trace step', () => {
  // Record<TraceCode, …> does not compile when a step code is added without being listed here.
  const SILENT: Record<TraceCode, boolean> = {
    weight: true, // said in the closing "（权重 8 分）"
    not_applicable: false,
    target_missing: false,
    computed_actual: false,
    missing_value: false,
    not_a_number: false,
    negative_actual: false,
    unit_mismatch: false,
    completion: false, // silent only next to a computed actual (it says the same)
    zero_target: false,
    within_band: false,
    at_most_met: false,
    below_target: false,
    above_band: false,
    floor_applied: false,
    qualitative_met: false,
    qualitative_no: false,
    qualitative_grade: false,
    qualitative_ungraded: false,
    score: false,
  };

  const results: IndicatorResult[] = [
    ...seed.indicators,
    scoreOne({ target: '=100', actual: '90' }),
    scoreOne({ target: '=100', actual: '250' }),
    scoreOne({ target: '=100', actual: '0' }),
    scoreOne({ target: '=0', actual: '0' }),
    scoreOne({ target: '=0', actual: '3' }),
    scoreOne({ target: '≤15%', actual: '10%' }),
    scoreOne({ target: '≤15%', actual: '16%' }),
    scoreOne({ target: '=100' }),
    scoreOne({ target: '=100', note: '数据未出' }),
    scoreOne({ target: '=100', actual: '约90' }),
    scoreOne({ target: '=100', actual: '-5' }),
    scoreOne({ target: '=8000人次', actual: '8000人' }),
    scoreOne({ target: '', actual: '5' }),
    scoreOne({ target: '合规', actual: '不合规' }),
    scoreOne({ target: '合规', actual: '较好' }),
    scoreOne({ target: '合规', actual: '尚可', grade: '一般' }),
    scoreOne({ target: '合规', actual: '基本合规' }),
    scoreOne({ target: '=100', actual: '97.5' }, { ruleSet: withParams({ fractionalPoints: 'ceil' }) }),
    ...scoreAll(
      [
        { category: 'input', name: '政府采购规范性', target: '规范', notApplicable: true },
        { category: 'input', name: '资金使用合规性', target: '合规', actual: '合规' },
      ],
      {},
    ).indicators,
  ];

  it('the results above hit every step code', () => {
    const hit = new Set(results.flatMap((r) => r.trace.map((s) => s.code)));
    expect([...hit].sort()).toEqual(Object.keys(SILENT).sort());
  });

  it('renderStep gives a Chinese sentence for each step, or is silent on purpose', () => {
    for (const r of results) {
      const computed = r.trace.some((s) => s.code === 'computed_actual');
      for (const step of r.trace) {
        const sentence = renderStep(step, r, rs);
        if (SILENT[step.code] || (step.code === 'completion' && computed)) {
          expect(sentence, `${r.name} ${step.code}`).toBeUndefined();
        } else {
          expect(sentence, `${r.name} ${step.code}`).toMatch(/[\u4e00-\u9fff]/);
          expect(sentence).not.toMatch(/undefined|NaN|\[object/);
        }
      }
      const text = explainIndicator(r, rs);
      expect(text.startsWith(`「${r.name}」`)).toBe(true);
      expect(text).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('specific sentences', () => {
    const find = (r: IndicatorResult, code: TraceCode) => renderStep(r.trace.find((s) => s.code === code)!, r, rs);
    expect(find(scoreOne({ target: '=100', actual: '250' }), 'above_band')).toBe('完成率超过 130% 的部分为 120%，每超过 1% 扣权重的 1%，扣权重 10 分的 120%，即 12 分');
    expect(find(scoreOne({ target: '=0', actual: '3' }), 'zero_target')).toBe('目标值为 0，实际 3 不满足要求');
    expect(find(scoreOne({ target: '≤15%', actual: '10%' }), 'at_most_met')).toBe('实际 10% 未超过目标 15%，得满分');
    expect(find(scoreOne({ target: '=8000人次', actual: '8000人' }), 'unit_mismatch')).toBe('实际值单位“人”与目标单位“人次”不能换算，无法比较');
    expect(find(scoreOne({ target: '=100', actual: '-5' }), 'negative_actual')).toBe('实际完成值 -5 为负数，属于填写错误，不计分');
    expect(find(scoreOne({ target: '合规', actual: '不合规' }), 'qualitative_no')).toBe('目标“合规”，实际“不合规”，未达到，得权重的 0%');
    expect(find(scoreOne({ target: '合规', actual: '基本合规' }), 'qualitative_ungraded')).toBe(
      '实际情况“基本合规”不能直接判断是否达到“合规”，需选择等级（好、较好、一般、较差、差），暂按 0 分',
    );
    const ceil = scoreOne({ target: '=100', actual: '97.5' }, { ruleSet: withParams({ fractionalPoints: 'ceil' }) });
    expect(find(ceil, 'below_target')).toBe(
      '低于目标 2.5 个百分点（按 3 个计）；填表说明第4条：产出类完成100%～130%得满分，每低于目标1个百分点扣权重的5%，超过130%的每超过1%扣权重的1%，扣权重 10 分的 15%，即 1.5 分',
    );
  });

  it('an atMost target missed is worded as a completion below 100 %, and the advice says 降至', () => {
    const r = scoreOne({ category: 'input', name: '资金节约率', target: '15%及其以下', actual: '16%', weight: '2' });
    expect(explainIndicator(r, rs)).toBe(
      '「资金节约率」（投入类）：目标 15%及其以下；实际 16%，目标为不超过 15%，完成率按 93.75% 计；完成率低于 100% 6.25 个百分点；' +
        '填表说明第4条：投入类同产出类，每低于目标1个百分点扣权重的5%，超过130%的每超过1%扣权重的1%，扣权重 2 分的 31.25%，即 0.625 分；得 1.38 分（权重 2 分）。' +
        '要得满分需不超过 15%；降至 15.46% 可得 1.70 分。',
    );
  });

  it('advice sentences', () => {
    const over = scoreOne({ category: 'outcome', target: '=8000人次', actual: '30000人次' });
    expect(renderAdvice(over.advice, over)).toBe('要得满分需不超过 16000人次。（完成值远超目标，可能是目标定得过低，请在说明中解释）');
    const missing = scoreOne({ target: '=100' });
    expect(renderAdvice(missing.advice, missing)).toBe('请填写具体的实际完成值（目标 =100），即可按规则计分。');
    const unit = scoreOne({ target: '=8000人次', actual: '8000人' });
    expect(renderAdvice(unit.advice, unit)).toBe('请按“人次”填写实际完成值。');
    const full = scoreOne({ target: '=100', actual: '100' });
    expect(renderAdvice(full.advice, full)).toBe('');
  });

  it('the summary names the reason for a missing target and a not-applicable row', () => {
    expect(summarizeIndicator(scoreOne({ target: '', actual: '5' }), rs)).toBe('「测试指标」得 0.00 分（权重 10 分）：没有目标值，无法评分。');
    const na = scoreAll([{ category: 'input', name: '政府采购规范性', target: '规范', notApplicable: true }]).indicators[0];
    expect(summarizeIndicator(na, rs)).toBe('「政府采购规范性」得 0.00 分（权重 0 分）：该指标标为不适用，不计分，其权重已分摊给本类其他指标。');
  });
});
