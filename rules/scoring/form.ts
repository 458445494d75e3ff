// Scores a whole form: weights, every indicator, category and grand totals, derived figures and
// every cross-check. Pure: the same form and rule set always give the same FormScore.
import { dec, fixed, str, sum, type DecString } from '../core/decimal.js';
import { Form } from '../model/form.js';
import { runChecks, type CheckResult } from '../checks/index.js';
import { renderFinding } from '../explain/findings.js';
import type { RuleSet } from '../ruleset/schema.js';
import { ruleSetForForm } from '../ruleset/registry.js';
import { deriveFigures, type Derived } from './derived.js';
import { scoreIndicator, type IndicatorResult, type ScoringContext } from './indicator.js';
import { effectiveCategoryTotal, resolveWeights, type ResolvedWeight } from './weights.js';

export type Finding = CheckResult & { message: string; overridden?: string };

export type CategoryScore = { id: string; label: string; total: DecString; weight: DecString; score: DecString; count: number };

export type FormScore = {
  ruleSet: string;
  indicators: IndicatorResult[];
  categories: CategoryScore[];
  total: DecString;
  maxTotal: DecString;
  /** Σ of the self-scores given (undefined when none was given). */
  selfTotal?: DecString;
  derived: { [K in keyof Derived]?: DecString };
  checks: CheckResult[];
  /** The failed checks, worded, errors first. */
  findings: Finding[];
  grade?: string;
};

export type ScoreOptions = { ruleSet?: RuleSet; final?: boolean };

/**
 * Scores are a pure function of (form value, rule set, final), and the conversation asks for the same
 * form's score several times a turn: the last few results per rule set are kept, keyed by the form's
 * JSON, and handed out deeply frozen so that no caller can change a shared result.
 */
const CACHE_SIZE = 32;
const cache = new WeakMap<RuleSet, Map<string, FormScore>>();

/** Forms deeply frozen by freezeForm: their content cannot change, so their scores are kept by identity too. */
const frozenForms = new WeakSet<object>();
const byIdentity = new WeakMap<object, { ruleSet: RuleSet; P?: FormScore; F?: FormScore }>();

/**
 * Deeply freezes a form (every nested object and array) and returns it. Scoring a frozen form again
 * (the conversation does so several times a turn) then costs a lookup, without serialising it.
 */
export function freezeForm<T extends Form>(form: T): T {
  freezeAll(form);
  frozenForms.add(form);
  return form;
}

function freezeAll(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  for (const v of Object.values(value)) freezeAll(v);
  Object.freeze(value);
}

export function scoreForm(input: Form, options: ScoreOptions = {}): FormScore {
  if (options.ruleSet !== undefined || !frozenForms.has(input)) return scoreByValue(input, options);
  // The rule set is looked up each time: the registry may have changed since.
  const ruleSet = ruleSetForForm(input);
  const slot = options.final ? 'F' : 'P';
  let kept = byIdentity.get(input);
  if (kept?.ruleSet !== ruleSet) kept = { ruleSet };
  const score = kept[slot] ?? scoreByValue(input, { ...options, ruleSet });
  kept[slot] = score;
  byIdentity.set(input, kept);
  return score;
}

function scoreByValue(input: Form, options: ScoreOptions): FormScore {
  // Keyed by the input's JSON, before validation: the same JSON always parses to the same form, so a
  // hit skips the zod parse as well as the audit. A miss parses (and throws on an invalid form) first.
  const key = cacheKey(input, options.final ?? false);
  const known = key === undefined ? undefined : (options.ruleSet ?? ruleSetOfRaw(input));
  const hit = known && lookup(known, key!);
  if (hit) return hit;
  const form = Form.parse(input);
  const ruleSet = options.ruleSet ?? ruleSetForForm(form);
  const score = deepFreeze(computeScore(form, ruleSet, options.final ?? false));
  if (key === undefined) return score;
  const perRuleSet = cache.get(ruleSet) ?? new Map<string, FormScore>();
  cache.set(ruleSet, perRuleSet);
  perRuleSet.set(key, score);
  if (perRuleSet.size > CACHE_SIZE) perRuleSet.delete(perRuleSet.keys().next().value!);
  return score;
}

/** The input's JSON (with the final flag), or undefined when it has none (then zod reports why). */
function cacheKey(input: unknown, final: boolean): string | undefined {
  try {
    return `${final ? 'F' : 'P'}${JSON.stringify(input)}`;
  } catch {
    return undefined;
  }
}

/** The rule set an unvalidated form names, if any: only to look in the cache (a hit was parsed before). */
function ruleSetOfRaw(input: unknown): RuleSet | undefined {
  try {
    return ruleSetForForm(input as Form);
  } catch {
    return undefined;
  }
}

function lookup(ruleSet: RuleSet, key: string): FormScore | undefined {
  const perRuleSet = cache.get(ruleSet);
  const hit = perRuleSet?.get(key);
  if (hit && perRuleSet) {
    perRuleSet.delete(key);
    perRuleSet.set(key, hit);
  }
  return hit;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * An indicator's result is a pure function of (indicator, index, resolved weight, 预算执行率, rule set),
 * and a changed form keeps all its indicators but one: the last results are kept per rule set, keyed
 * by the JSON of all of that, so that scoring a new form re-scores only what changed.
 */
const INDICATOR_CACHE_SIZE = 512;
const indicatorCache = new WeakMap<RuleSet, Map<string, IndicatorResult>>();

function indicatorResult(ind: Form['indicators'][number], i: number, w: ResolvedWeight, ruleSet: RuleSet, ctx: ScoringContext): IndicatorResult {
  const r = ctx.executionRate;
  const key = JSON.stringify([i, ind, str(w.weight), w.source, w.ruleWeight === undefined ? null : str(w.ruleWeight), r ? [str(r.percent), str(r.paid), str(r.base)] : null]);
  const perRuleSet = indicatorCache.get(ruleSet) ?? new Map<string, IndicatorResult>();
  indicatorCache.set(ruleSet, perRuleSet);
  const known = perRuleSet.get(key);
  if (known) {
    perRuleSet.delete(key);
    perRuleSet.set(key, known);
    return known;
  }
  // Frozen at once: the same result may go into several scores.
  const result = deepFreeze(scoreIndicator(ind, i, w, ruleSet, ctx));
  perRuleSet.set(key, result);
  if (perRuleSet.size > INDICATOR_CACHE_SIZE) perRuleSet.delete(perRuleSet.keys().next().value!);
  return result;
}

function computeScore(form: Form, ruleSet: RuleSet, final: boolean): FormScore {
  const d = deriveFigures(form);
  const weights = resolveWeights(form.indicators, ruleSet);
  const executionRate =
    d.executionRate !== undefined ? { percent: d.executionRate, paid: dec(form.funds.paid!), base: d.adjustedBudget! } : undefined;
  const indicators = form.indicators.map((ind, i) => indicatorResult(ind, i, weights[i], ruleSet, { executionRate }));
  const places = ruleSet.parameters.scorePlaces;
  const categoryTotals = ruleSet.categories.map((cat) => effectiveCategoryTotal(form.indicators, cat, ruleSet));
  const categories = ruleSet.categories.map((cat, k) => {
    const members = indicators.filter((r) => r.category === cat.id);
    return {
      id: cat.id,
      label: cat.label,
      total: str(categoryTotals[k]),
      weight: fixed(sum(members.map((r) => dec(r.weight))), 2),
      score: fixed(sum(members.map((r) => dec(r.score))), places),
      count: members.filter((r) => r.status !== 'not-applicable').length,
    };
  });
  const total = sum(indicators.map((r) => dec(r.score)));
  // A 不适用 row leaves the table, and its self-score with it.
  const selfScores = indicators.filter((r) => r.selfScore !== undefined && r.status !== 'not-applicable').map((r) => dec(r.selfScore!));
  const checks = runChecks(form, indicators, ruleSet, d, final);
  const findings = checks
    .filter((c) => c.status === 'fail')
    .map((c): Finding => {
      const override = form.overrides.find((o) => o.code === c.code && (o.subject === undefined || o.subject === c.subject));
      return { ...c, message: renderFinding(c), ...(override ? { overridden: override.reason } : {}) };
    })
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const derived = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, str(v)]));
  const band = ruleSet.gradeBands.slice().sort((a, b) => dec(b.min).comparedTo(dec(a.min))).find((b) => total.greaterThanOrEqualTo(dec(b.min)));
  return {
    ruleSet: ruleSet.name,
    indicators,
    categories,
    total: fixed(total, places),
    // Out of 80, less any weight dropped with a 不适用 indicator (notApplicable: drop-weight).
    maxTotal: fixed(dec(ruleSet.maxTotal).minus(sum(ruleSet.categories.map((c, k) => dec(c.total).minus(categoryTotals[k])))), places),
    ...(selfScores.length > 0 ? { selfTotal: fixed(sum(selfScores), places) } : {}),
    derived,
    checks,
    findings,
    ...(band ? { grade: band.label } : {}),
  };
}

/** Errors that block export: failed, of severity error, and not overridden with a reason. */
export function blockingFindings(score: FormScore): Finding[] {
  return score.findings.filter((f) => f.severity === 'error' && !f.overridden);
}
