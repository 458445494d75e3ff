// The machine-readable trace of one indicator's score: each step a code plus the figures involved,
// decimals as strings. rules/explain renders it into Chinese; nothing else interprets it.
import type { DecString } from '../core/decimal.js';
import type { Direction } from '../parse/quantity.js';
import type { WeightSource } from './weights.js';

export type TraceStep =
  | { code: 'weight'; weight: DecString; source: WeightSource; ruleWeight?: DecString; ruleRef: string }
  | { code: 'not_applicable' }
  | { code: 'target_missing' }
  | { code: 'computed_actual'; formula: 'executionRate'; paid: DecString; base: DecString; percent: DecString; display: DecString }
  | { code: 'missing_value'; explained: boolean; ruleRef: string }
  | { code: 'not_a_number'; text: string; explained: boolean; ruleRef: string }
  | { code: 'negative_actual'; value: DecString }
  | { code: 'unit_mismatch'; targetUnit: string; actualUnit: string }
  | {
      code: 'completion';
      direction: Direction;
      target: DecString;
      actual: DecString;
      unit: string;
      completion: DecString;
      reading: 'ratio' | 'points';
    }
  | { code: 'zero_target'; direction: Direction; actual: DecString; met: boolean }
  | { code: 'within_band'; lower: DecString; upper: DecString; ruleRef: string }
  | { code: 'at_most_met'; target: DecString; actual: DecString; unit: string }
  | { code: 'below_target'; points: DecString; counted: DecString; slope: DecString; deduction: DecString; ruleRef: string }
  | { code: 'above_band'; upper: DecString; points: DecString; counted: DecString; slope: DecString; deduction: DecString; ruleRef: string }
  | { code: 'floor_applied'; deduction: DecString }
  | { code: 'qualitative_met'; target: string; actual: string; fraction: DecString; ruleRef: string }
  | { code: 'qualitative_no'; target: string; actual: string; fraction: DecString }
  | { code: 'qualitative_grade'; grade: string; fraction: DecString; chosen: 'actual' | 'user'; ruleRef: string }
  | { code: 'qualitative_ungraded'; target: string; actual: string }
  | { code: 'score'; raw: DecString; score: DecString; weight: DecString; places: number };

export type TraceCode = TraceStep['code'];

/** What it would take to get the points back. */
export type Advice =
  | { kind: 'full' }
  | { kind: 'provide-value'; target: string }
  | { kind: 'qualitative'; target: string }
  | { kind: 'fix-unit'; unit: string }
  | {
      kind: 'quantitative';
      /** Full marks from this actual on (below target) … */
      fullFrom?: DecString;
      /** … and up to this actual (above the band, or an atMost target). */
      fullUpTo?: DecString;
      unit: string;
      nearby?: { actual: DecString; score: DecString };
      /** For 预算执行率: the 实际支付数 needed for full marks and for the nearby value. */
      paidForFull?: DecString;
      paidForNearby?: DecString;
    };
