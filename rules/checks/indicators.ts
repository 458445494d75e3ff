// Findings about single indicators, read from their score traces (domain.md §3).
import { dec, fixed, str } from '../core/decimal.js';
import type { Form } from '../model/form.js';
import type { RuleSet } from '../ruleset/schema.js';
import type { Derived } from '../scoring/derived.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import { parseActualText } from '../parse/quantity.js';
import { findCommonIndicator } from '../scoring/weights.js';
import { result, type CheckResult } from './types.js';

const OVER_COMPLETION = dec(130);

export function checkIndicators(form: Form, results: readonly IndicatorResult[], ruleSet: RuleSet, d: Derived): CheckResult[] {
  const out: CheckResult[] = [];
  for (const r of results) {
    const ind = form.indicators[r.index];
    const at = { subject: r.name, indicatorIndex: r.index };
    for (const step of r.trace) {
      if (step.code === 'not_a_number') out.push(result('indicator.not-a-number', 'fail', { text: step.text, explained: String(step.explained) }, at));
      if (step.code === 'missing_value') out.push(result('indicator.missing-value', 'fail', { explained: String(step.explained), note: ind.note ?? '' }, at));
      if (step.code === 'unit_mismatch') out.push(result('indicator.unit-mismatch', 'fail', { targetUnit: step.targetUnit, actualUnit: step.actualUnit }, at));
      if (step.code === 'qualitative_ungraded') out.push(result('indicator.needs-grade', 'fail', { target: step.target, actual: step.actual }, at));
      if (step.code === 'negative_actual') out.push(result('indicator.negative-actual', 'fail', { value: step.value }, at));
      if (step.code === 'target_missing') out.push(result('indicator.target-missing', 'fail', {}, at));
    }
    if (r.selfScore !== undefined && r.status !== 'not-applicable') {
      const same = dec(r.selfScore).equals(dec(r.score));
      out.push(result('indicator.self-score-mismatch', same ? 'pass' : 'fail', { self: r.selfScore, score: r.score, diff: fixed(dec(r.selfScore).minus(dec(r.score)), 2), reason: ind.selfScoreReason?.trim() ?? '' }, at));
    }
    if (r.completion !== undefined && r.kind === 'quantitative') {
      const high = dec(r.completion).greaterThanOrEqualTo(OVER_COMPLETION);
      const noted = Boolean(ind.note && ind.note.trim() !== '');
      out.push(result('indicator.over-completion', high && !noted ? 'fail' : 'pass', { completion: fixed(dec(r.completion), 2) }, at));
    }
    const common = findCommonIndicator(ruleSet, r.category, r.name);
    if (common?.source === 'executionRate') {
      out.push(checkExecutionRate(ind.actual, d, at));
    }
  }
  return out;
}

function checkExecutionRate(actual: string | undefined, d: Derived, at: { subject: string; indicatorIndex: number }): CheckResult {
  if (d.executionRate === undefined) return result('indicator.execution-rate', 'undecided', {}, at);
  const computed = fixed(d.executionRate, 2);
  const parsed = parseActualText(actual ?? '');
  if (parsed.kind === 'empty') return result('indicator.execution-rate', 'pass', { computed }, at);
  if (parsed.kind !== 'number') return result('indicator.execution-rate', 'fail', { computed, stated: actual ?? '' }, at);
  const stated = fixed(parsed.value, 2);
  return result('indicator.execution-rate', stated === computed ? 'pass' : 'fail', { computed, stated: `${str(parsed.value)}${parsed.unit}`, exact: str(d.executionRate) }, at);
}
