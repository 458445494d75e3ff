import type { Form } from '../model/form.js';
import type { RuleSet } from '../ruleset/schema.js';
import type { Derived } from '../scoring/derived.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import { checkBudget } from './budget.js';
import { checkIndicators } from './indicators.js';
import { checkNarrative } from './narrative.js';
import { checkSubItems } from './subitems.js';
import { checkWeights } from './weights.js';

export * from './types.js';

/** Every cross-check of domain.md §3 over the form; `final` treats a missing category as a failure. */
export function runChecks(form: Form, results: readonly IndicatorResult[], ruleSet: RuleSet, d: Derived, final: boolean) {
  return [
    ...checkBudget(form, d),
    ...checkSubItems(form, d),
    ...checkWeights(form, results, ruleSet, final),
    ...checkIndicators(form, results, ruleSet, d),
    ...checkNarrative(form, results),
  ];
}
