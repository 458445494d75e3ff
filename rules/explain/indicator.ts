// Plain-Chinese explanations of an indicator's score, rendered from its trace. The switch over step
// codes is exhaustive: a new step does not compile until it has its sentence.
import { dec, fixed, str, HUNDRED, type Dec } from '../core/decimal.js';
import type { RuleSet } from '../ruleset/schema.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import type { Advice, TraceStep } from '../scoring/trace.js';

/** A decimal for reading: at most `places` decimals, no trailing zeros ("126.62", "8", "74.68"). */
export function show(value: string, places = 2): string {
  return str(dec(fixed(dec(value), places)));
}

const pct = (share: string) => show(dec(share).times(HUNDRED).toString(), 2);

/** "即 8.125 分" when exact to 3 decimals, else "约 10.13 分". */
function points(value: Dec): string {
  const exact = str(value);
  return (exact.split('.')[1]?.length ?? 0) <= 3 ? `即 ${exact} 分` : `约 ${show(exact)} 分`;
}

/** "扣权重 8 分的 126.62%，约 10.13 分": the share of what, and how many points. */
function deducted(share: string, r: IndicatorResult): string {
  return `扣权重 ${show(r.weight)} 分的 ${pct(share)}%，${points(dec(share).times(dec(r.weight)))}`;
}

const SOURCE: Record<string, string> = {
  given: '表中填写',
  common: '共性指标规定',
  'equal-split': '该类总分 ÷ 指标个数',
  redistributed: '不适用指标的权重按比例分摊后',
  'not-applicable': '不适用',
  unknown: '规则中没有该指标的权重',
};

function rule(ruleSet: RuleSet, ref: string): string {
  return ruleSet.ruleTexts[ref] ?? ref;
}

/** One sentence per step. */
export function renderStep(step: TraceStep, r: IndicatorResult, ruleSet: RuleSet): string | undefined {
  switch (step.code) {
    case 'weight':
      return undefined; // said in the closing sentence
    case 'not_applicable':
      return '该指标标为不适用，不计分，其权重已分摊给本类其他指标';
    case 'target_missing':
      return '没有目标值，无法评分';
    case 'computed_actual':
      return `实际 ${show(step.percent)}%（实际支付数 ${step.paid} ÷ 调整后预算 ${step.base}）`;
    case 'missing_value':
      return step.explained
        ? `没有实际完成值，但已说明原因，暂按 0 分，待复核（${rule(ruleSet, step.ruleRef)}）`
        : `没有实际完成值，也没有说明；${rule(ruleSet, step.ruleRef)}`;
    case 'not_a_number':
      return step.explained
        ? `实际完成值“${step.text}”不是具体数值，已有说明，暂按 0 分，待复核`
        : `实际完成值“${step.text}”不是具体数值，且无说明；${rule(ruleSet, step.ruleRef)}`;
    case 'negative_actual':
      return `实际完成值 ${step.value} 为负数，属于填写错误，不计分`;
    case 'unit_mismatch':
      return `实际值单位“${step.actualUnit || '无'}”与目标单位“${step.targetUnit || '无'}”不能换算，无法比较`;
    case 'completion': {
      const unit = step.unit;
      if (r.trace.some((s) => s.code === 'computed_actual')) return undefined; // said with the computed actual
      const head = `实际 ${show(step.actual, 6)}${unit}，`;
      if (step.direction === 'atMost') return `${head}目标为不超过 ${show(step.target, 6)}${unit}，完成率按 ${show(step.completion)}% 计`;
      return `${head}完成率 ${show(step.completion)}%（${show(step.actual, 6)} ÷ ${show(step.target, 6)}）`;
    }
    case 'zero_target':
      return step.met ? '目标值为 0，实际值满足要求' : `目标值为 0，实际 ${step.actual} 不满足要求`;
    case 'within_band':
      return `完成率在 ${step.lower}%～${step.upper}% 之间，得满分`;
    case 'at_most_met':
      return `实际 ${show(step.actual, 6)}${step.unit} 未超过目标 ${show(step.target, 6)}${step.unit}，得满分`;
    case 'below_target': {
      const counted = step.counted !== step.points ? `（按 ${show(step.counted)} 个计）` : '';
      // An atMost target is missed by going over it: say "完成率低于 100%", not "低于目标".
      const atMost = r.trace.some((s) => s.code === 'completion' && s.direction === 'atMost' && s.reading === 'ratio');
      const gap = atMost ? `完成率低于 100% ${show(step.points)} 个百分点` : `低于目标 ${show(step.points)} 个百分点`;
      return `${gap}${counted}；${rule(ruleSet, step.ruleRef)}，${deducted(step.deduction, r)}`;
    }
    case 'above_band': {
      const counted = step.counted !== step.points ? `（按 ${show(step.counted)} 个计）` : '';
      return `完成率超过 ${step.upper}% 的部分为 ${show(step.points)}%${counted}，每超过 1% 扣权重的 ${pct(step.slope)}%，${deducted(step.deduction, r)}`;
    }
    case 'floor_applied':
      return `扣的分超过了权重 ${show(r.weight)} 分，按 0 分计`;
    case 'qualitative_met':
      return `目标“${step.target}”，实际“${step.actual}”，已达到，评为“好”，得权重的 100%`;
    case 'qualitative_no':
      return `目标“${step.target}”，实际“${step.actual}”，未达到，得权重的 ${pct(step.fraction)}%`;
    case 'qualitative_grade':
      return `${step.chosen === 'user' ? '评定' : '实际'}等级“${step.grade}”，${rule(ruleSet, step.ruleRef)}，得权重的 ${pct(step.fraction)}%`;
    case 'qualitative_ungraded':
      return `实际情况“${step.actual}”不能直接判断是否达到“${step.target}”，需选择等级（好、较好、一般、较差、差），暂按 0 分`;
    case 'score':
      return `得 ${step.score} 分（权重 ${show(step.weight)} 分）`;
    default: {
      const never: never = step;
      return never;
    }
  }
}

/** What it would take to get the points back, in one sentence ('' when full). */
export function renderAdvice(advice: Advice, r: IndicatorResult): string {
  switch (advice.kind) {
    case 'full':
      return '';
    case 'provide-value':
      return advice.target ? `请填写具体的实际完成值（目标 ${advice.target}），即可按规则计分。` : '请先填写目标值。';
    case 'qualitative':
      return `实际达到“${advice.target}”可得满分；也可选择等级：好 100%、较好 80%、一般 60%、较差 40%、差 20%。`;
    case 'fix-unit':
      return `请按“${advice.unit}”填写实际完成值。`;
    case 'quantitative': {
      const u = advice.unit;
      const parts: string[] = [];
      if (advice.fullFrom !== undefined) {
        parts.push(`要得满分需达到 ${show(advice.fullFrom, 6)}${u}${advice.paidForFull ? `（实际支付数 ${advice.paidForFull} 万元）` : ''}`);
      } else if (advice.fullUpTo !== undefined) {
        parts.push(`要得满分需不超过 ${show(advice.fullUpTo, 6)}${u}`);
      }
      if (advice.nearby) {
        const verb = advice.fullUpTo !== undefined && advice.fullFrom === undefined ? '降至' : '达到';
        parts.push(`${verb} ${show(advice.nearby.actual, 6)}${u} 可得 ${advice.nearby.score} 分`);
      }
      const why = r.trace.some((s) => s.code === 'above_band') ? '（完成值远超目标，可能是目标定得过低，请在说明中解释）' : '';
      return parts.length ? `${parts.join('；')}。${why}` : '';
    }
    default: {
      const never: never = advice;
      return never;
    }
  }
}

/** The full explanation: target, actual, each step, the score, and what it would take. */
export function explainIndicator(r: IndicatorResult, ruleSet: RuleSet): string {
  const sentences: string[] = [];
  const head = r.kind === 'quantitative' && r.trace.some((s) => s.code === 'computed_actual' || s.code === 'completion') ? `目标 ${r.target}` : '';
  if (head) sentences.push(head);
  for (const step of r.trace) {
    const s = renderStep(step, r, ruleSet);
    if (s) sentences.push(s);
  }
  const body = `「${r.name}」（${r.categoryLabel}类）：${sentences.join('；')}。`;
  const advice = renderAdvice(r.advice, r);
  const self = r.selfScore !== undefined && !dec(r.selfScore).equals(dec(r.score)) ? `自评分填的是 ${r.selfScore} 分，与规则得分不一致。` : '';
  return [body, advice, self].filter(Boolean).join('');
}

/** One short line for the chat after an answer: score and, when points are lost, the main reason. */
export function summarizeIndicator(r: IndicatorResult, ruleSet: RuleSet): string {
  const main = r.trace.find((s) =>
    ['below_target', 'above_band', 'zero_target', 'missing_value', 'not_a_number', 'unit_mismatch', 'qualitative_no', 'qualitative_ungraded', 'qualitative_grade', 'negative_actual', 'not_applicable', 'target_missing'].includes(s.code),
  );
  const score = `「${r.name}」得 ${r.score} 分（权重 ${show(r.weight)} 分）`;
  if (r.status === 'full' || !main) return `${score}。`;
  const why = renderStep(main, r, ruleSet) ?? '';
  return `${score}：${why.split('；')[0]}。`;
}

/**
 * The chat line while the indicator's weight is not settled (its category is still being filled):
 * the share of the weight it earns and the main reason, never a number of points.
 */
export function summarizeShare(r: IndicatorResult, ruleSet: RuleSet): string {
  const s = r.trace.find((x) => x.code === 'score');
  const share = s && !dec(s.weight).isZero() ? pct(dec(s.raw).dividedBy(dec(s.weight)).toString()) : '0';
  const head = `「${r.name}」可得本项权重的 ${share}%`;
  const main = r.trace.find((x) =>
    ['below_target', 'above_band', 'zero_target', 'missing_value', 'not_a_number', 'unit_mismatch', 'qualitative_no', 'qualitative_ungraded', 'qualitative_grade', 'negative_actual', 'target_missing'].includes(x.code),
  );
  if (r.status === 'full' || !main) {
    const c = r.trace.find((x) => x.code === 'completion');
    return c && c.code === 'completion' && c.direction !== 'atMost' ? `${head}（完成率 ${show(c.completion)}%）。` : `${head}。`;
  }
  // The reason without the points it costs (they depend on the weight).
  const why = (renderStep(main, r, ruleSet) ?? '').split('；')[0].split('，扣权重')[0];
  return `${head}：${why}。`;
}
