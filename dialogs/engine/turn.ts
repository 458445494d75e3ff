// One turn of the conversation: the stored session and the user's message in, the new session and
// the replies out. Commands are recognised first (one place), then pending questions, then the
// answer to the current item of the checklist. Never throws for anything the user sends.
// The answers live in answers.ts; the commands, pending questions and files in actions.ts.
import { normalizeText, scoreForm, type Form, type FormScore } from '../../rules/index.js';
import type { DialogDeps } from '../ports.js';
import { BUTTONS, M } from '../messages/zh-CN.js';
import {
  answerPending,
  back,
  edit,
  exportForm,
  importFile,
  indicatorFor,
  keep,
  listForms,
  listSubItems,
  namesIndicator,
  newForm,
  progress,
  remove,
  resolveSessionPending,
  set,
  skip,
  switchForm,
  why,
} from './actions.js';
import { answer, setSelfScore } from './answers.js';
import { checklist, nextField } from './checklist.js';
import { parseCommand, readYesNo, type Command } from './commands.js';
import { announceChanges } from './diff.js';
import { isComputed, syncExecutionRate, updateIndicator } from './formEdit.js';
import { cardReply, isAmountField, labelOf, promptFor, scoreCard, sectionCard, sectionLabel, valueOf } from './render.js';
import { activeEntry, formKey, loadSession, newEntry, type FormEntry, type Session } from './session.js';
import { SECTION_IDS, parseSlotId, sectionOf, slotId, type Slot } from './slots.js';
import type { CardModel, Reply, TurnInput } from './types.js';
import { LIMITS, validateNote } from './validate.js';

export type TurnResult = { session: Session; replies: Reply[] };

/** The longest message read at all (a narrative may be 20,000 characters). */
export const MAX_MESSAGE = LIMITS.narrative;

export async function handleTurn(stored: unknown, input: TurnInput, deps: DialogDeps): Promise<TurnResult> {
  const turn = new Turn(stored, deps);
  await turn.run(input);
  return turn.result();
}

/** The welcome for a new conversation (membersAdded): greets and asks the first question. */
export function startConversation(stored: unknown, deps: DialogDeps): TurnResult {
  const turn = new Turn(stored, deps);
  turn.greet(true);
  turn.finish();
  return turn.result();
}

/** The welcome text alone. */
export function welcome(): string {
  return M.welcome();
}

/** The state and output of one turn; answers.ts and actions.ts work on it. */
export class Turn {
  session: Session;
  private replies: Reply[] = [];
  private lines: string[] = [];
  /** Whether an answer moved the checklist forward (then a finished section is summarised). */
  advanced = false;
  /** Whether an answer revisited an item answered before (then no section summary again). */
  private revisited = false;

  constructor(
    stored: unknown,
    readonly deps: DialogDeps,
  ) {
    // loadSession's result is built by the zod model (new objects throughout, nothing shared with
    // `stored`), so the turn may change it in place.
    const loaded = loadSession(stored);
    this.session = loaded.session;
    if (loaded.notice === 'repaired') this.say(M.sessionRepaired);
    if (loaded.notice === 'reset') this.say(M.sessionReset);
  }

  result(): TurnResult {
    return { session: this.session, replies: this.replies };
  }

  // ---- output ----

  say(line: string | undefined): void {
    if (line) this.lines.push(line);
  }

  flush(): void {
    if (this.lines.length) this.replies.push({ text: this.lines.join('\n') });
    this.lines = [];
  }

  /** A reply of its own (with files), carrying the lines said so far. */
  pushReply(reply: Omit<Reply, 'text'>): void {
    this.replies.push({ text: this.lines.join('\n'), ...reply });
    this.lines = [];
  }

  card(card: CardModel): void {
    this.flush();
    this.replies.push(cardReply(card));
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

  // ---- the turn ----

  greet(fresh: boolean): void {
    const hadForms = this.session.forms.some((f) => f.history.length > 0);
    this.session.greeted = true;
    if (fresh && hadForms) this.say(M.welcomeBack(formKey(this.entry.form)));
    else this.say(M.welcome());
  }

  async run(input: TurnInput): Promise<void> {
    const text = typeof input.text === 'string' ? input.text : '';
    if (input.files && input.files.length > 0) {
      if (!this.session.greeted) this.session.greeted = true;
      await importFile(this, input.files[0]);
      this.finish();
      return;
    }
    const length = [...text].length;
    if (length > MAX_MESSAGE) {
      const slot = this.current();
      this.say(M.rejected(labelOf(slot, this.entry.form), M.problem.tooLong(length, this.maxFor(slot)), this.kept(slot)));
      this.finish();
      return;
    }
    if (!this.session.greeted) {
      this.greet(false);
      const cmd = parseCommand(text, { freeText: true });
      if (cmd && cmd.kind !== 'set' && cmd.kind !== 'selfScore' && cmd.kind !== 'note') await this.command(cmd);
      this.finish();
      return;
    }
    const t = normalizeText(text);
    if (t === '') {
      const slot = this.current();
      this.say(this.entry.pending ? M.emptyMessage : M.rejected(labelOf(slot, this.entry.form), M.problem.empty, this.kept(slot)));
      this.finish();
      return;
    }
    // A yes/no to a pending confirmation comes first; anything else cancels it after commands.
    const pending = this.session.pending;
    if (pending) {
      const yn = readYesNo(t);
      if (yn !== undefined) {
        resolveSessionPending(this, yn);
        this.finish();
        return;
      }
    }
    const slot = this.current();
    const cmd = parseCommand(text, { freeText: this.isFreeText(slot) });
    if (cmd && (await this.command(cmd)) !== 'not-handled') {
      this.finish();
      return;
    }
    if (pending) {
      delete this.session.pending;
      this.say(pending.kind === 'confirm-restart' ? M.restartCancelled : M.importDeclined);
    }
    if (this.entry.pending) answerPending(this, text);
    else answer(this, this.current(), text, 'answer');
    this.finish();
  }

  /** The question that ends every turn, with a section header when the section changes. */
  finish(): void {
    const sp = this.session.pending;
    if (sp) {
      const q = sp.kind === 'confirm-restart' ? { text: M.restartConfirm(formKey(this.entry.form)), suggestions: [...BUTTONS.confirm] } : { text: M.importOffer, suggestions: [...BUTTONS.yesNo] };
      this.ask(q.text, q.suggestions);
      return;
    }
    const e = this.entry;
    if (e.pending) {
      if (e.pending.kind === 'skip-reason') {
        const s = parseSlotId(e.pending.slot);
        this.ask(M.skipped(s ? labelOf(s, e.form) : e.pending.slot), [BUTTONS.noReason]);
      } else this.ask(M.keepAsk(e.pending.label));
      return;
    }
    const score = scoreForm(e.form);
    const slot = this.current();
    const prev = e.asking ? parseSlotId(e.asking) : undefined;
    let header: string | undefined;
    if (!prev || sectionOf(prev) !== sectionOf(slot)) {
      if (this.advanced && !this.revisited && prev && SECTION_IDS.indexOf(sectionOf(slot)) > SECTION_IDS.indexOf(sectionOf(prev))) {
        const done = sectionOf(prev);
        const finished = !checklist(e, score).some((it) => it.state === 'missing' && sectionOf(it.slot) === done);
        if (finished) {
          const card = done === 'indicators' || sectionOf(slot) === 'review' ? scoreCard(e.form, scoreForm(e.form, { final: sectionOf(slot) === 'review' })) : sectionCard(done, e.form, score);
          if (card) this.card(card);
        }
      }
      if (slot.kind !== 'review') header = M.sectionHeader(sectionLabel(slot));
    }
    const prompt = promptFor(slot, e, slot.kind === 'review' ? scoreForm(e.form, { final: true }) : score);
    if (slot.kind === 'conflict') {
      // The conflict question states the broken identity itself: do not say it twice.
      const f = score.findings.find((x) => x.code === slot.code && (x.subject ?? '') === slot.subject);
      if (f) this.lines = this.lines.filter((l) => l !== M.newError(f.message));
    }
    e.asking = slotId(slot);
    this.ask([header, prompt.text].filter(Boolean).join('\n'), prompt.suggestions);
  }

  ask(text: string, suggestions?: string[]): void {
    const body = [...this.lines, text].join('\n');
    this.lines = [];
    this.replies.push({ text: body, ...(suggestions && suggestions.length ? { suggestions } : {}) });
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
    for (const line of announceChanges(before, synced, after, { ...opts, subItemsDone: e.done.subItems })) this.say(line);
    // 预算执行率 recomputed: it is now "this indicator" for 为什么这个指标扣分.
    if (opts.focus === undefined && after.derived.executionRate !== undefined && after.derived.executionRate !== before.derived.executionRate) {
      const i = synced.indicators.findIndex((_, k) => isComputed(synced, k));
      if (i >= 0) e.lastIndicator = i;
    }
    e.form = synced;
    this.touch();
    return { before, after };
  }

  answered(slot: Slot): void {
    const e = this.entry;
    const id = slotId(slot);
    delete e.skipped[id];
    if (e.editing === id || e.history.includes(id)) this.revisited = true;
    if (e.editing === id) delete e.editing;
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

  // ---- commands (recognised in one place: run) ----

  private async command(cmd: Command): Promise<'done' | 'not-handled'> {
    const e = this.entry;
    switch (cmd.kind) {
      case 'help':
        this.say(M.help());
        return 'done';
      case 'back':
        back(this);
        return 'done';
      case 'skip':
        skip(this);
        return 'done';
      case 'progress':
        progress(this);
        return 'done';
      case 'summary': {
        // A form in progress: indicators not reached yet are not "missing" findings.
        const score = scoreForm(e.form);
        this.card(scoreCard(e.form, score, (f) => f.code !== 'indicator.missing-value' || `indicator.${f.indicatorIndex}.actual` in e.skipped));
        return 'done';
      }
      case 'export':
        await exportForm(this);
        return 'done';
      case 'restart':
        this.session.pending = { kind: 'confirm-restart', formId: e.id };
        return 'done';
      case 'forms':
        listForms(this);
        return 'done';
      case 'new':
        newForm(this);
        return 'done';
      case 'switch':
        switchForm(this, cmd.query);
        return 'done';
      case 'list':
        listSubItems(this);
        return 'done';
      case 'why':
        why(this, cmd.query);
        return 'done';
      case 'edit':
        return edit(this, cmd.query);
      case 'set':
        return set(this, cmd.query, cmd.value, cmd.explicit);
      case 'selfScore': {
        // "100% 自评分 8" at an actual question is the answer with its self-score.
        const slot = this.current();
        if (cmd.query !== '' && slot.kind === 'indicator' && slot.part === 'actual' && !namesIndicator(this, cmd.query)) return 'not-handled';
        const i = indicatorFor(this, cmd.query);
        if (i === undefined) return 'done';
        setSelfScore(this, i, cmd.value);
        return 'done';
      }
      case 'note': {
        if (this.isFreeText(this.current()) && !namesIndicator(this, cmd.query)) return 'not-handled';
        const i = indicatorFor(this, cmd.query);
        if (i === undefined) return 'done';
        const v = validateNote(cmd.value);
        if (!v.ok) {
          this.reject({ kind: 'indicator', index: i, part: 'note' }, v.problem);
          return 'done';
        }
        this.say(M.noteRecorded(e.form.indicators[i].name));
        this.commit(updateIndicator(e.form, i, { note: v.value }));
        return 'done';
      }
      case 'keep':
        keep(this, cmd.index, cmd.reason);
        return 'done';
      case 'delete':
        remove(this, cmd.query);
        return 'done';
      default: {
        const never: never = cmd;
        return never;
      }
    }
  }
}
