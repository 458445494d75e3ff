// The turn in progress: the session being changed (a fresh copy built by zod from what storage
// gave, never the caller's object), the dependencies, and what the turn says as events. The
// steps of a turn (decide.ts, actions.ts, answers.ts, questions.ts) work on it; it imports none
// of them, so the engine's modules form a one-way graph: turn → decide → actions/answers → context.
import { freezeForm, scoreForm, type Form, type FormScore } from '../../rules/index.js';
import type { DialogDeps, ExportedFile } from '../ports.js';
import { M } from '../messages/zh-CN.js';
import { nextField } from './checklist.js';
import { announceChanges } from './diff.js';
import { openCategories } from './selfScores.js';
import { isComputed, syncExecutionRate } from './formEdit.js';
import { isAmountField, labelOf, valueOf } from './render.js';
import { activeEntry, loadSession, newEntry, type FormEntry, type Session } from './session.js';
import { parseSlotId, slotId, type Slot } from './slots.js';
import type { CardModel } from './types.js';
import { LIMITS } from './validate.js';

/** What a turn says, in order. */
export type TurnEvent =
  | { kind: 'say'; text: string }
  | { kind: 'card'; card: CardModel }
  | { kind: 'files'; files: ExportedFile[]; formKey: string }
  | { kind: 'ask'; text: string; suggestions?: string[] };

/** The state and output of one turn. */
export class Turn {
  /** What the turn says, in order; render (replies.ts) turns it into replies. */
  readonly events: TurnEvent[] = [];
  session: Session;
  /** Whether an answer moved the checklist forward (then a finished section is summarised). */
  advanced = false;
  /** Whether an answer revisited an item answered before (then no section summary again). */
  revisited = false;
  /** Buttons for the closing question instead of its own (an ambiguous name asked back). */
  choices?: string[];
  /** What the turn answered or changed, by label (for 撤回's "已撤回：…"). */
  readonly changed: string[] = [];

  constructor(
    stored: unknown,
    readonly deps: DialogDeps,
  ) {
    // loadSession's result is built by the zod model (new objects throughout, nothing shared with
    // `stored`), so the turn may change it in place.
    const loaded = loadSession(stored);
    this.session = loaded.session;
    // Forms are never changed in place (each edit makes a new one); frozen, their scores are kept by identity.
    for (const f of this.session.forms) freezeForm(f.form);
    if (loaded.notice === 'repaired') this.say(M.sessionRepaired);
    if (loaded.notice === 'reset') this.say(M.sessionReset);
  }

  // ---- output (events; rendered into replies at the end of the turn) ----

  say(line: string | undefined): void {
    if (line) this.events.push({ kind: 'say', text: line });
  }

  /** Files of their own reply, carrying the lines said so far. */
  files(files: ExportedFile[], formKey: string): void {
    this.events.push({ kind: 'files', files, formKey });
  }

  card(card: CardModel): void {
    this.events.push({ kind: 'card', card });
  }

  /** The question that ends the turn, carrying the lines said so far. */
  ask(text: string, suggestions?: string[]): void {
    this.events.push({ kind: 'ask', text, ...(suggestions && suggestions.length ? { suggestions } : {}) });
  }

  /** Drops a line said since the last reply (the conflict question states it itself). */
  unsay(line: string): void {
    for (let k = this.events.length - 1; k >= 0; k--) {
      const ev = this.events[k];
      if (ev.kind !== 'say') break;
      if (ev.text === line) this.events.splice(k, 1);
    }
  }

  // ---- state ----

  get entry(): FormEntry {
    let e = activeEntry(this.session);
    if (!e) {
      e = newEntry(this.session, this.deps.clock.now());
      this.session.forms.push(e);
      this.session.active = e.id;
    }
    return e;
  }

  touch(): void {
    this.entry.updatedAt = this.deps.clock.now().toISOString();
  }

  /** The item being asked: the one the user chose to revisit, else the first missing one. */
  current(): Slot {
    const e = this.entry;
    if (e.editing !== undefined) {
      const s = parseSlotId(e.editing);
      if (s && this.exists(s)) return s;
      delete e.editing;
    }
    return nextField(e);
  }

  exists(s: Slot): boolean {
    const f = this.entry.form;
    if (s.kind === 'indicator') return s.index < f.indicators.length;
    if (s.kind === 'subItem') return s.index < f.subItems.length;
    return true;
  }

  isFreeText(slot: Slot): boolean {
    if (this.entry.pending) return true;
    if (slot.kind === 'field') return slot.path === 'project.name' || slot.path === 'project.department' || slot.path.startsWith('narrative.');
    if (slot.kind === 'subItems.add' || slot.kind === 'indicators.add') return true;
    if (slot.kind === 'subItem') return slot.part === 'name';
    if (slot.kind === 'indicator') return slot.part === 'name' || slot.part === 'note' || slot.part === 'target';
    return false;
  }

  maxFor(slot: Slot): number {
    if (slot.kind === 'field') return slot.path.startsWith('narrative.') ? LIMITS.narrative : isAmountField(slot.path) ? 60 : LIMITS.name;
    if (slot.kind === 'indicator') return slot.part === 'note' ? LIMITS.note : slot.part === 'actual' ? LIMITS.actual : LIMITS.name;
    return LIMITS.name;
  }

  kept(slot: Slot): string | undefined {
    return valueOf(slot, this.entry.form);
  }

  // ---- applying a new form ----

  /**
   * Replaces the form, then says what changed: derived figures, scores, weights, checks.
   * `focus` is an indicator whose result the caller reports itself.
   */
  commit(next: Form, opts: { focus?: number; silence?: Set<string> } = {}): { before: FormScore; after: FormScore } {
    const e = this.entry;
    const synced = syncExecutionRate(e.form, next);
    const before = scoreForm(e.form);
    const after = scoreForm(synced);
    for (const line of announceChanges(before, synced, after, { ...opts, subItemsDone: e.done.subItems, openCategories: openCategories(e) })) this.say(line);
    // 预算执行率 recomputed: it is now "this indicator" for 为什么这个指标扣分.
    if (opts.focus === undefined && after.derived.executionRate !== undefined && after.derived.executionRate !== before.derived.executionRate) {
      const i = synced.indicators.findIndex((_, k) => isComputed(synced, k));
      if (i >= 0) e.lastIndicator = i;
    }
    e.form = freezeForm(synced);
    this.touch();
    return { before, after };
  }

  answered(slot: Slot): void {
    const e = this.entry;
    const id = slotId(slot);
    delete e.skipped[id];
    if (e.editing === id || e.history.includes(id)) this.revisited = true;
    if (e.editing === id) delete e.editing;
    const label = labelOf(slot, e.form);
    if (!this.changed.includes(label)) this.changed.push(label);
    // History keeps the order of first answers: a later correction does not move an item.
    if (!e.history.includes(id)) e.history = [...e.history, id].slice(-400);
    this.advanced = true;
  }

  reject(slot: Slot, problem: string): void {
    this.say(M.rejected(labelOf(slot, this.entry.form), problem, this.kept(slot)));
  }

  startEdit(slot: Slot, back = false): void {
    const e = this.entry;
    e.editing = slotId(slot);
    const label = labelOf(slot, e.form);
    const current = valueOf(slot, e.form);
    this.say(back ? M.backTo(label, current) : M.editing(label, current));
  }
}
