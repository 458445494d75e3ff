// Every rule set of every template, keyed by name and year: the Suzhou rule sets (rules/ruleset) and
// the national ones (rules/national). A rule set names its template; this is where a caller that
// holds only a name (the CLI's --rules, a stored form) finds both.
import { getRuleSet, listRuleSets } from '../ruleset/registry.js';
import type { RuleSet } from '../ruleset/schema.js';
import { getNationalRuleSet, listNationalRuleSets, type NationalRuleSet } from '../national/ruleset.js';
import { getTemplate, type FormTemplate, type TemplateId } from './index.js';

export type AnyRuleSet = { template: 'suzhou'; ruleSet: RuleSet } | { template: 'national'; ruleSet: NationalRuleSet };

export function findAnyRuleSet(name: string): AnyRuleSet | undefined {
  const national = getNationalRuleSet(name);
  if (national) return { template: 'national', ruleSet: national };
  const suzhou = getRuleSet(name);
  return suzhou ? { template: 'suzhou', ruleSet: suzhou } : undefined;
}

/** All rule sets, newest year first within each template. */
export function listAnyRuleSets(): { name: string; year: number; title: string; template: TemplateId }[] {
  const all = [
    ...listRuleSets().map((r) => ({ name: r.name, year: r.year, title: r.title, template: 'suzhou' as const })),
    ...listNationalRuleSets().map((r) => ({ name: r.name, year: r.year, title: r.title, template: 'national' as const })),
  ];
  return all.sort((a, b) => (a.template === b.template ? b.year - a.year : a.template === 'suzhou' ? -1 : 1));
}

/** The template a rule set names. */
export function templateOfRuleSet(name: string): FormTemplate | undefined {
  const found = findAnyRuleSet(name);
  return found ? getTemplate(found.template) : undefined;
}
