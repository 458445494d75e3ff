// The quantitative rule (填表说明第4条, domain.md §4.2) as pure arithmetic over decimals.
import { Dec, HUNDRED, ONE, ZERO, max, round, str } from '../core/decimal.js';
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

export type QuantInput = { direction: Direction; target: Dec; actual: Dec; unit: string; percent: boolean };

/** The share of the weight earned (0 … 1) and the steps that led there. A negative actual is the caller's error. */
export function quantitativeFactor(q: QuantInput, rule: BandRule): { factor: Dec; completion?: Dec; steps: TraceStep[] } {
  const steps: TraceStep[] = [];
  const { direction, target: T, actual: A } = q;
  if (T.isZero()) {
    const met = direction === 'atLeast' ? A.greaterThanOrEqualTo(0) : A.lessThanOrEqualTo(0);
    steps.push({ code: 'zero_target', direction, actual: str(A), met });
    return { factor: met ? ONE : ZERO, steps };
  }
  const c = completion(q, rule.params.atMostUpperPenalty);
  const reading = q.percent && rule.params.percentReading === 'points' ? 'points' : 'ratio';
  steps.push({ code: 'completion', direction, target: str(T), actual: str(A), unit: q.unit, completion: str(c), reading });

  let below = max(ZERO, rule.lowerBand.minus(c));
  if (reading === 'points') {
    below = direction === 'atMost' ? max(ZERO, A.minus(T)) : max(ZERO, T.minus(A));
  }
  const hasUpper = direction !== 'atMost' || rule.params.atMostUpperPenalty;
  const above = hasUpper ? max(ZERO, c.minus(rule.upperBand)) : ZERO;

  if (below.isZero() && above.isZero()) {
    if (direction === 'atMost' && !rule.params.atMostUpperPenalty) {
      steps.push({ code: 'at_most_met', target: str(T), actual: str(A), unit: q.unit });
    } else {
      steps.push({ code: 'within_band', lower: str(rule.lowerBand), upper: str(rule.upperBand), ruleRef: rule.ruleRef });
    }
    return { factor: ONE, completion: c, steps };
  }

  let deduction = ZERO;
  if (below.greaterThan(0)) {
    const counted = countPoints(below, rule.params.fractionalPoints);
    const d = counted.times(rule.belowSlope);
    deduction = deduction.plus(d);
    steps.push({ code: 'below_target', points: str(below), counted: str(counted), slope: str(rule.belowSlope), deduction: str(d), ruleRef: rule.ruleRef });
  }
  if (above.greaterThan(0)) {
    const counted = countPoints(above, rule.params.fractionalPoints);
    const d = counted.times(rule.aboveSlope);
    deduction = deduction.plus(d);
    steps.push({ code: 'above_band', upper: str(rule.upperBand), points: str(above), counted: str(counted), slope: str(rule.aboveSlope), deduction: str(d), ruleRef: rule.ruleRef });
  }
  if (deduction.greaterThan(ONE)) {
    steps.push({ code: 'floor_applied', deduction: str(deduction) });
    return { factor: ZERO, completion: c, steps };
  }
  return { factor: ONE.minus(deduction), completion: c, steps };
}

/** Completion in percent: A ÷ T × 100, or for atMost 100 when A ≤ T, else T ÷ A × 100. */
export function completion(q: Pick<QuantInput, 'direction' | 'target' | 'actual'>, atMostUpperPenalty = false): Dec {
  const { direction, target: T, actual: A } = q;
  if (direction !== 'atMost') return A.dividedBy(T).times(HUNDRED);
  if (A.lessThanOrEqualTo(T) && !atMostUpperPenalty) return HUNDRED;
  if (A.isZero()) return HUNDRED;
  return T.dividedBy(A).times(HUNDRED);
}

function countPoints(points: Dec, mode: Parameters['fractionalPoints']): Dec {
  if (mode === 'floor') return round(points, 0, 'floor');
  if (mode === 'ceil') return round(points, 0, 'ceil');
  return points;
}

/** weight × factor, rounded as the rule set says. */
export function applyFactor(weight: Dec, factor: Dec, places: number, mode: 'halfUp' | 'floor' | 'ceil' | 'down'): { raw: Dec; score: Dec } {
  const raw = weight.times(factor);
  return { raw, score: round(raw, places, mode) };
}

