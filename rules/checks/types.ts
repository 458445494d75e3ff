import type { DecString } from '../core/decimal.js';

export const CHECK_CODES = [
  'budget.quota-balance',
  'funds.balance',
  'funds.balance-split',
  'funds.order',
  'subitems.actual-sum',
  'subitems.budget-sum',
  'weights.category-sum',
  'indicator.execution-rate',
  'indicator.not-a-number',
  'indicator.missing-value',
  'indicator.self-score-mismatch',
  'indicator.over-completion',
  'indicator.unit-mismatch',
  'indicator.needs-grade',
  'indicator.negative-actual',
  'indicator.target-missing',
  'narrative.figure-mismatch',
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export type Severity = 'error' | 'warning';

export const SEVERITY: Record<CheckCode, Severity> = {
  'budget.quota-balance': 'error',
  'funds.balance': 'error',
  'funds.balance-split': 'error',
  'funds.order': 'error',
  'subitems.actual-sum': 'error',
  'subitems.budget-sum': 'warning',
  'weights.category-sum': 'error',
  'indicator.execution-rate': 'warning',
  'indicator.not-a-number': 'warning',
  'indicator.missing-value': 'warning',
  'indicator.self-score-mismatch': 'warning',
  'indicator.over-completion': 'warning',
  'indicator.unit-mismatch': 'warning',
  'indicator.needs-grade': 'warning',
  'indicator.negative-actual': 'error',
  'indicator.target-missing': 'warning',
  'narrative.figure-mismatch': 'warning',
};

/**
 * The outcome of one check on one subject. `undecided` when the figures it needs are not there yet
 * (a form in progress); `params` holds the figures as strings for the message.
 */
export type CheckResult = {
  code: CheckCode;
  severity: Severity;
  status: 'pass' | 'fail' | 'undecided';
  /** The field path or indicator name the result is about. */
  subject?: string;
  indicatorIndex?: number;
  params: Record<string, DecString | string>;
};

export function result(code: CheckCode, status: CheckResult['status'], params: CheckResult['params'] = {}, extra: Pick<CheckResult, 'subject' | 'indicatorIndex'> = {}): CheckResult {
  return { code, severity: SEVERITY[code], status, params, ...extra };
}
