// Rule sets keyed by name (and year). Each is validated at load: a broken rule set throws here
// with a clear message, never later during scoring.
import { dec, str, sum } from '../core/decimal.js';
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
  const problems = consistencyProblems(rs);
  if (problems.length > 0) throw new Error(`invalid rule set ${rs.name}: ${problems.join('; ')}`);
  registry.set(rs.name, rs);
  return rs;
}

/** What the schema cannot say: totals that add up, references that exist, defaults among the alternatives. */
function consistencyProblems(rs: RuleSet): string[] {
  const problems: string[] = [];
  const ids = rs.categories.map((c) => c.id);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`category ${id} is listed twice`);
    seen.add(id);
  }
  for (const ci of rs.commonIndicators) {
    if (!seen.has(ci.category)) problems.push(`common indicator ${ci.name} in unknown category ${ci.category}`);
  }
  const names = new Set<string>();
  for (const ci of rs.commonIndicators) {
    const key = `${ci.category}/${ci.name}`;
    if (names.has(key)) problems.push(`common indicator ${ci.name} is listed twice`);
    names.add(key);
  }
  const totals = sum(rs.categories.map((c) => dec(c.total)));
  if (!totals.equals(dec(rs.maxTotal))) problems.push(`category totals sum to ${str(totals)}, not maxTotal ${rs.maxTotal}`);
  for (const cat of rs.categories) {
    if (dec(cat.upperBand).lessThan(dec(rs.quantitative.lowerBand))) {
      problems.push(`category ${cat.id}: upperBand ${cat.upperBand} is below lowerBand ${rs.quantitative.lowerBand}`);
    }
    if (!Object.hasOwn(rs.ruleTexts, cat.ruleRef)) problems.push(`category ${cat.id}: ruleRef ${cat.ruleRef} has no text in ruleTexts`);
    if (cat.weighting === 'fixed') {
      const members = rs.commonIndicators.filter((ci) => ci.category === cat.id);
      const fixedSum = sum(members.map((ci) => dec(ci.weight)));
      if (members.length === 0) problems.push(`category ${cat.id} is weighted 'fixed' but has no common indicators`);
      else if (!fixedSum.equals(dec(cat.total))) problems.push(`category ${cat.id}: common indicator weights sum to ${str(fixedSum)}, not its total ${cat.total}`);
    }
  }
  for (const ref of ['r3', 'r8', 'qualitative']) {
    if (!Object.hasOwn(rs.ruleTexts, ref)) problems.push(`ruleTexts.${ref} is missing (explanations quote it)`);
  }
  for (const [param, options] of Object.entries(rs.alternatives)) {
    const value = Object.hasOwn(rs.parameters, param) ? (rs.parameters as Record<string, unknown>)[param] : undefined;
    if (value === undefined) problems.push(`alternatives.${param}: no such parameter`);
    else if (!options.includes(String(value))) problems.push(`parameters.${param} = ${String(value)} is not among its alternatives (${options.join(', ')})`);
  }
  return problems;
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
