// What changed between two scorings of a form, in words: derived figures that appeared or moved,
// indicator scores that moved (预算执行率 由 0.00 分变为 2.50 分), weights re-split, totals, checks
// that newly fail and errors that were resolved.
import { FIELD_LABELS, dec, fixed, ruleSetForForm, show, summarizeIndicator, type CheckResult, type Form, type FormScore, type IndicatorResult } from '../../rules/index.js';
import { CHECK_LABELS, L, M } from '../messages/zh-CN.js';
import { ADD_CATEGORIES, type AddCategory } from './slots.js';
import { weightsLine } from './render.js';

export type DiffOptions = {
  /** The indicator the user just answered: the caller reports it. */
  focus?: number;
  /** Whether the 子项 list is finished (before that, sums are not reported). */
  subItemsDone: boolean;
  /** Check keys (code|subject) the caller reports itself. */
  silence?: ReadonlySet<string>;
  /** Categories still being filled: their weights and scores are provisional and not announced. */
  openCategories?: ReadonlySet<string>;
};

/** Findings the conversation asks about instead of announcing. */
const ASKED_NOT_ANNOUNCED = new Set(['indicator.missing-value', 'indicator.needs-grade', 'indicator.over-completion', 'indicator.self-score-mismatch']);

export const checkKey = (c: Pick<CheckResult, 'code' | 'subject'>) => `${c.code}|${c.subject ?? ''}`;
const indKey = (r: Pick<IndicatorResult, 'category' | 'name'>) => `${r.category}|${r.name}`;
const pct = (v: string) => fixed(dec(v), 2);

export function announceChanges(before: FormScore, afterForm: Form, after: FormScore, opts: DiffOptions): string[] {
  const out: string[] = [];
  const b = before.derived;
  const a = after.derived;

  // Derived figures.
  const amount = (key: 'adjustedBudget' | 'quotaBalance' | 'fundsBalance', label: string, first: () => string) => {
    if (a[key] === undefined) {
      if (b[key] !== undefined) out.push(M.derivedGone(label));
    } else if (b[key] === undefined) out.push(first());
    else if (!dec(b[key]!).equals(dec(a[key]!))) out.push(M.derivedChanged(label, b[key]!, a[key]!, L.wanUnit));
  };
  const bud = afterForm.budget;
  amount('adjustedBudget', L.adjustedBudget, () => M.derived.adjustedBudget(bud.initial!, bud.adjustment!, a.adjustedBudget!));
  amount('quotaBalance', FIELD_LABELS['budget.quotaBalance'], () => M.derived.quotaBalance(bud.initial!, bud.adjustment!, bud.appropriated!, a.quotaBalance!));
  amount('fundsBalance', FIELD_LABELS['funds.balance'], () => M.derived.fundsBalance(bud.appropriated!, afterForm.funds.paid!, a.fundsBalance!));
  const rateAppeared = a.executionRate !== undefined && b.executionRate === undefined;
  if (a.executionRate === undefined) {
    if (b.executionRate !== undefined) out.push(M.derivedGone(L.executionRate));
  } else if (rateAppeared) out.push(M.derived.executionRate(afterForm.funds.paid!, a.adjustedBudget!, pct(a.executionRate)));
  else if (pct(b.executionRate!) !== pct(a.executionRate)) out.push(M.derivedChanged(L.executionRate, pct(b.executionRate!), pct(a.executionRate), '%'));

  // Weights: categories whose number of indicators changed.
  const count = (s: FormScore, cat: string) => s.indicators.filter((r) => r.category === cat && r.status !== 'not-applicable').length;
  const reweighted = new Set<string>();
  for (const cat of ['input', ...ADD_CATEGORIES]) {
    if (count(before, cat) !== count(after, cat) && count(after, cat) > 0) {
      reweighted.add(cat);
      if (cat === 'input') {
        const members = after.indicators.filter((r) => r.category === 'input' && r.status !== 'not-applicable');
        out.push(L.inputWeights(members.map((r) => L.nameWeight(r.name, show(r.weight))).join('、')));
      } else out.push(weightsLine(cat as AddCategory, after, opts.openCategories?.has(cat))!);
    }
  }

  // Indicator scores.
  const rs = ruleSetForForm(afterForm);
  const old = new Map(before.indicators.map((r) => [indKey(r), r]));
  let scoresMoved = false;
  for (const r of after.indicators) {
    if (r.index === opts.focus) continue;
    const prev = old.get(indKey(r));
    const computedNow = r.trace.some((s) => s.code === 'computed_actual');
    if (computedNow && rateAppeared) {
      out.push(summarizeIndicator(r, rs));
      scoresMoved = true;
      continue;
    }
    if (!prev || prev.score === r.score || reweighted.has(r.category) || opts.openCategories?.has(r.category)) continue;
    scoresMoved = true;
    out.push(M.scoreChanged(r.name, prev.score, r.score));
  }
  if (scoresMoved && before.total !== after.total) out.push(M.totalChanged(before.total, after.total, show(after.maxTotal)));

  // Checks that newly fail, errors resolved.
  const was = new Map(before.checks.map((c) => [checkKey(c), c.status]));
  const silence = opts.silence ?? new Set<string>();
  const reportable = (c: CheckResult) =>
    !ASKED_NOT_ANNOUNCED.has(c.code) && !silence.has(checkKey(c)) && (!c.code.startsWith('subitems.') || opts.subItemsDone);
  for (const f of after.findings) {
    if (was.get(checkKey(f)) === 'fail' || !reportable(f)) continue;
    out.push(f.severity === 'error' ? M.newError(f.message) : M.newWarning(f.message));
  }
  const now = new Map(after.checks.map((c) => [checkKey(c), c.status]));
  const resolved = new Set<string>();
  for (const c of before.checks) {
    if (c.status !== 'fail' || c.severity !== 'error' || now.get(checkKey(c)) === 'fail' || !reportable(c)) continue;
    if (resolved.has(c.code)) continue;
    resolved.add(c.code);
    out.push(M.resolved(CHECK_LABELS[c.code] ?? c.code));
  }
  return out;
}
