// The checklist: every item of the form in order, each filled, missing or skipped, re-evaluated
// from the form on every turn (no step counter). `nextField` is the first missing item; broken
// identities ("conflicts") are asked right after the last figure they involve.
import { NARRATIVE_KEYS, scoreForm, type CategoryId, type CheckCode, type Finding, type Form, type FormScore } from '../../rules/index.js';
import { getField, isComputed } from './formEdit.js';
import type { FormEntry } from './session.js';
import { selfScoreNeed } from './selfScores.js';
import { ADD_CATEGORIES, ASKED_FIELDS, slotId, type EditableField, type Slot } from './slots.js';
import { actualIsValid } from './validate.js';

export type ItemState = 'filled' | 'missing' | 'skipped';
export type Item = { slot: Slot; id: string; state: ItemState };

/** The part of a session entry the checklist reads. */
export type ChecklistState = Pick<FormEntry, 'form' | 'skipped' | 'done' | 'draft'>;

/** What a broken identity lets the user fix: a field, the 子项 list, or a category's weights. */
export type ConflictTarget = EditableField | 'subItems';

const CONFLICT_CODES: ReadonlySet<CheckCode> = new Set(['budget.quota-balance', 'funds.balance', 'funds.balance-split', 'funds.order', 'subitems.actual-sum']);

/** The figures involved in a failed identity, in the order the form shows them. */
export function conflictFields(f: Pick<Finding, 'code' | 'params'>, form: Form): ConflictTarget[] {
  switch (f.code) {
    case 'budget.quota-balance':
      return ['budget.initial', 'budget.adjustment', 'budget.appropriated', 'budget.quotaBalance'];
    case 'funds.balance':
      return ['budget.appropriated', 'funds.paid', 'funds.balance'];
    case 'funds.balance-split':
      return form.funds.balance !== undefined
        ? ['funds.balance', 'funds.carriedOver', 'funds.recovered']
        : ['budget.appropriated', 'funds.paid', 'funds.carriedOver', 'funds.recovered'];
    case 'funds.order':
      switch (f.params.rule) {
        case 'paid>appropriated':
          return ['budget.appropriated', 'funds.paid'];
        case 'appropriated>adjusted':
          return ['budget.initial', 'budget.adjustment', 'budget.appropriated'];
        case 'adjusted<0':
          return ['budget.initial', 'budget.adjustment'];
        default:
          return typeof f.params.field === 'string' ? [f.params.field as EditableField] : [];
      }
    case 'subitems.actual-sum':
      return ['funds.paid', 'subItems'];
    default:
      return [];
  }
}

/** Failed identities that still need the user: errors, not overridden, decided. */
export function openConflicts(state: ChecklistState, score: FormScore = scoreForm(state.form)): Finding[] {
  return score.findings.filter(
    (f) => f.severity === 'error' && !f.overridden && CONFLICT_CODES.has(f.code) && (f.code !== 'subitems.actual-sum' || state.done.subItems),
  );
}

const stateOf = (filled: boolean, skipped: boolean): ItemState => (filled ? 'filled' : skipped ? 'skipped' : 'missing');

/**
 * The checklist is asked for several times a turn on the same state: the last few are kept, keyed by
 * the JSON of what it reads (form, skipped, done, draft) and the score it was built from, and handed
 * out frozen.
 */
const MEMO_SIZE = 16;
const memo = new Map<string, { score: FormScore; items: readonly Item[] }>();

/** Every item in order (conflicts placed after the last figure they involve), ending with review. */
export function checklist(state: ChecklistState, score: FormScore = scoreForm(state.form)): readonly Item[] {
  let key: string | undefined;
  try {
    key = JSON.stringify([state.form, state.skipped, state.done, state.draft ?? null]);
  } catch {
    key = undefined;
  }
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit && hit.score === score) return hit.items;
  const items = Object.freeze(buildChecklist(state, score).map((it) => Object.freeze({ ...it, slot: Object.freeze(it.slot) })));
  if (key !== undefined) {
    memo.delete(key);
    memo.set(key, { score, items });
    if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  }
  return items;
}

function buildChecklist(state: ChecklistState, score: FormScore): Item[] {
  const { form, skipped, done, draft } = state;
  const items: Item[] = [];
  const push = (slot: Slot, filled: boolean) => {
    const id = slotId(slot);
    items.push({ slot, id, state: stateOf(filled, id in skipped) });
  };

  for (const path of ASKED_FIELDS) push({ kind: 'field', path }, getField(form, path) !== undefined);

  form.subItems.forEach((s, index) => {
    push({ kind: 'subItem', index, part: 'budget' }, s.budget !== undefined);
    push({ kind: 'subItem', index, part: 'actual' }, s.actual !== undefined);
  });
  push({ kind: 'subItems.add' }, done.subItems);
  const subItemsEnd = items.length;

  const pushIndicator = (index: number) => {
    const ind = form.indicators[index];
    if (isComputed(form, index) || ind.notApplicable) return;
    push({ kind: 'indicator', index, part: 'actual' }, actualIsValid(form, index));
    const r = score.indicators[index];
    if (r?.status === 'needs-grade' || ind.grade !== undefined) push({ kind: 'indicator', index, part: 'grade' }, ind.grade !== undefined);
    const over = score.checks.find((c) => c.code === 'indicator.over-completion' && c.indicatorIndex === index);
    if (over?.status === 'fail') push({ kind: 'indicator', index, part: 'note' }, false);
  };
  // Each category's self-scores once its weights are settled: 投入 after its actuals, the others
  // once closed ("完成"). Filled when given and equal to the rule score or given with a reason.
  const pushSelfScores = (category: CategoryId) =>
    form.indicators.forEach((ind, index) => {
      if (ind.category === category && !ind.notApplicable) push({ kind: 'indicator', index, part: 'selfScore' }, selfScoreNeed(form, score, index) === 'done');
    });
  form.indicators.forEach((ind, index) => ind.category === 'input' && pushIndicator(index));
  pushSelfScores('input');
  for (const category of ADD_CATEGORIES) {
    form.indicators.forEach((ind, index) => ind.category === category && pushIndicator(index));
    if (draft?.category === category) push({ kind: 'indicators.target', category }, false);
    push({ kind: 'indicators.add', category }, done.categories.includes(category));
    if (done.categories.includes(category)) pushSelfScores(category);
  }

  for (const key of NARRATIVE_KEYS) push({ kind: 'field', path: `narrative.${key}` }, Boolean(form.narrative[key]?.trim()));

  // Conflicts, each after its anchor: the last of its figures in the list.
  const conflicts = openConflicts(state, score).map((f) => {
    const targets = conflictFields(f, form);
    const positions = targets.map((t) => (t === 'subItems' ? subItemsEnd - 1 : items.findIndex((it) => it.id === t)));
    const anchor = Math.max(-1, ...positions);
    const slot: Slot = { kind: 'conflict', code: f.code, subject: f.subject ?? '' };
    return { anchor, item: { slot, id: slotId(slot), state: stateOf(false, slotId(slot) in skipped) } as Item };
  });
  for (const { anchor, item } of conflicts.sort((a, b) => b.anchor - a.anchor)) {
    if (!items.some((it) => it.id === item.id)) items.splice(anchor + 1, 0, item);
  }

  items.push({ slot: { kind: 'review' }, id: 'review', state: 'missing' });
  return items;
}

/** The first missing item: the next question when nothing else is pending. */
export function nextField(state: ChecklistState, score?: FormScore): Slot {
  return checklist(state, score).find((it) => it.state === 'missing')!.slot;
}
