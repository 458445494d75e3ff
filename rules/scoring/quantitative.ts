// The quantitative rule (填表说明第4条, domain.md §4.2) as pure arithmetic. Completion, points and
// deductions are exact ratios (rules/core/ratio.ts): a completion such as 7.5 ÷ 9 has no exact
// decimal, and the score must be rounded once from the exact value, not from a rounded one.
import { Dec, str } from '../core/decimal.js';
import { R0, R1, R100, add, cmp, div, isZero, mul, ratio, rmax, roundRatio, roundToInteger, sub, toDec, type Ratio } from '../core/ratio.js';
import type { Direction } from '../parse/quantity.js';
import type { Parameters } from '../ruleset/schema.js';
import type { TraceStep } from './trace.js';

export type BandRule = {
  lowerBand: Dec; // 100
  upperBand: Dec; // 130 or 200
  belowSlope: Dec; // 0.05
  aboveSlope: Dec; // 0.01
  ruleRef: string;
  params: Pick<Parameters, 'fractionalPoints' | 'percentReading' | 'atMostUpperPenalty'>;
};

export type QuantInput = {
  direction: Direction;
  target: Dec;
  /** The actual as a decimal (for the trace); for a computed actual, rounded. */
  actual: Dec;
  /** The exact actual when it is a quotient (预算执行率 = 100 × 实际支付数 ÷ 调整后预算). */
  exactActual?: Ratio;
  unit: string;
  percent: boolean;
};

export type QuantResult = {
  /** The share of the weight earned (0 … 1), as a decimal. */
  factor: Dec;
  /** The same share, exact: scores are rounded from this. */
  exactFactor: Ratio;
  completion?: Dec;
  steps: TraceStep[];
};

/** The share of the weight earned and the steps that led there. A negative actual is the caller's error. */
export function quantitativeFactor(q: QuantInput, rule: BandRule): QuantResult {
  const steps: TraceStep[] = [];
  const { direction } = q;
  const T = ratio(q.target);
  const A = q.exactActual ?? ratio(q.actual);
  const done = (exactFactor: Ratio, c?: Ratio): QuantResult => ({
    factor: toDec(exactFactor),
    exactFactor,
    ...(c ? { completion: toDec(c) } : {}),
    steps,
  });
  if (isZero(T)) {
    const met = direction === 'atLeast' ? cmp(A, R0) >= 0 : cmp(A, R0) <= 0;
    steps.push({ code: 'zero_target', direction, actual: str(q.actual), met });
    return done(met ? R1 : R0);
  }
  const c = completionRatio(direction, T, A, rule.params.atMostUpperPenalty);
  const reading = q.percent && rule.params.percentReading === 'points' ? 'points' : 'ratio';
  steps.push({ code: 'completion', direction, target: str(q.target), actual: str(q.actual), unit: q.unit, completion: str(toDec(c)), reading });

  const lower = ratio(rule.lowerBand);
  const upper = ratio(rule.upperBand);
  let below = rmax(R0, sub(lower, c));
  if (reading === 'points') {
    below = direction === 'atMost' ? rmax(R0, sub(A, T)) : rmax(R0, sub(T, A));
  }
  const hasUpper = direction !== 'atMost' || rule.params.atMostUpperPenalty;
  const above = hasUpper ? rmax(R0, sub(c, upper)) : R0;

  if (isZero(below) && isZero(above)) {
    if (direction === 'atMost' && !rule.params.atMostUpperPenalty) {
      steps.push({ code: 'at_most_met', target: str(q.target), actual: str(q.actual), unit: q.unit });
    } else {
      steps.push({ code: 'within_band', lower: str(rule.lowerBand), upper: str(rule.upperBand), ruleRef: rule.ruleRef });
    }
    return done(R1, c);
  }

  let deduction = R0;
  if (!isZero(below)) {
    const counted = countPoints(below, rule.params.fractionalPoints);
    const d = mul(counted, ratio(rule.belowSlope));
    deduction = add(deduction, d);
    steps.push({ code: 'below_target', points: str(toDec(below)), counted: str(toDec(counted)), slope: str(rule.belowSlope), deduction: str(toDec(d)), ruleRef: rule.ruleRef });
  }
  if (!isZero(above)) {
    const counted = countPoints(above, rule.params.fractionalPoints);
    const d = mul(counted, ratio(rule.aboveSlope));
    deduction = add(deduction, d);
    steps.push({ code: 'above_band', upper: str(rule.upperBand), points: str(toDec(above)), counted: str(toDec(counted)), slope: str(rule.aboveSlope), deduction: str(toDec(d)), ruleRef: rule.ruleRef });
  }
  if (cmp(deduction, R1) > 0) {
    steps.push({ code: 'floor_applied', deduction: str(toDec(deduction)) });
    return done(R0, c);
  }
  return done(sub(R1, deduction), c);
}

/** Completion in percent: A ÷ T × 100, or for atMost 100 when A ≤ T, else T ÷ A × 100. */
function completionRatio(direction: Direction, T: Ratio, A: Ratio, atMostUpperPenalty: boolean): Ratio {
  if (direction !== 'atMost') return div(mul(A, R100), T);
  if (cmp(A, T) <= 0 && !atMostUpperPenalty) return R100;
  if (isZero(A)) return R100;
  return div(mul(T, R100), A);
}

/** Completion in percent (see completionRatio), as a decimal. */
export function completion(q: Pick<QuantInput, 'direction' | 'target' | 'actual' | 'exactActual'>, atMostUpperPenalty = false): Dec {
  return toDec(completionRatio(q.direction, ratio(q.target), q.exactActual ?? ratio(q.actual), atMostUpperPenalty));
}

function countPoints(points: Ratio, mode: Parameters['fractionalPoints']): Ratio {
  if (mode === 'floor') return roundToInteger(points, 'floor');
  if (mode === 'ceil') return roundToInteger(points, 'ceil');
  return points;
}

/**
 * weight × factor, rounded as the rule set says. With an exact factor (a Ratio) the rounding is
 * exact; `raw` is the unrounded score as a decimal, for the trace.
 */
export function applyFactor(weight: Dec, factor: Dec | Ratio, places: number, mode: 'halfUp' | 'floor' | 'ceil' | 'down'): { raw: Dec; score: Dec } {
  const exact = mul(ratio(weight), factor instanceof Dec ? ratio(factor) : factor);
  return { raw: toDec(exact), score: roundRatio(exact, places, mode) };
}
