// The audit as a JSON-ready object: every indicator with its score and explanation, the findings,
// the totals, and what in the rule set is unverified. Decimals are strings; scores have 2 decimals.
import type { CategoryId } from '../model/categories.js';
import type { RuleSet } from '../ruleset/schema.js';
import type { FormScore } from '../scoring/form.js';
import type { IndicatorStatus } from '../scoring/indicator.js';
import { explainIndicator, summarizeIndicator } from '../explain/indicator.js';

/** Something the importer could not read (dialogs/ports.ts ImportIssue). */
export type ReportIssue = { line?: number; field?: string; message: string };

export type AuditIndicator = {
  category: string;
  categoryId: CategoryId;
  name: string;
  target: string;
  actual: string;
  weight: string;
  selfScore: string | null;
  score: string;
  status: IndicatorStatus;
  completion: string | null;
  summary: string;
  explanation: string;
};

export type AuditFinding = {
  severity: 'error' | 'warning';
  code: string;
  subject: string | null;
  message: string;
  overridden: string | null;
};

export type AuditJson = {
  ruleSet: string;
  ruleSetTitle: string;
  total: string;
  maxTotal: string;
  selfTotal: string | null;
  grade: string | null;
  indicators: AuditIndicator[];
  findings: AuditFinding[];
  categories: FormScore['categories'];
  derived: FormScore['derived'];
  /** Values of the rule set not checked against the official documents. */
  unverified: string[];
  notes: string[];
};

export function auditJson(score: FormScore, ruleSet: RuleSet): AuditJson {
  return {
    ruleSet: score.ruleSet,
    ruleSetTitle: ruleSet.title,
    total: score.total,
    maxTotal: score.maxTotal,
    selfTotal: score.selfTotal ?? null,
    grade: score.grade ?? null,
    indicators: score.indicators.map((r) => ({
      category: r.categoryLabel,
      categoryId: r.category,
      name: r.name,
      target: r.target,
      actual: r.actual,
      weight: r.weight,
      selfScore: r.selfScore ?? null,
      score: r.score,
      status: r.status,
      completion: r.completion ?? null,
      summary: summarizeIndicator(r, ruleSet),
      explanation: explainIndicator(r, ruleSet),
    })),
    findings: score.findings.map((f) => ({
      severity: f.severity,
      code: f.code,
      subject: f.subject ?? null,
      message: f.message,
      overridden: f.overridden ?? null,
    })),
    categories: score.categories,
    derived: score.derived,
    unverified: [...ruleSet.meta.unverified],
    notes: [...ruleSet.meta.notes],
  };
}
