// Rule sets keyed by name (and year). Each is validated at load: a broken rule set throws here
// with a clear message, never later during scoring.
import { RuleSetSchema, type RuleSet } from './schema.js';
import { suzhou2021 } from './suzhou2021.js';

const registry = new Map<string, RuleSet>();

/** Validates a rule set and adds it; throws with the zod issues when it is malformed. */
export function registerRuleSet(data: unknown): RuleSet {
  const parsed = RuleSetSchema.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid rule set: ${where}`);
  }
  const rs = parsed.data;
  const ids = new Set(rs.categories.map((c) => c.id));
  for (const ci of rs.commonIndicators) {
    if (!ids.has(ci.category)) throw new Error(`invalid rule set ${rs.name}: common indicator ${ci.name} in unknown category ${ci.category}`);
  }
  registry.set(rs.name, rs);
  return rs;
}

registerRuleSet(suzhou2021);

export const DEFAULT_RULE_SET = 'suzhou-2021';

export function getRuleSet(name: string): RuleSet | undefined {
  return registry.get(name);
}

export function listRuleSets(): RuleSet[] {
  return [...registry.values()];
}

/** The rule set a form uses: its own name, else the newest one whose year is ≤ the project year. */
export function ruleSetForForm(form: { ruleSet?: string; project?: { year?: number } }): RuleSet {
  if (form.ruleSet) {
    const named = registry.get(form.ruleSet);
    if (named) return named;
  }
  const year = form.project?.year;
  const candidates = listRuleSets().sort((a, b) => b.year - a.year);
  const match = year === undefined ? undefined : candidates.find((r) => r.year <= year);
  return match ?? registry.get(DEFAULT_RULE_SET) ?? candidates[0];
}
