// Plain-Chinese explanations of a national score, rendered from its trace: why a row lost points,
// why the total has its grade, and what it would take to reach the next grade ("还差多少分到优").
// The switch over step codes is exhaustive: a new step does not compile until it has its sentence.
import { dec, fixed, sum } from '../core/decimal.js';
import { BAND_LABELS, FUND_COLUMN_LABELS, FUND_ROW_LABELS, type FundRowId } from './model.js';
import type { NationalRuleSet } from './ruleset.js';
import { show } from '../explain/indicator.js';
import type { NationalCheck, NationalRowResult, NationalScore, NationalStep } from './score.js';

/** A decimal for reading: at most 2 decimals, no trailing zeros (the Suzhou explanations' `show`). */
export const showNum = show;

const withUnit = (value: string, unit: string) => `${showNum(value, 6)}${unit}`;

export function renderNationalStep(step: NationalStep, r: NationalRowResult, rs: NationalRuleSet): string | undefined {
  switch (step.code) {
    case 'budget_rate': {
      const head = `执行率 ${showNum(step.rate)}%（全年执行数 ${step.executed} ÷ 全年预算数 ${step.annual}）`;
      if (step.scoring === 'tiered') return `${head}，按分档计得分值的 ${showNum(dec(step.share).times(100).toString())}%`;
      return step.capped ? `${head}，超过 100% 按满分计` : `${head}，得分 = ${showNum(step.points)} × ${showNum(step.rate)}%`;
    }
    case 'budget_missing':
      return `没有${step.missing.map((m) => (m === 'annual' ? '全年预算数' : '全年执行数')).join('和')}，无法计算执行率，得 0 分`;
    case 'budget_zero':
      return '全年预算数为 0，无法计算执行率，得 0 分';
    case 'weight_missing':
      return '没有填写分值，按 0 分计';
    case 'target_missing':
      return '没有填写年度指标值，无法对照评分';
    case 'missing_actual':
      return '没有填写实际完成值，得 0 分';
    case 'not_a_number':
      return step.negative ? `实际完成值“${step.text}”是负数，不能计分，得 0 分` : `实际完成值“${step.text}”不是确切的数值，无法与目标对照，得 0 分`;
    case 'unit_mismatch':
      return `目标单位“${step.targetUnit || '无'}”与实际单位“${step.actualUnit || '无'}”不一致且无法换算，得 0 分`;
    case 'quant_met':
      return step.direction === 'atMost'
        ? `实际 ${withUnit(step.actual, step.unit)} 不超过目标 ${withUnit(step.target, step.unit)}，得满分`
        : `实际 ${withUnit(step.actual, step.unit)} 达到目标 ${withUnit(step.target, step.unit)}，得满分`;
    case 'quant_short':
      return step.direction === 'atMost'
        ? `实际 ${withUnit(step.actual, step.unit)} 超过目标 ${withUnit(step.target, step.unit)}，得分 = 分值 ${showNum(r.weight)} × 目标 ÷ 实际（${showNum(step.completion)}%）`
        : `实际 ${withUnit(step.actual, step.unit)} 未达到目标 ${withUnit(step.target, step.unit)}，得分 = 分值 ${showNum(r.weight)} × 实际 ÷ 目标（完成 ${showNum(step.completion)}%）`;
    case 'over_completion':
      return `完成 ${showNum(step.completion)}%，超过 ${showNum(step.threshold)}%，不扣分，但目标可能定得偏低，评审时常被问到`;
    case 'band':
      return `属“${BAND_LABELS[step.band]}”档（分值的 ${showNum(step.lower)}%–${showNum(step.upper)}%），${step.from === 'user' ? '档次由填表人确定' : step.from === 'self' ? '档次按自评分推定，请确认' : '按实际完成值的表述判断'}`;
    case 'band_self':
      return `自评 ${showNum(step.self)} 分（分值的 ${showNum(step.share)}%）在该档范围内，取自评分`;
    case 'band_upper':
      if (step.self === undefined) return '没有自评分，取该档上限';
      return step.inside ? '按该档上限计分' : `自评 ${showNum(step.self)} 分（分值的 ${showNum(step.share ?? '0')}%）不在该档范围内，取该档上限`;
    case 'needs_band':
      return `实际完成值“${step.actual}”看不出达成程度，暂按 0 分计`;
    case 'approximate_actual':
      return `实际完成值“${step.text}”不是确切数值，暂按 ${showNum(step.value, 6)} 计`;
    case 'band_from_self':
      return `实际完成值看不出达成程度，按自评分占分值的 ${showNum(step.share)}% 归档`;
    case 'word_for_number':
      return `定量指标的实际完成值写的是“${step.actual}”而不是数值，暂按“${BAND_LABELS[step.band]}”档计分`;
    case 'score':
      return undefined;
    default: {
      const never: never = step;
      return never;
    }
  }
}

/** What would earn the points back, in one sentence (empty when the row has full marks). */
export function nationalAdvice(r: NationalRowResult): string {
  if (r.status === 'full' || !dec(r.lost).greaterThan(0)) return '';
  const has = (code: NationalStep['code']) => r.trace.find((s) => s.code === code);
  if (r.kind === 'budget') {
    const rate = has('budget_rate');
    if (rate && rate.code === 'budget_rate') return `全年执行数达到全年预算数 ${rate.annual} 万元即可得满分。`;
    return '请补上全年预算数和全年执行数。';
  }
  if (has('weight_missing')) return '请填写这项指标的分值。';
  if (has('missing_actual')) return '请填写实际完成值；确实无法提供的，请在偏差原因中说明。';
  if (has('not_a_number')) return '请填写确切的数值，例如 28个、97%。';
  if (has('unit_mismatch')) return '请把实际完成值换成与目标相同的单位。';
  if (has('needs_band')) return '请说明完成程度：达成、部分达成还是未达成。';
  if (has('word_for_number')) return '请填写实际数值。';
  const short = has('quant_short');
  if (short && short.code === 'quant_short') {
    return short.direction === 'atMost'
      ? `实际不超过 ${withUnit(short.target, short.unit)} 才能得满分。`
      : `实际达到 ${withUnit(short.target, short.unit)} 才能得满分。`;
  }
  const band = has('band');
  if (band && band.code === 'band' && band.band !== 'met') return '只有“达成年度指标”档才可能得满分。';
  if (band && band.code === 'band') return '达成档可得分值的 80%–100%，自评分在该档内时按自评分计。';
  return '';
}

/** The row's score in one line: "15 × 28 ÷ 30 = 14.00". */
export function summarizeRow(r: NationalRowResult, rs: NationalRuleSet): string {
  const steps = r.trace.map((s) => renderNationalStep(s, r, rs)).filter((t): t is string => Boolean(t));
  const main = steps.filter((s) => !s.startsWith('完成 ')).slice(-1)[0] ?? '';
  return `${main}；得 ${r.score} / ${showNum(r.weight)} 分`;
}

/** Every step of the row, then the score and what would earn the points back. */
export function explainRow(r: NationalRowResult, rs: NationalRuleSet): string {
  const lines = r.trace.map((s) => renderNationalStep(s, r, rs)).filter((t): t is string => Boolean(t));
  const ruleRef = r.kind === 'budget' ? rs.ruleTexts.budget : r.kind === 'qualitative' ? rs.ruleTexts.qualitative : r.direction === 'atMost' ? rs.ruleTexts.atMost : rs.ruleTexts.atLeast;
  const out = [`${lines.join('；')}。`, `得分 ${r.score} / ${showNum(r.weight)}。`, `规则：${ruleRef}。`];
  const advice = nationalAdvice(r);
  if (advice) out.push(advice);
  return out.join('\n');
}

/** Why a row lost points and what would earn them back, in one line (for the report under the row). */
export function deductionLine(r: NationalRowResult, rs: NationalRuleSet): string {
  const order: NationalStep['code'][] = ['budget_missing', 'budget_zero', 'weight_missing', 'missing_actual', 'not_a_number', 'unit_mismatch', 'needs_band', 'word_for_number', 'quant_short', 'budget_rate', 'band_upper', 'band_self', 'band'];
  const step = order.map((c) => r.trace.find((s) => s.code === c)).find(Boolean);
  let why = step ? (renderNationalStep(step, r, rs) ?? '') : '';
  const band = r.trace.find((s) => s.code === 'band');
  if (band && step && step !== band) why = `${renderNationalStep(band, r, rs)}；${why}`;
  const deviation = r.deviation ? `偏差原因：${r.deviation}。` : r.kind !== 'budget' ? '没有填写偏差原因，请补上。' : '';
  return `扣 ${showNum(r.lost)} 分：${why}。${deviation}${nationalAdvice(r)}`;
}

const COL = FUND_COLUMN_LABELS as Record<string, string>;
const ROW = FUND_ROW_LABELS as Record<string, string>;

export function renderNationalFinding(c: NationalCheck): string {
  const p = c.params;
  switch (c.code) {
    case 'funds.missing':
      return `年度资金总额缺少${p.fields.split(',').map((f) => (f === 'annual' ? '全年预算数' : '全年执行数')).join('和')}，预算执行率无法计算。请补上（万元）。`;
    case 'funds.sum':
      return `${COL[p.column]}：当年财政拨款、上年结转资金、其他资金合计 ${p.sum} 万元，与年度资金总额 ${p.total} 万元不符。请核对。`;
    case 'funds.executed-over-budget':
      return `${ROW[p.row as FundRowId]}的全年执行数 ${p.executed} 万元超过全年预算数 ${p.annual} 万元。请核对。`;
    case 'funds.rate-stated':
      return `表中执行率写的是 ${p.stated}，按全年执行数 ÷ 全年预算数应为 ${p.rate}%。请改正。`;
    case 'weights.level-sum':
      return `${p.level}的分值合计 ${showNum(p.weight)} 分，原则上应为 ${showNum(p.points)} 分。请核对各三级指标的分值。`;
    case 'weights.total':
      return `预算执行率与各指标分值合计 ${showNum(p.weight)} 分，不是 ${showNum(p.max)} 分。请核对分值。`;
    case 'indicators.none':
      return '表中没有绩效指标。请填写产出、效益、满意度三级指标。';
    case 'indicator.weight-missing':
      return `“${p.name}”没有填写分值，无法计分。请补上分值。`;
    case 'indicator.target-missing':
      return `“${p.name}”没有填写年度指标值。请补上。`;
    case 'indicator.missing-actual':
      return `“${p.name}”没有实际完成值，得 0 分。请补上实际完成值。`;
    case 'indicator.not-a-number':
      return p.negative === 'true' ? `“${p.name}”的实际完成值“${p.text}”是负数。请核对。` : `“${p.name}”的实际完成值“${p.text}”不是确切数值，得 0 分。请填写确切数值。`;
    case 'indicator.unit-mismatch':
      return `“${p.name}”的目标单位“${p.targetUnit || '无'}”与实际单位“${p.actualUnit || '无'}”不一致。请统一单位。`;
    case 'indicator.needs-band':
      return `“${p.name}”的实际完成值“${p.actual}”看不出达成程度。请说明是达成、部分达成还是未达成。`;
    case 'indicator.approximate-actual':
      return `“${p.name}”的实际完成值“${p.text}”不是确切数值，暂按 ${showNum(p.value, 6)} 计分。请填写确切数值。`;
    case 'indicator.band-from-self':
      return `“${p.name}”的实际完成值“${p.actual}”看不出达成程度，已按自评分推定为“${BAND_LABELS[p.band as keyof typeof BAND_LABELS] ?? p.band}”档。请确认是达成、部分达成还是未达成。`;
    case 'indicator.word-for-number':
      return `“${p.name}”的目标是“${p.target}”，实际完成值却写“${p.actual}”。请填写实际数值，以便按比例计分。`;
    case 'indicator.deviation-missing':
      return `“${p.name}”扣了 ${showNum(p.lost)} 分，但没有填写偏差原因分析及改进措施。请补上。`;
    case 'indicator.over-completion':
      return `“${p.name}”完成 ${showNum(p.completion)}%，超过 ${showNum(p.threshold)}%，目标可能定得偏低。请在偏差原因中说明。`;
    case 'indicator.self-score-mismatch':
      return `“${p.name}”自评 ${showNum(p.self)} 分，按规则应得 ${p.score} 分。请核对。`;
    case 'indicator.level2-unknown':
      return `“${p.name}”的二级指标“${p.level2}”不属于${p.level1}（应为 ${p.allowed} 之一）。请核对。`;
    case 'total.self-mismatch':
      return `表中总分写的是 ${showNum(p.stated)}，各项得分合计为 ${p.sum}。请改正总分。`;
    default: {
      const never: never = c.code;
      return never;
    }
  }
}

/** Why the total has its grade: the band it falls in and, below the top, how far the next grade is. */
export function explainGrade(score: NationalScore, rs: NationalRuleSet): string {
  const bands = rs.gradeBands.slice().sort((a, b) => dec(b.min).comparedTo(dec(a.min)));
  const i = bands.findIndex((b) => b.label === score.grade);
  const band = bands[i];
  const above = i > 0 ? bands[i - 1] : undefined;
  const range = above ? `在 ${showNum(band.min)}（含）至 ${showNum(above.min)} 分之间` : `达到 ${showNum(band.min)} 分（含）以上`;
  const head = `总分 ${score.total} 分，${range}，等级为“${score.grade}”（${rs.ruleTexts.grade}）。`;
  if (!above) return head;
  const gap = dec(above.min).minus(dec(score.total));
  return `${head}离“${above.label}”还差 ${fixed(gap, 2)} 分。`;
}

export type WhatIf = {
  target: string;
  gap: string;
  /** Rows that lost points, largest loss first, with how much each could give back. */
  options: { name: string; lost: string; how: string }[];
  /** Whether recovering every lost point reaches the target grade. */
  reachable: boolean;
};

/** "还差多少分到优": the gap to a grade (default: the top one) and where the points were lost. */
export function whatIf(score: NationalScore, rs: NationalRuleSet, targetLabel?: string): WhatIf | undefined {
  const bands = rs.gradeBands.slice().sort((a, b) => dec(b.min).comparedTo(dec(a.min)));
  const target = targetLabel ? bands.find((b) => b.label === targetLabel) : bands[0];
  if (!target) return undefined;
  const gap = dec(target.min).minus(dec(score.total));
  if (!gap.greaterThan(0)) return { target: target.label, gap: '0.00', options: [], reachable: true };
  const losers = score.rows.filter((r) => dec(r.lost).greaterThan(0)).sort((a, b) => dec(b.lost).comparedTo(dec(a.lost)));
  const options = losers.map((r) => ({ name: r.name, lost: fixed(dec(r.lost), 2), how: nationalAdvice(r) }));
  return { target: target.label, gap: fixed(gap, 2), options, reachable: sum(losers.map((r) => dec(r.lost))).greaterThanOrEqualTo(gap) };
}

export function renderWhatIf(w: WhatIf): string {
  if (dec(w.gap).isZero()) return `已经达到“${w.target}”。`;
  const out = [`还差 ${w.gap} 分到“${w.target}”。`];
  if (w.options.length === 0 || !w.reachable) {
    out.push(`即使把扣掉的分全部拿回也到不了“${w.target}”。`);
  }
  for (const o of w.options.slice(0, 5)) out.push(`- ${o.name}：扣了 ${showNum(o.lost)} 分。${o.how}`);
  return out.join('\n');
}
