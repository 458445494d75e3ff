// Immutable edits of the form model. Each returns a new Form; none validates (validate.ts does,
// before). The result always passes the zod model because the values come from validators.
import {
  CATEGORY_IDS,
  dec,
  findCommonIndicator,
  fixed,
  ruleSetForForm,
  scoreForm,
  type CategoryId,
  type Form,
  type Indicator,
  type SubItem,
} from '../../rules/index.js';
import type { EditableField } from './slots.js';

export function getField(form: Form, path: EditableField): string | number | undefined {
  const [section, key] = path.split('.') as [keyof Form, string];
  const part = form[section] as Record<string, string | number | undefined>;
  return part[key];
}

/** Sets (or, with undefined, clears) one field. */
export function setField(form: Form, path: EditableField, value: string | number | undefined): Form {
  const [section, key] = path.split('.') as [keyof Form, string];
  const part = { ...(form[section] as Record<string, unknown>) };
  if (value === undefined) delete part[key];
  else part[key] = value;
  return { ...form, [section]: part };
}

export function addSubItem(form: Form, item: SubItem): Form {
  return { ...form, subItems: [...form.subItems, item] };
}

export function updateSubItem(form: Form, index: number, patch: Partial<SubItem>): Form {
  return { ...form, subItems: form.subItems.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

export function deleteSubItem(form: Form, index: number): Form {
  return { ...form, subItems: form.subItems.filter((_, i) => i !== index) };
}

const order = (c: CategoryId) => CATEGORY_IDS.indexOf(c);

/** Inserts an indicator after the last one of its category (table order); returns the new index. */
export function insertIndicator(form: Form, ind: Indicator): { form: Form; index: number } {
  let at = 0;
  form.indicators.forEach((x, i) => {
    if (order(x.category) <= order(ind.category)) at = i + 1;
  });
  const indicators = [...form.indicators.slice(0, at), ind, ...form.indicators.slice(at)];
  return { form: { ...form, indicators }, index: at };
}

/** Applies a patch; keys whose value is undefined are removed. */
export function updateIndicator(form: Form, index: number, patch: { [K in keyof Indicator]?: Indicator[K] | undefined }): Form {
  return {
    ...form,
    indicators: form.indicators.map((x, i) => {
      if (i !== index) return x;
      const next: Record<string, unknown> = { ...x };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      return next as Indicator;
    }),
  };
}

export function deleteIndicator(form: Form, index: number): Form {
  return { ...form, indicators: form.indicators.filter((_, i) => i !== index) };
}

/** The rule set's common 投入 indicators, pre-filled with their targets, when the form has none. */
export function ensureCommonIndicators(form: Form): Form {
  if (form.indicators.some((i) => i.category === 'input')) return form;
  const rs = ruleSetForForm(form);
  const common: Indicator[] = rs.commonIndicators.map((c) => ({ category: c.category, name: c.name, target: c.target }));
  return { ...form, indicators: [...common, ...form.indicators] };
}

/** Whether the indicator's actual is computed from the budget block (预算执行率). */
export function isComputed(form: Form, index: number): boolean {
  const ind = form.indicators[index];
  if (!ind) return false;
  return findCommonIndicator(ruleSetForForm(form), ind.category, ind.name)?.source === 'executionRate';
}

export function mayBeNotApplicable(form: Form, index: number): boolean {
  const ind = form.indicators[index];
  if (!ind) return false;
  return Boolean(findCommonIndicator(ruleSetForForm(form), ind.category, ind.name)?.mayBeNotApplicable);
}

/**
 * Keeps the computed 预算执行率's written actual in step with the budget block: set when it was
 * empty or showed the previous computed value; a different figure (an imported form's) is kept
 * and flagged by the check, never overwritten.
 */
export function syncExecutionRate(before: Form, after: Form): Form {
  const was = scoreForm(before).derived.executionRate;
  const now = scoreForm(after).derived.executionRate;
  const show = (v: string | undefined) => (v === undefined ? undefined : `${fixed(dec(v), 2)}%`);
  let form = after;
  after.indicators.forEach((ind, i) => {
    if (!isComputed(after, i)) return;
    const current = ind.actual;
    if (current === undefined || current === '' || current === show(was)) {
      const next = show(now);
      if (next !== current) form = updateIndicator(form, i, { actual: next });
    }
  });
  return form;
}
