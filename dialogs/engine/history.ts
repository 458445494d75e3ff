// 撤回 / 恢复: each turn that changes a form keeps the state before it (bounded, in the session);
// undo restores it and keeps the undone state for redo. A new change clears the redo list.
import { z } from 'zod';
import { Form } from '../../rules/index.js';
import { U } from '../messages/zh-CN.js';
import type { Turn } from './context.js';
import { FormEntry, MAX_UNDO, type UndoStep } from './session.js';

const Snapshot = z.object({ form: Form, skipped: FormEntry.shape.skipped, history: FormEntry.shape.history, done: FormEntry.shape.done });

/** The part of a form entry that undo restores, as JSON. */
export function snapshot(e: FormEntry): string {
  return JSON.stringify({ form: e.form, skipped: e.skipped, history: e.history, done: e.done });
}

/** After a turn: when the entry's form changed, the state before is kept for 撤回. */
export function remember(e: FormEntry, before: string, formBefore: string, what: string[]): void {
  if (JSON.stringify(e.form) === formBefore) return;
  const step: UndoStep = { state: before, what: U.changeOf(what).slice(0, 300) };
  e.undo = [...(e.undo ?? []), step].slice(-MAX_UNDO);
  delete e.redo;
}

function restore(t: Turn, step: UndoStep): boolean {
  let parsed;
  try {
    parsed = Snapshot.safeParse(JSON.parse(step.state));
  } catch {
    return false;
  }
  if (!parsed.success) return false;
  const e = t.entry;
  t.commit(parsed.data.form);
  e.skipped = parsed.data.skipped;
  e.history = parsed.data.history;
  e.done = parsed.data.done;
  delete e.editing;
  delete e.pending;
  delete e.draft;
  return true;
}

export function undo(t: Turn): void {
  const e = t.entry;
  const step = e.undo?.at(-1);
  if (!step) return t.say(U.nothingToUndo);
  const now: UndoStep = { state: snapshot(e), what: step.what };
  e.undo = e.undo!.slice(0, -1);
  t.say(U.undone(step.what));
  if (!restore(t, step)) return;
  e.redo = [...(e.redo ?? []), now].slice(-MAX_UNDO);
}

export function redo(t: Turn): void {
  const e = t.entry;
  const step = e.redo?.at(-1);
  if (!step) return t.say(U.nothingToRedo);
  const now: UndoStep = { state: snapshot(e), what: step.what };
  e.redo = e.redo!.slice(0, -1);
  t.say(U.redone(step.what));
  if (!restore(t, step)) return;
  e.undo = [...(e.undo ?? []), now].slice(-MAX_UNDO);
}
