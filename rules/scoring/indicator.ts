// Scores one indicator: weight, target, actual → score, trace and advice. Pure; never throws for input.
import { Dec, HUNDRED, ONE, ZERO, dec, fixed, round, str, type DecString } from '../core/decimal.js';
import { CATEGORY_LABELS, type CategoryId } from '../model/categories.js';
import type { Indicator } from '../model/form.js';
import { parseActualText, parseQuantityText, type Quantity } from '../parse/quantity.js';
import { convertUnit, isPercent } from '../parse/units.js';
import { normalizeText, compact } from '../parse/normalize.js';
import type { CategoryRule, RuleSet } from '../ruleset/schema.js';
import { R100, div, mul, ratio, type Ratio } from '../core/ratio.js';
import { applyFactor, completion, quantitativeFactor, type BandRule } from './quantitative.js';
import type { Advice, TraceStep } from './trace.js';
import { findCommonIndicator, type ResolvedWeight } from './weights.js';

export type IndicatorStatus = 'full' | 'partial' | 'zero' | 'provisional' | 'needs-grade' | 'not-applicable';

export type IndicatorResult = {
  index: number;
  category: CategoryId;
  categoryLabel: string;
  name: string;
  target: string;
  /** The actual as scored: the form's text, or the computed value for 预算执行率. */
  actual: string;
  weight: DecString;
  selfScore?: DecString;
  score: DecString;
  status: IndicatorStatus;
  kind: 'quantitative' | 'qualitative' | 'unknown';
  completion?: DecString;
  note?: string;
  trace: TraceStep[];
  advice: Advice;
};

/** Facts from the budget block that computed indicators need. */
export type ScoringContext = {
  /** 预算执行率 in percent, exact, when the budget block allows it. */
  executionRate?: { percent: Dec; paid: Dec; base: Dec };
};

export function scoreIndicator(
  ind: Indicator,
  index: number,
  w: ResolvedWeight,
  ruleSet: RuleSet,
  ctx: ScoringContext,
): IndicatorResult {
  const cat = ruleSet.categories.find((c) => c.id === ind.category);
  const places = ruleSet.parameters.scorePlaces;
  const base = {
    index,
    category: ind.category,
    categoryLabel: cat?.label ?? CATEGORY_LABELS[ind.category],
    name: ind.name,
    target: ind.target,
    actual: ind.actual ?? '',
    weight: fixed(w.weight, 2),
    ...(ind.selfScore !== undefined ? { selfScore: fixed(dec(ind.selfScore), 2) } : {}),
    ...(ind.note ? { note: ind.note } : {}),
  };
  const trace: TraceStep[] = [
    { code: 'weight', weight: str(w.weight), source: w.source, ...(w.ruleWeight ? { ruleWeight: str(w.ruleWeight) } : {}), ruleRef: 'r3' },
  ];
  if (ind.notApplicable && w.source === 'not-applicable') {
    trace.push({ code: 'not_applicable' });
    return { ...base, score: fixed(ZERO, places), status: 'not-applicable', kind: 'unknown', trace, advice: { kind: 'full' } };
  }
  const ruleRef = cat?.ruleRef ?? 'r7-output';
  const target = parseQuantityText(ind.target);
  const finish = (factor: Dec | Ratio, status: IndicatorStatus, kind: IndicatorResult['kind'], advice: Advice, extra: Partial<IndicatorResult> = {}) => {
    const { raw, score } = applyFactor(w.weight, factor, places, ruleSet.parameters.scoreRounding);
    trace.push({ code: 'score', raw: str(raw), score: fixed(score, places), weight: str(w.weight), places });
    const finalStatus: IndicatorStatus = status !== 'full' ? status : score.equals(w.weight) ? 'full' : score.isZero() ? 'zero' : 'partial';
    return { ...base, ...extra, score: fixed(score, places), status: finalStatus, kind, trace, advice } satisfies IndicatorResult;
  };

  if (target.kind === 'empty') {
    trace.push({ code: 'target_missing' });
    return finish(ZERO, 'zero', 'unknown', { kind: 'provide-value', target: '' });
  }
  if (target.kind === 'qualitative') {
    const q = scoreQualitative(ind, target.word, ruleSet, ruleRef);
    trace.push(...q.steps);
    return finish(q.factor, q.status, 'qualitative', q.factor.equals(ONE) ? { kind: 'full' } : { kind: 'qualitative', target: target.word });
  }

  // Quantitative.
  const common = findCommonIndicator(ruleSet, ind.category, ind.name);
  let actualValue: Dec | undefined;
  let exactActual: Ratio | undefined;
  let actualUnit = target.unit;
  let actualText = ind.actual ?? '';
  const computed = common?.source === 'executionRate' ? ctx.executionRate : undefined;
  if (computed) {
    actualValue = computed.percent;
    exactActual = div(mul(ratio(computed.paid), R100), ratio(computed.base));
    actualUnit = '%';
    actualText = `${fixed(computed.percent, 2)}%`;
    trace.push({ code: 'computed_actual', formula: 'executionRate', paid: str(computed.paid), base: str(computed.base), percent: str(computed.percent), display: fixed(computed.percent, 2) });
  } else {
    const parsed = parseActualText(ind.actual ?? '');
    const explained = Boolean(ind.note && normalizeText(ind.note) !== '');
    if (parsed.kind === 'empty') {
      trace.push({ code: 'missing_value', explained, ruleRef: 'r8' });
      return finish(ZERO, explained ? 'provisional' : 'zero', 'quantitative', { kind: 'provide-value', target: ind.target });
    }
    if (parsed.kind !== 'number') {
      trace.push({ code: 'not_a_number', text: ind.actual ?? '', explained, ruleRef: 'r8' });
      return finish(ZERO, explained ? 'provisional' : 'zero', 'quantitative', { kind: 'provide-value', target: ind.target });
    }
    if (parsed.value.isNegative()) {
      trace.push({ code: 'negative_actual', value: str(parsed.value) });
      return finish(ZERO, 'zero', 'quantitative', { kind: 'provide-value', target: ind.target });
    }
    const converted = convertUnit(parsed.value, parsed.unit, target.unit);
    if (converted === undefined) {
      trace.push({ code: 'unit_mismatch', targetUnit: target.unit, actualUnit: parsed.unit });
      return finish(ZERO, 'zero', 'quantitative', { kind: 'fix-unit', unit: target.unit });
    }
    actualValue = converted;
  }
  const band = bandRule(ruleSet, cat, ruleRef);
  const q = { direction: target.direction, target: target.value, actual: actualValue, exactActual, unit: target.unit || actualUnit, percent: isPercent(target.unit) };
  const result = quantitativeFactor(q, band);
  trace.push(...result.steps);
  const advice = result.factor.equals(ONE) ? ({ kind: 'full' } as const) : adviseQuantitative(target, actualValue, exactActual, band, w.weight, ruleSet, computed);
  return finish(result.exactFactor, 'full', 'quantitative', advice, {
    actual: actualText,
    ...(result.completion ? { completion: str(result.completion) } : {}),
  });
}

function bandRule(ruleSet: RuleSet, cat: CategoryRule | undefined, ruleRef: string): BandRule {
  return {
    lowerBand: dec(ruleSet.quantitative.lowerBand),
    upperBand: dec(cat?.upperBand ?? '130'),
    belowSlope: dec(ruleSet.quantitative.belowSlope),
    aboveSlope: dec(ruleSet.quantitative.aboveSlope),
    ruleRef,
    params: ruleSet.parameters,
  };
}

function scoreQualitative(ind: Indicator, targetWord: string, ruleSet: RuleSet, ruleRef: string): { factor: Dec; status: IndicatorStatus; steps: TraceStep[] } {
  const grades = ruleSet.qualitative.grades as Record<string, string>;
  const actual = compact(ind.actual ?? '').replace(/[。.!！]$/, '');
  const explained = Boolean(ind.note && normalizeText(ind.note) !== '');
  if (ind.grade) {
    const fraction = dec(grades[ind.grade]);
    return { factor: fraction, status: 'full', steps: [{ code: 'qualitative_grade', grade: ind.grade, fraction: str(fraction), chosen: 'user', ruleRef: 'qualitative' }] };
  }
  if (actual === '') {
    return { factor: ZERO, status: explained ? 'provisional' : 'zero', steps: [{ code: 'missing_value', explained, ruleRef: 'r8' }] };
  }
  if (Object.hasOwn(grades, actual)) {
    const fraction = dec(grades[actual]);
    return { factor: fraction, status: 'full', steps: [{ code: 'qualitative_grade', grade: actual, fraction: str(fraction), chosen: 'actual', ruleRef: 'qualitative' }] };
  }
  const verdict = readYesNo(actual, compact(targetWord), ruleSet);
  if (verdict === 'no') {
    const lowest = ruleSet.parameters.qualitativeNo === 'lowest-grade' ? dec(grades['差']) : ZERO;
    // status from the score: 0 (zero) or the lowest grade (partial)
    return { factor: lowest, status: 'full', steps: [{ code: 'qualitative_no', target: targetWord, actual: ind.actual ?? '', fraction: str(lowest) }] };
  }
  if (verdict === 'yes') {
    return { factor: ONE, status: 'full', steps: [{ code: 'qualitative_met', target: targetWord, actual: ind.actual ?? '', fraction: '1', ruleRef }] };
  }
  return { factor: ZERO, status: 'needs-grade', steps: [{ code: 'qualitative_ungraded', target: targetWord, actual: ind.actual ?? '' }] };
}

/** Affirmations that may wrap a target word: 已获得, 均已建立, 全部合规, 已经完成了. */
const AFFIRMED = /^(已经|均已|全部已|已全部|已全面|全部|全面|完全|均|已)?(.+?)(了)?$/;

/** A clear yes (the target word, 是, 已获得 …), a clear no (不合规, 未获得, 否 …), or unclear. */
export function readYesNo(actual: string, target: string, ruleSet: RuleSet): 'yes' | 'no' | 'unclear' {
  const a = actual.toLowerCase();
  const { yesWords, noWords, noPrefixes, targetWords } = ruleSet.qualitative;
  if (noWords.includes(a)) return 'no';
  for (const p of noPrefixes) {
    if (a.startsWith(p) && a.length > p.length) {
      // 不合规, 未获得, 没有建立 — but not 非常规范 (very standard) or 未全部完成 (partly done).
      const rest = a.slice(p.length).replace(/了$/, '');
      if (rest === target || targetWords.includes(rest) || yesWords.includes(rest)) return 'no';
    }
  }
  if (a === target || yesWords.includes(a)) return 'yes';
  // The target (or another target word, or a yes word) with nothing but affirmations around it:
  // 已获得, 全部合规, 均已完成, 合规。 Anything qualified (部分合规, 基本健全, 已取消) is not a clear yes.
  const m = AFFIRMED.exec(a);
  if (m) {
    const cores = [target, ...yesWords.filter((y) => y.length >= 2), ...(m[1] ? targetWords : [])].filter((w) => w !== '');
    if (cores.includes(m[2])) return 'yes';
  }
  return 'unclear';
}

/** What would earn full marks, and the score at a value between the actual and full marks. */
function adviseQuantitative(
  target: Quantity,
  actual: Dec,
  exactActual: Ratio | undefined,
  band: BandRule,
  weight: Dec,
  ruleSet: RuleSet,
  computed: ScoringContext['executionRate'],
): Advice {
  const T = target.value;
  const unit = target.unit;
  if (T.isZero()) return { kind: 'quantitative', ...(target.direction === 'atLeast' ? { fullFrom: '0' } : { fullUpTo: '0' }), unit };
  const c = completion({ direction: target.direction, target: T, actual, exactActual }, band.params.atMostUpperPenalty);
  const scoreAt = (value: Dec) => {
    const f = quantitativeFactor({ direction: target.direction, target: T, actual: value, unit, percent: isPercent(unit) }, band).exactFactor;
    return fixed(applyFactor(weight, f, ruleSet.parameters.scorePlaces, ruleSet.parameters.scoreRounding).score, ruleSet.parameters.scorePlaces);
  };
  if (c.greaterThan(band.upperBand)) {
    return { kind: 'quantitative', fullUpTo: str(round(T.times(band.upperBand).dividedBy(HUNDRED), 6)), unit };
  }
  // Below the band: full from T (atLeast/equal) or up to T (atMost). The nearby value lies halfway
  // between the actual (or the point where the score reaches 0) and full marks.
  const zeroAt = band.lowerBand.minus(ONE.dividedBy(band.belowSlope));
  const from = c.greaterThan(zeroAt) ? c : zeroAt;
  const mid = round(from.plus(band.lowerBand).dividedBy(2), 0, 'ceil');
  const fullKey = target.direction === 'atMost' ? 'fullUpTo' : 'fullFrom';
  const advice: Advice = { kind: 'quantitative', [fullKey]: str(T), unit };
  if (mid.lessThan(band.lowerBand)) {
    const value = target.direction === 'atMost' ? round(T.times(HUNDRED).dividedBy(mid), 2, 'floor') : round(T.times(mid).dividedBy(HUNDRED), 2, 'ceil');
    advice.nearby = { actual: str(value), score: scoreAt(value) };
    if (computed) advice.paidForNearby = str(round(computed.base.times(value).dividedBy(HUNDRED), 6, 'ceil'));
  }
  if (computed) advice.paidForFull = str(round(computed.base.times(T).dividedBy(HUNDRED), 6, 'ceil'));
  return advice;
}
