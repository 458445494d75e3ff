// 撤回 / 恢复: each turn that changes a form keeps the state before it (bounded, in the session);
// undo restores it and keeps the undone state for redo. A new change clears the redo list.
import { z } from 'zod';
import { Form } from '../../rules/index.js';
import { U } from '../messages/zh-CN.js';
import type { Turn } from './context.js';
import { FormEntry, MAX_UNDO, type UndoStep } from './session.js';

/**
 * A step keeps only the parts of the form the change touched (the form is never changed in place,
 * so an untouched part is the same object before and after), plus the checklist bookkeeping. A
 * touched list (indicators, 子项, overrides) keeps only its rows that differ from the form the step
 * is put back onto; each other row is the index of the equal row there.
 */
const Snapshot = z.object({
  form: z.record(z.string(), z.unknown()),
  lists: z.record(z.string(), z.array(z.union([z.number().int().min(0), z.record(z.string(), z.unknown())]))).default({}),
  unset: z.array(z.string()).default([]),
  skipped: FormEntry.shape.skipped,
  /** The history as it was, or only its length when the later one merely added to it. */
  history: FormEntry.shape.history.optional(),
  historyLength: z.number().int().min(0).optional(),
  done: FormEntry.shape.done,
});

const FORM_KEYS = Object.keys(Form.shape) as Array<keyof FormEntry['form']>;

/** The state before a turn, cheaply: the form is never changed in place (each change makes a new one). */
export type Before = { form: FormEntry['form']; skipped: FormEntry['skipped']; history: string[]; done: FormEntry['done'] };

export function before(e: FormEntry): Before {
  return { form: e.form, skipped: { ...e.skipped }, history: [...e.history], done: { ...e.done, categories: [...e.done.categories] } };
}

/** A list as the step keeps it: each row equal to a row of `onto` as that row's index, the others whole. */
function listOf(rows: readonly unknown[], onto: readonly unknown[]): Array<number | unknown> {
  const at = new Map<string, number>();
  onto.forEach((row, k) => {
    const json = JSON.stringify(row);
    if (!at.has(json)) at.set(json, k);
  });
  return rows.map((row) => at.get(JSON.stringify(row)) ?? row);
}

/**
 * The JSON of a step: `form`'s values of `keys` and the bookkeeping (`now`: the history after the
 * change). `onto` is the form the step will be put back onto (the form right after the change).
 */
function stateOf(form: FormEntry['form'], keys: readonly string[], rest: Omit<Before, 'form'>, onto: FormEntry['form'], now?: readonly string[]): string {
  const part: Record<string, unknown> = {};
  const lists: Record<string, unknown[]> = {};
  const unset: string[] = [];
  for (const k of keys) {
    const v = (form as Record<string, unknown>)[k];
    const there = (onto as Record<string, unknown>)[k];
    if (v === undefined) unset.push(k);
    else if (Array.isArray(v) && Array.isArray(there)) lists[k] = listOf(v, there);
    else part[k] = v;
  }
  const h = rest.history;
  const prefix = now !== undefined && now.length >= h.length && h.every((id, i) => now[i] === id);
  return JSON.stringify({ form: part, lists, unset, skipped: rest.skipped, ...(prefix ? { historyLength: h.length } : { history: h }), done: rest.done });
}

/** After a turn: when the entry's form changed, the state before is kept for 撤回. */
export function remember(e: FormEntry, was: Before, what: string[]): void {
  if (e.form === was.form) return;
  const keys = FORM_KEYS.filter((k) => e.form[k] !== was.form[k]);
  if (keys.length === 0) return;
  const step: UndoStep = { state: stateOf(was.form, keys, was, e.form, e.history), what: U.changeOf(what).slice(0, 300) };
  e.undo = [...(e.undo ?? []), step].slice(-MAX_UNDO);
  delete e.redo;
}

type Parsed = z.infer<typeof Snapshot>;

function read(step: UndoStep): Parsed | undefined {
  try {
    const parsed = Snapshot.safeParse(JSON.parse(step.state));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Puts a step back; returns the step that takes it back again (for redo or undo). */
function restore(t: Turn, step: UndoStep): UndoStep | undefined {
  const s = read(step);
  if (!s) return undefined;
  const e = t.entry;
  const keys = [...Object.keys(s.form), ...Object.keys(s.lists), ...s.unset];
  const merged: Record<string, unknown> = { ...e.form, ...s.form };
  for (const [k, rows] of Object.entries(s.lists)) {
    const there = (e.form as Record<string, unknown>)[k];
    const list: unknown[] = [];
    for (const row of rows) {
      if (typeof row !== 'number') list.push(row);
      else if (Array.isArray(there) && row < there.length) list.push(there[row]);
      else return undefined;
    }
    merged[k] = list;
  }
  for (const k of s.unset) delete merged[k];
  const form = Form.safeParse(merged);
  if (!form.success) return undefined;
  const prior = { form: e.form, skipped: e.skipped, history: e.history, done: e.done };
  t.commit(form.data);
  const back: UndoStep = { state: stateOf(prior.form, keys, prior, e.form), what: step.what };
  e.skipped = s.skipped;
  e.history = s.history ?? e.history.slice(0, s.historyLength ?? e.history.length);
  e.done = s.done;
  delete e.editing;
  delete e.pending;
  delete e.draft;
  return back;
}

export function undo(t: Turn): void {
  const e = t.entry;
  const step = e.undo?.at(-1);
  if (!step) return t.say(U.nothingToUndo);
  e.undo = e.undo!.slice(0, -1);
  t.say(U.undone(step.what));
  const back = restore(t, step);
  if (back) e.redo = [...(e.redo ?? []), back].slice(-MAX_UNDO);
}

export function redo(t: Turn): void {
  const e = t.entry;
  const step = e.redo?.at(-1);
  if (!step) return t.say(U.nothingToRedo);
  e.redo = e.redo!.slice(0, -1);
  t.say(U.redone(step.what));
  const back = restore(t, step);
  if (back) e.undo = [...(e.undo ?? []), back].slice(-MAX_UNDO);
}
