// One turn of the conversation: the stored session and the user's message in, the new session and
// the replies out. Commands are recognised first (one place), then pending questions, then the
// answer to the current item of the checklist. Never throws for anything the user sends.
import {
  CATEGORY_LABELS,
  FIELD_LABELS,
  blockingFindings,
  compact,
  dec,
  emptyForm,
  explainIndicator,
  fixed,
  normalizeText,
  ruleSetForForm,
  scoreForm,
  show,
  str,
  sum,
  summarizeIndicator,
  type Finding,
  type Form,
  type FormScore,
} from '../../rules/index.js';
import type { DialogDeps, IncomingFile } from '../ports.js';
import { M, SECTION_LABELS, clip } from '../messages/zh-CN.js';
import { checklist, conflictFields, nextField, openConflicts } from './checklist.js';
import { isDone, isKeep, isNoReason, parseCommand, readYesNo, type Command } from './commands.js';
import { checkKey, announceChanges } from './diff.js';
import {
  addSubItem,
  deleteIndicator,
  deleteSubItem,
  ensureCommonIndicators,
  insertIndicator,
  isComputed,
  setField,
  syncExecutionRate,
  updateIndicator,
  updateSubItem,
} from './formEdit.js';
import { resolveRef, type Ref } from './match.js';
import { removeAt, remapIndices, shiftFrom } from './remap.js';
import { cardReply, isAmountField, labelOf, promptFor, scoreCard, sectionCard, targetLabel, valueOf, wan } from './render.js';
import { MAX_FORMS, activeEntry, formKey, inferDone, loadSession, newEntry, sameKey, type FormEntry, type Session } from './session.js';
import { SECTION_IDS, parseSlotId, sectionOf, slotId, type AddCategory, type EditableField, type SectionId, type Slot } from './slots.js';
import type { CardModel, Reply, TurnInput } from './types.js';
import {
  validateActual,
  validateAmount,
  validateGrade,
  validateIndicatorName,
  validateNarrative,
  validateNote,
  validateSelfScore,
  validateSubItemName,
  validateTarget,
  validateText,
  validateYear,
  LIMITS,
  type Valid,
} from './validate.js';

export type TurnResult = { session: Session; replies: Reply[] };

/** The longest message read at all (a narrative may be 20,000 characters). */
export const MAX_MESSAGE = LIMITS.narrative;

const NEGATIVE_ALLOWED = new Set<string>(['budget.adjustment', 'budget.quotaBalance', 'funds.balance']);
const THIS_ONE = /^(这个|该|此|它|这项|这一项|上一个|上一项|刚才那个|刚才|this|it|this one)?(指标|一项|项)?$/i;

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

class Turn {
  session: Session;
  private replies: Reply[] = [];
  private lines: string[] = [];
  /** Whether an answer moved the checklist forward (then a finished section is summarised). */
  private advanced = false;

  constructor(
    stored: unknown,
    private readonly deps: DialogDeps,
  ) {
    const loaded = loadSession(stored);
    this.session = structuredClone(loaded.session);
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

  private flush(): void {
    if (this.lines.length) this.replies.push({ text: this.lines.join('\n') });
    this.lines = [];
  }

  private card(card: CardModel): void {
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

  private touch(): void {
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

  private exists(s: Slot): boolean {
    const f = this.entry.form;
    if (s.kind === 'indicator') return s.index < f.indicators.length;
    if (s.kind === 'subItem') return s.index < f.subItems.length;
    return true;
  }

  private isFreeText(slot: Slot): boolean {
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
      await this.importFile(input.files[0]);
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
        this.resolveSessionPending(yn);
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
    if (this.entry.pending) this.answerPending(text);
    else this.answer(this.current(), text, 'answer');
    this.finish();
  }

  /** The question that ends every turn, with a section header when the section changes. */
  finish(): void {
    const sp = this.session.pending;
    if (sp) {
      const q = sp.kind === 'confirm-restart' ? { text: M.restartConfirm(formKey(this.entry.form)), suggestions: ['确定', '取消'] } : { text: M.importOffer, suggestions: ['是', '否'] };
      this.ask(q.text, q.suggestions);
      return;
    }
    const e = this.entry;
    if (e.pending) {
      if (e.pending.kind === 'skip-reason') {
        const s = parseSlotId(e.pending.slot);
        this.ask(M.skipped(s ? labelOf(s, e.form) : e.pending.slot), ['无']);
      } else this.ask(M.keepAsk(e.pending.label));
      return;
    }
    const score = scoreForm(e.form);
    const slot = this.current();
    const prev = e.asking ? parseSlotId(e.asking) : undefined;
    let header: string | undefined;
    if (!prev || sectionOf(prev) !== sectionOf(slot)) {
      if (this.advanced && prev && SECTION_IDS.indexOf(sectionOf(slot)) > SECTION_IDS.indexOf(sectionOf(prev))) {
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
    e.asking = slotId(slot);
    this.ask([header, prompt.text].filter(Boolean).join('\n'), prompt.suggestions);
  }

  private ask(text: string, suggestions?: string[]): void {
    const body = [...this.lines, text].join('\n');
    this.lines = [];
    this.replies.push({ text: body, ...(suggestions && suggestions.length ? { suggestions } : {}) });
  }

  private maxFor(slot: Slot): number {
    if (slot.kind === 'field') return slot.path.startsWith('narrative.') ? LIMITS.narrative : isAmountField(slot.path) ? 60 : LIMITS.name;
    if (slot.kind === 'indicator') return slot.part === 'note' ? LIMITS.note : slot.part === 'actual' ? LIMITS.actual : LIMITS.name;
    return LIMITS.name;
  }

  private kept(slot: Slot): string | undefined {
    return valueOf(slot, this.entry.form);
  }

  // ---- applying a new form ----

  /**
   * Replaces the form, then says what changed: derived figures, scores, weights, checks.
   * `focus` is an indicator whose result the caller reports itself.
   */
  private commit(next: Form, opts: { focus?: number; silence?: Set<string> } = {}): { before: FormScore; after: FormScore } {
    const e = this.entry;
    const synced = syncExecutionRate(e.form, next);
    const before = scoreForm(e.form);
    const after = scoreForm(synced);
    for (const line of announceChanges(e.form, before, synced, after, { ...opts, subItemsDone: e.done.subItems })) this.say(line);
    e.form = synced;
    this.touch();
    return { before, after };
  }

  private answered(slot: Slot): void {
    const e = this.entry;
    const id = slotId(slot);
    delete e.skipped[id];
    if (e.editing === id) delete e.editing;
    // History keeps the order of first answers: a later correction does not move an item.
    if (!e.history.includes(id)) e.history = [...e.history, id].slice(-400);
    this.advanced = true;
  }

  private reject(slot: Slot, problem: string): void {
    this.say(M.rejected(labelOf(slot, this.entry.form), problem, this.kept(slot)));
  }

  /** Applies `text` to `slot`. Used for answers and for corrections ("年初预算数改成1800"). */
  answer(slot: Slot, text: string, mode: 'answer' | 'correction'): void {
    const e = this.entry;
    switch (slot.kind) {
      case 'field':
        return this.answerField(slot, slot.path, text);
      case 'subItems.add':
        return this.answerSubItemsAdd(slot, text);
      case 'subItem':
        return this.answerSubItem(slot, text);
      case 'indicators.add':
        return this.answerIndicatorsAdd(slot, slot.category, text);
      case 'indicators.target': {
        const v = validateTarget(text);
        if (!v.ok) return this.reject(slot, v.problem);
        const name = e.draft?.name ?? '';
        delete e.draft;
        this.addIndicator(slot.category, name, v.value);
        return;
      }
      case 'indicator':
        return this.answerIndicator(slot, text);
      case 'conflict':
        return this.answerConflict(slot, text);
      case 'review':
        if (mode === 'answer') this.say(M.reviewUnknown);
        return;
      default: {
        const never: never = slot;
        return never;
      }
    }
  }

  private answerField(slot: Slot, path: EditableField, text: string): void {
    const e = this.entry;
    if (isKeep(text) && e.editing === slotId(slot)) {
      delete e.editing;
      this.say(M.kept(FIELD_LABELS[path]));
      return;
    }
    let v: Valid<string | number>;
    if (path === 'project.year') v = validateYear(text);
    else if (path === 'project.name' || path === 'project.department') v = validateText(text, LIMITS.name);
    else if (path.startsWith('narrative.')) v = validateNarrative(text);
    else v = validateAmount(text, NEGATIVE_ALLOWED.has(path));
    if (!v.ok) return this.reject(slot, v.problem);

    let next = setField(e.form, path, v.value);
    if (path === 'project.name' || path === 'project.year') {
      const twin = this.session.forms.findIndex((f) => f.id !== e.id && sameKey(f.form, next));
      if (twin >= 0) return this.say(M.duplicateForm(formKey(next), twin + 1));
    }
    const label = FIELD_LABELS[path];
    const old = valueOf(slot, e.form);
    const shown = isAmountField(path) ? wan(String(v.value)) : path.startsWith('narrative.') ? `${[...String(v.value)].length} 字` : String(v.value);
    if (old !== undefined && old !== shown && !path.startsWith('narrative.')) this.say(M.changed(label, old, shown));
    else this.say(M.saved(label, path.startsWith('narrative.') ? shown : shown));
    if (path === 'project.year') {
      const hadInput = next.indicators.some((i) => i.category === 'input');
      next = ensureCommonIndicators(next);
      const rs = ruleSetForForm(next);
      this.say(rs.year === v.value ? M.ruleSet(rs.title) : M.ruleSetOtherYear(rs.title, v.value as number));
      if (!hadInput) this.say(M.prefilled(next.indicators.filter((i) => i.category === 'input').map((i) => i.name).join('、')));
    }
    this.commit(next);
    this.answered(slot);
  }

  private answerSubItemsAdd(slot: Slot, text: string): void {
    const e = this.entry;
    if (isDone(text)) {
      if (e.form.subItems.length === 0) return this.say(M.subItemsNeedOne);
      e.done.subItems = true;
      const f = e.form;
      this.say(M.subItemsDone(f.subItems.length, str(sum(f.subItems.map((s) => dec(s.budget ?? '0')))), str(sum(f.subItems.map((s) => dec(s.actual ?? '0'))))));
      for (const finding of scoreForm(f).findings) {
        if (finding.code === 'subitems.budget-sum') this.say(M.newWarning(finding.message));
      }
      this.answered(slot);
      return;
    }
    // One line: 基本建设 1200 388.632358 (or separated by commas)
    let parts = splitFields(text);
    if (parts.length === 1) parts = parts[0].split(/\s+/);
    if (parts.length >= 3) {
      const name = validateSubItemName(parts.slice(0, -2).join(' '), e.form);
      const budget = validateAmount(parts[parts.length - 2], false);
      const actual = validateAmount(parts[parts.length - 1], false);
      if (name.ok && budget.ok && actual.ok) {
        const index = e.form.subItems.length;
        this.commit(addSubItem(e.form, { name: name.value, budget: budget.value, actual: actual.value }));
        this.say(M.saved(`子项「${name.value}」`, `预算 ${wan(budget.value)}，实际 ${wan(actual.value)}`));
        this.answered({ kind: 'subItem', index, part: 'name' });
        return;
      }
    }
    const v = validateSubItemName(text, e.form);
    if (!v.ok) return this.reject(slot, v.problem);
    const index = e.form.subItems.length;
    this.commit(addSubItem(e.form, { name: v.value }));
    this.answered({ kind: 'subItem', index, part: 'name' });
  }

  private answerSubItem(slot: Extract<Slot, { kind: 'subItem' }>, text: string): void {
    const e = this.entry;
    if (isKeep(text) && e.editing === slotId(slot)) {
      delete e.editing;
      this.say(M.kept(labelOf(slot, e.form)));
      return;
    }
    if (slot.part === 'name') {
      const v = validateSubItemName(text, e.form, slot.index);
      if (!v.ok) return this.reject(slot, v.problem);
      this.say(M.changed('子项名称', e.form.subItems[slot.index].name, v.value));
      this.commit(updateSubItem(e.form, slot.index, { name: v.value }));
    } else {
      const v = validateAmount(text, false);
      if (!v.ok) return this.reject(slot, v.problem);
      const old = valueOf(slot, e.form);
      const label = labelOf(slot, e.form);
      this.say(old !== undefined && old !== wan(v.value) ? M.changed(label, old, wan(v.value)) : M.saved(label, wan(v.value)));
      this.commit(updateSubItem(e.form, slot.index, { [slot.part]: v.value }));
    }
    this.answered(slot);
  }

  private answerIndicatorsAdd(slot: Slot, category: AddCategory, text: string): void {
    const e = this.entry;
    const count = e.form.indicators.filter((i) => i.category === category && !i.notApplicable).length;
    if (isDone(text)) {
      if (count === 0) return this.say(M.categoryNeedsOne(CATEGORY_LABELS[category]));
      if (!e.done.categories.includes(category)) e.done.categories.push(category);
      const score = scoreForm(e.form);
      const weights = score.indicators.filter((r) => r.category === category && r.status !== 'not-applicable').map((r) => show(r.weight));
      this.say(M.categoryDone(CATEGORY_LABELS[category], count, weights.join('、')));
      this.answered(slot);
      return;
    }
    // One line: 名称，目标值，实际完成值[，说明]
    const parts = splitFields(text);
    if (parts.length >= 2 && parts.length <= 4) {
      const name = validateIndicatorName(parts[0], e.form);
      if (!name.ok) return this.reject(slot, name.problem);
      const target = validateTarget(parts[1]);
      if (!target.ok) return this.reject({ kind: 'indicators.target', category }, target.problem);
      const index = this.addIndicator(category, name.value, target.value);
      if (parts[2] !== undefined) this.answerIndicator({ kind: 'indicator', index, part: 'actual' }, parts[2]);
      if (parts[3] !== undefined) {
        const note = validateNote(parts[3]);
        if (note.ok) this.commit(updateIndicator(this.entry.form, index, { note: note.value }));
      }
      return;
    }
    const v = validateIndicatorName(text, e.form);
    if (!v.ok) return this.reject(slot, v.problem);
    e.draft = { category, name: v.value };
    this.advanced = true;
  }

  /** Inserts a new indicator in table order; returns its index. */
  private addIndicator(category: AddCategory, name: string, target: string): number {
    const e = this.entry;
    const { form, index } = insertIndicator(e.form, { category, name, target });
    remapIndices(e, 'indicator', shiftFrom(index, 1));
    this.say(M.indicatorAdded(name, target));
    this.commit(form);
    this.answered({ kind: 'indicator', index, part: 'name' });
    this.answered({ kind: 'indicator', index, part: 'target' });
    return index;
  }

  private answerIndicator(slot: Extract<Slot, { kind: 'indicator' }>, input: string): void {
    const e = this.entry;
    const i = slot.index;
    const ind = e.form.indicators[i];
    if (isKeep(input) && e.editing === slotId(slot)) {
      delete e.editing;
      this.say(M.kept(labelOf(slot, e.form)));
      return;
    }
    switch (slot.part) {
      case 'actual': {
        if (isComputed(e.form, i)) return this.say(M.computedIndicator(ind.name, '实际支付数 ÷（年初预算数 + 调整数）'));
        // "5859平方米 自评分 8.66": the actual with the self-score.
        let text = input;
        let self: string | undefined;
        const m = /^(.*?)[\s，,；;]*(?:自评分|自评得分|自评)\s*(?:是|为|:|：)?\s*(\d+(?:\.\d+)?)\s*分?[。.]?$/s.exec(normalizeText(input));
        if (m && m[1].trim() !== '') {
          text = m[1];
          self = m[2];
        }
        const v = validateActual(e.form, i, text);
        if (!v.ok) return this.reject(slot, v.problem);
        const skipReason = e.skipped[slotId(slot)]?.reason;
        const patch = 'notApplicable' in v.value
          ? { notApplicable: true as const, actual: undefined, grade: undefined }
          : { actual: v.value.actual, notApplicable: undefined, grade: undefined, ...(skipReason && ind.note === skipReason ? { note: undefined } : {}) };
        let next = updateIndicator(e.form, i, patch);
        let selfProblem: string | undefined;
        if (self !== undefined) {
          const s = validateSelfScore(next, i, self);
          if (s.ok) next = updateIndicator(next, i, { selfScore: s.value });
          else selfProblem = s.problem;
        }
        const old = ind.notApplicable ? '不适用' : ind.actual;
        if ('notApplicable' in v.value) this.say(M.notApplicableSet(ind.name));
        else if (old !== undefined && old !== v.value.actual) this.say(M.changed(`「${ind.name}」的实际完成值`, old, v.value.actual));
        const silence = new Set([checkKey({ code: 'indicator.self-score-mismatch', subject: ind.name })]);
        const { after } = this.commit(next, { focus: i, silence });
        this.answered(slot);
        e.lastIndicator = i;
        if (!('notApplicable' in v.value)) this.reportIndicator(i, after);
        if (selfProblem) this.say(M.rejected(`「${ind.name}」的自评分`, selfProblem));
        return;
      }
      case 'grade': {
        const v = validateGrade(input);
        if (!v.ok) return this.reject(slot, v.problem);
        this.say(M.gradeRecorded(ind.name, v.value));
        const { after } = this.commit(updateIndicator(e.form, i, { grade: v.value }), { focus: i });
        this.answered(slot);
        e.lastIndicator = i;
        this.reportIndicator(i, after);
        return;
      }
      case 'note': {
        const v = validateNote(input);
        if (!v.ok) return this.reject(slot, v.problem);
        this.say(M.noteRecorded(ind.name));
        this.commit(updateIndicator(e.form, i, { note: v.value }));
        this.answered(slot);
        return;
      }
      case 'target': {
        const v = validateTarget(input);
        if (!v.ok) return this.reject(slot, v.problem);
        if (ind.target !== v.value) this.say(M.changed(`「${ind.name}」的目标值`, ind.target, v.value));
        const { after } = this.commit(updateIndicator(e.form, i, { target: v.value, grade: undefined }), { focus: i });
        this.answered(slot);
        e.lastIndicator = i;
        this.reportIndicator(i, after);
        return;
      }
      case 'name': {
        if (ind.category === 'input') return this.say(M.cannotDeleteCommon(ind.name));
        const v = validateIndicatorName(input, e.form, i);
        if (!v.ok) return this.reject(slot, v.problem);
        this.say(M.changed('指标名称', ind.name, v.value));
        this.commit(updateIndicator(e.form, i, { name: v.value }));
        this.answered(slot);
        return;
      }
      case 'selfScore':
        return this.setSelfScore(i, input, slot);
      default: {
        const never: never = slot.part;
        return never;
      }
    }
  }

  /** The score of one indicator after an answer, with the self-score compared. */
  private reportIndicator(i: number, score: FormScore): void {
    const r = score.indicators[i];
    if (!r) return;
    const rs = ruleSetForForm(this.entry.form);
    this.say(summarizeIndicator(r, rs));
    if (r.selfScore !== undefined) this.compareSelfScore(i, score);
  }

  private compareSelfScore(i: number, score: FormScore): void {
    const r = score.indicators[i];
    if (r.selfScore === undefined) return;
    if (dec(r.selfScore).equals(dec(r.score))) return this.say(M.selfScoreSame(r.name, r.selfScore));
    const why = r.status === 'full' ? '' : summarizeIndicator(r, ruleSetForForm(this.entry.form)).replace(/^「[^」]*」得 [\d.]+ 分（权重 [\d.]+ 分）[：。]?/, '');
    this.say(M.selfScoreDiff(r.name, r.selfScore, r.score, fixed(dec(r.selfScore).minus(dec(r.score)).abs(), 2), why));
  }

  private setSelfScore(i: number, value: string, slot?: Slot): void {
    const e = this.entry;
    const v = validateSelfScore(e.form, i, value);
    if (!v.ok) return this.reject(slot ?? { kind: 'indicator', index: i, part: 'selfScore' }, v.problem);
    const name = e.form.indicators[i].name;
    const { after } = this.commit(updateIndicator(e.form, i, { selfScore: v.value }), { silence: new Set([checkKey({ code: 'indicator.self-score-mismatch', subject: name })]) });
    if (slot) this.answered(slot);
    else if (e.editing === slotId({ kind: 'indicator', index: i, part: 'selfScore' })) delete e.editing;
    e.lastIndicator = i;
    this.compareSelfScore(i, after);
  }

  private answerConflict(slot: Extract<Slot, { kind: 'conflict' }>, text: string): void {
    const e = this.entry;
    const finding = scoreForm(e.form).findings.find((f) => f.code === slot.code && (f.subject ?? '') === slot.subject);
    if (!finding) return;
    const targets = conflictFields(finding, e.form);
    const ref = resolveRef(text, e.form);
    if (ref.ok) {
      if (ref.ref.kind === 'field' && targets.includes(ref.ref.path)) return this.startEdit({ kind: 'field', path: ref.ref.path });
      if ((ref.ref.kind === 'subItems' || ref.ref.kind === 'subItem') && targets.includes('subItems')) {
        if (ref.ref.kind === 'subItem') return this.startEdit({ kind: 'subItem', index: ref.ref.index, part: ref.ref.part ?? 'actual' });
        return this.listSubItems();
      }
    }
    this.say(M.conflictPick(targets.map(targetLabel)));
  }

  private startEdit(slot: Slot, back = false): void {
    const e = this.entry;
    e.editing = slotId(slot);
    const label = labelOf(slot, e.form);
    const current = valueOf(slot, e.form);
    this.say(back ? M.backTo(label, current) : M.editing(label, current));
  }

  // ---- pending questions of a form ----

  private answerPending(text: string): void {
    const e = this.entry;
    const p = e.pending!;
    if (p.kind === 'skip-reason') return this.recordSkip(isNoReason(text) ? undefined : text);
    const v = validateNote(text);
    if (!v.ok) return this.say(M.reasonEmpty);
    delete e.pending;
    this.commit({ ...e.form, overrides: [...e.form.overrides.filter((o) => !(o.code === p.code && o.subject === p.subject)), { code: p.code, ...(p.subject !== undefined ? { subject: p.subject } : {}), reason: clip(v.value, 480) }] });
    this.say(M.keepRecorded);
  }

  private recordSkip(reasonText: string | undefined): void {
    const e = this.entry;
    if (e.pending?.kind !== 'skip-reason') return;
    const id = e.pending.slot;
    delete e.pending;
    let reason: string | undefined;
    if (reasonText !== undefined) {
      const v = validateNote(reasonText);
      if (!v.ok) {
        e.pending = { kind: 'skip-reason', slot: id };
        return this.say(M.reasonEmpty);
      }
      reason = v.value;
    }
    e.skipped[id] = reason ? { reason } : {};
    const slot = parseSlotId(id);
    const label = slot ? labelOf(slot, e.form) : id;
    this.say(M.skipRecorded(label, reason));
    if (slot?.kind === 'indicator' && slot.part === 'actual') {
      const ind = e.form.indicators[slot.index];
      if (reason) this.commit(updateIndicator(e.form, slot.index, { note: reason }));
      else this.say(M.skipIndicatorNoReason(ind.name));
      e.lastIndicator = slot.index;
    }
    this.advanced = true;
  }

  private resolveSessionPending(yes: boolean): void {
    const p = this.session.pending!;
    delete this.session.pending;
    if (p.kind === 'confirm-restart') {
      if (!yes) return this.say(M.restartCancelled);
      const e = this.session.forms.find((f) => f.id === p.formId);
      if (e) {
        e.form = emptyForm();
        e.skipped = {};
        e.history = [];
        e.done = { subItems: false, categories: [] };
        delete e.editing;
        delete e.pending;
        delete e.draft;
        delete e.lastIndicator;
        delete e.asking;
        this.session.active = e.id;
        this.touch();
      }
      this.say(M.restartDone);
      return;
    }
    if (!yes) return this.say(M.importDeclined);
    if (this.session.forms.length >= MAX_FORMS) return this.say(M.tooManyForms(MAX_FORMS));
    const form = p.form;
    const twin = this.session.forms.findIndex((f) => sameKey(f.form, form));
    const e = newEntry(this.session, this.deps.clock.now(), ensureCommonIndicators(form));
    e.done = inferDone(form);
    this.session.forms.push(e);
    this.session.active = e.id;
    if (twin >= 0) this.say(M.importDuplicate(formKey(form), twin + 1));
    this.say(M.importAccepted(formKey(form)));
  }

  // ---- commands ----

  private async command(cmd: Command): Promise<'done' | 'not-handled'> {
    const e = this.entry;
    switch (cmd.kind) {
      case 'help':
        this.say(M.help());
        return 'done';
      case 'back':
        this.back();
        return 'done';
      case 'skip':
        this.skip();
        return 'done';
      case 'progress':
        this.progress();
        return 'done';
      case 'summary': {
        const score = scoreForm(e.form);
        this.card(scoreCard(e.form, score));
        return 'done';
      }
      case 'export':
        await this.exportForm();
        return 'done';
      case 'restart':
        this.session.pending = { kind: 'confirm-restart', formId: e.id };
        return 'done';
      case 'forms':
        this.listForms();
        return 'done';
      case 'new':
        this.newForm();
        return 'done';
      case 'switch':
        this.switchForm(cmd.query);
        return 'done';
      case 'list':
        this.listSubItems();
        return 'done';
      case 'why':
        this.why(cmd.query);
        return 'done';
      case 'edit':
        return this.edit(cmd.query);
      case 'set':
        return this.set(cmd.query, cmd.value, cmd.explicit);
      case 'selfScore': {
        // "100% 自评分 8" at an actual question is the answer with its self-score.
        const slot = this.current();
        if (cmd.query !== '' && slot.kind === 'indicator' && slot.part === 'actual' && !this.namesIndicator(cmd.query)) return 'not-handled';
        const i = this.indicatorFor(cmd.query);
        if (i === undefined) return 'done';
        this.setSelfScore(i, cmd.value);
        return 'done';
      }
      case 'note': {
        if (this.isFreeText(this.current()) && !this.namesIndicator(cmd.query)) return 'not-handled';
        const i = this.indicatorFor(cmd.query);
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
        this.keep(cmd.index, cmd.reason);
        return 'done';
      case 'delete':
        this.delete(cmd.query);
        return 'done';
      default: {
        const never: never = cmd;
        return never;
      }
    }
  }

  private back(): void {
    const e = this.entry;
    if (e.pending?.kind === 'skip-reason') {
      const id = e.pending.slot;
      const s = parseSlotId(id);
      delete e.skipped[id];
      e.history = e.history.filter((h) => h !== id);
      delete e.pending;
      this.say(M.backCancelSkip(s ? labelOf(s, e.form) : ''));
      return;
    }
    if (e.pending) {
      delete e.pending;
      this.say(M.restartCancelled);
      return;
    }
    if (e.draft) {
      this.say(M.backCancelDraft(e.draft.name));
      delete e.draft;
      return;
    }
    // The answer before the item being revisited (or before the current question).
    const at = e.editing !== undefined && e.history.includes(e.editing) ? e.history.lastIndexOf(e.editing) : e.history.length;
    for (let k = at - 1; k >= 0; k--) {
      const id = e.history[k];
      const slot = parseSlotId(id);
      if (!slot || !this.exists(slot) || slot.kind === 'conflict' || slot.kind === 'review' || slot.kind === 'indicators.target') continue;
      if (slot.kind === 'subItems.add') {
        e.done.subItems = false;
        e.history.splice(k, 1);
        delete e.editing;
        this.say(M.backReopen(labelOf(slot, e.form)));
        return;
      }
      if (slot.kind === 'indicators.add') {
        e.done.categories = e.done.categories.filter((c) => c !== slot.category);
        e.history.splice(k, 1);
        delete e.editing;
        this.say(M.backReopen(labelOf(slot, e.form)));
        return;
      }
      if (id in e.skipped) {
        delete e.skipped[id];
        e.history.splice(k, 1);
        delete e.editing;
        this.say(M.backCancelSkip(labelOf(slot, e.form)));
        return;
      }
      this.startEdit(slot, true);
      return;
    }
    this.say(M.noBack);
  }

  private skip(): void {
    const e = this.entry;
    if (e.pending?.kind === 'skip-reason') return this.recordSkip(undefined);
    const slot = this.current();
    const id = slotId(slot);
    if (slot.kind === 'review') return this.say(M.nothingToSkip);
    if (slot.kind === 'field' && (slot.path === 'project.name' || slot.path === 'project.year')) return this.say(M.cannotSkip(FIELD_LABELS[slot.path]));
    if (e.editing === id) {
      delete e.editing;
      return this.say(M.kept(labelOf(slot, e.form)));
    }
    if (slot.kind === 'indicators.target') {
      this.say(M.backCancelDraft(e.draft?.name ?? ''));
      delete e.draft;
      return;
    }
    // Recorded at once (no value); the reason, if any, comes with the next message.
    e.skipped[id] = {};
    e.pending = { kind: 'skip-reason', slot: id };
    if (!e.history.includes(id)) e.history = [...e.history, id];
  }

  private progress(): void {
    const e = this.entry;
    const score = scoreForm(e.form);
    const items = checklist(e, score);
    const slot = this.current();
    this.say(M.progressHead(slot.kind === 'review' ? sectionLabel(slot) : `${sectionLabel(slot)} —— ${labelOf(slot, e.form)}`));
    for (const section of SECTION_IDS) {
      if (section === 'review') continue;
      const own = items.filter((it) => sectionOf(it.slot) === section);
      const filled = own.filter((it) => it.state === 'filled').length;
      const skipped = own.filter((it) => it.state === 'skipped').length;
      const label = sectionLabelOf(section);
      if (section === 'subItems') this.say(`${label}：${e.form.subItems.length} 个子项${e.done.subItems ? '，已完成' : ''}`);
      else if (section === 'indicators') {
        const parts = (['input', 'output', 'outcome', 'impact'] as const).map((c) => {
          const n = e.form.indicators.filter((i) => i.category === c).length;
          return `${CATEGORY_LABELS[c]} ${n} 项`;
        });
        this.say(`${label}：${parts.join('、')}；已答 ${filled}/${own.length}${skipped ? `，跳过 ${skipped}` : ''}`);
      } else this.say(`${label}：${filled}/${own.length}${skipped ? `，跳过 ${skipped}` : ''}${filled + skipped === own.length ? ' ✓' : ''}`);
    }
    const skippedLabels = items.filter((it) => it.state === 'skipped').map((it) => labelOf(it.slot, e.form));
    if (skippedLabels.length) this.say(M.progressSkipped(skippedLabels));
    const left = items.filter((it) => it.state === 'missing' && it.slot.kind !== 'review').map((it) => labelOf(it.slot, e.form));
    this.say(M.progressLeft(left.length > 8 ? [...left.slice(0, 8), `等 ${left.length} 项`] : left));
    this.say(M.totalNow(score.total, show(score.maxTotal)));
  }

  private async exportForm(): Promise<void> {
    const e = this.entry;
    const score = scoreForm(e.form, { final: true });
    const blocking = blockingFindings(score);
    if (blocking.length > 0) {
      this.say(M.exportBlocked(blocking.map((f, i) => `${i + 1}. ${f.message}`)));
      return;
    }
    const exporter = this.deps.exporter;
    if (!exporter) return this.say(M.noExporter);
    const missing = checklist(e, score).filter((it) => it.state === 'missing' && it.slot.kind !== 'review');
    try {
      const files = await exporter.exportForm(e.form, score);
      if (missing.length) this.say(M.exportIncomplete(missing.length, missing.slice(0, 3).map((it) => labelOf(it.slot, e.form)).join('、')));
      this.say(M.exported(files.map((f) => f.name)));
      this.replies.push({ text: this.lines.join('\n'), files, formKey: formKey(e.form) });
      this.lines = [];
    } catch {
      this.say(M.exportFailed);
    }
  }

  private listForms(): void {
    const lines = this.session.forms.map((f, i) => {
      const slot = nextField(f);
      const where = slot.kind === 'review' ? '已填完' : `填到 ${sectionLabel(slot)}`;
      return M.formLine(i + 1, formKey(f.form), where, f.id === this.session.active);
    });
    this.say(lines.length ? M.formsList(lines) : M.formsEmpty);
  }

  private newForm(): void {
    if (this.session.forms.length >= MAX_FORMS) return this.say(M.tooManyForms(MAX_FORMS));
    const e = newEntry(this.session, this.deps.clock.now());
    this.session.forms.push(e);
    this.session.active = e.id;
    this.say(M.newForm);
  }

  private switchForm(query: string): void {
    const forms = this.session.forms;
    const q = normalizeText(query).replace(/^第/, '').replace(/[个份]?(表单)?$/, '');
    let target: FormEntry | undefined;
    if (/^\d{1,3}$/.test(q)) target = forms[Number(q) - 1];
    else {
      const key = compact(q);
      const hits = forms.filter((f) => key !== '' && compact(formKey(f.form)).includes(key));
      target = hits.length === 1 ? hits[0] : hits.find((f) => compact(f.form.project.name ?? '') === key);
    }
    if (!target) return this.say(M.switchNotFound(query));
    if (target.id === this.session.active) return this.say(M.alreadyActive(formKey(target.form)));
    this.session.active = target.id;
    this.say(M.switched(formKey(target.form)));
  }

  private listSubItems(): void {
    const f = this.entry.form;
    this.say(M.subItemList(f.subItems.map((s, i) => `${i + 1}. ${s.name}：预算 ${s.budget ?? '—'} / 实际 ${s.actual ?? '—'}`)));
  }

  /** The indicator a query names; '' or 这个 → the last scored one (or the one being asked). */
  private indicatorFor(query: string): number | undefined {
    const e = this.entry;
    if (THIS_ONE.test(compact(query))) {
      const slot = this.current();
      const i = e.lastIndicator ?? (slot.kind === 'indicator' ? slot.index : undefined);
      if (i === undefined || !e.form.indicators[i]) {
        this.say(M.whyNothing);
        return undefined;
      }
      return i;
    }
    const r = resolveRef(query, e.form);
    if (r.ok && r.ref.kind === 'indicator') return r.ref.index;
    if (!r.ok && r.reason === 'ambiguous') this.say(M.ambiguous(query, r.options));
    else this.say(M.notFound(query));
    return undefined;
  }

  private namesIndicator(query: string): boolean {
    const r = resolveRef(query, this.entry.form, { partial: false });
    return r.ok && r.ref.kind === 'indicator';
  }

  private why(query: string): void {
    const i = this.indicatorFor(query);
    if (i === undefined) return;
    const form = this.entry.form;
    const r = scoreForm(form).indicators[i];
    const text = explainIndicator(r, ruleSetForForm(form));
    this.say(r.status === 'full' ? M.whyFull(text) : text);
  }

  private refSlot(ref: Ref): Slot | undefined {
    switch (ref.kind) {
      case 'field':
        return { kind: 'field', path: ref.path };
      case 'indicator':
        return { kind: 'indicator', index: ref.index, part: ref.part ?? 'actual' };
      case 'subItem':
        return { kind: 'subItem', index: ref.index, part: ref.part ?? 'budget' };
      default:
        return undefined;
    }
  }

  private edit(query: string): 'done' | 'not-handled' {
    const e = this.entry;
    const r = resolveRef(query, e.form);
    if (!r.ok) {
      if (this.isFreeText(this.current()) && [...query].length > 20) return 'not-handled';
      this.say(r.reason === 'ambiguous' ? M.ambiguous(query, r.options) : M.notFound(query));
      return 'done';
    }
    if (r.ref.kind === 'derived') {
      this.say(M.derivedNoEdit(r.ref.label, r.ref.formula));
      return 'done';
    }
    if (r.ref.kind === 'subItems') {
      this.listSubItems();
      return 'done';
    }
    const slot = this.refSlot(r.ref)!;
    if (slot.kind === 'indicator' && slot.part === 'actual' && isComputed(e.form, slot.index)) {
      this.say(M.computedIndicator(e.form.indicators[slot.index].name, '实际支付数 ÷（年初预算数 + 调整数）'));
      return 'done';
    }
    if (slot.kind === 'indicator' && slot.part === 'grade' && e.form.indicators[slot.index].grade === undefined && scoreForm(e.form).indicators[slot.index].status !== 'needs-grade') {
      this.startEdit({ ...slot, part: 'actual' });
      return 'done';
    }
    this.startEdit(slot);
    return 'done';
  }

  private set(query: string, value: string, explicit: boolean): 'done' | 'not-handled' {
    const e = this.entry;
    const slotNow = this.current();
    // A loose "X是Y" at a free-text question counts only when X is exactly a field or indicator.
    if (!explicit && this.isFreeText(slotNow) && (this.entry.pending || (slotNow.kind === 'field' && slotNow.path.startsWith('narrative.')) || [...query, ...value].length > 60)) return 'not-handled';
    const r = resolveRef(query, e.form, { partial: explicit || !this.isFreeText(slotNow) });
    if (!r.ok) {
      if (!explicit) return 'not-handled';
      if (this.isFreeText(this.current()) && !/^(把|将)/.test(query)) return 'not-handled';
      this.say(r.reason === 'ambiguous' ? M.ambiguous(query, r.options) : M.notFound(query));
      return 'done';
    }
    if (r.ref.kind === 'derived') {
      this.say(M.derivedNoEdit(r.ref.label, r.ref.formula));
      return 'done';
    }
    if (r.ref.kind === 'subItems') return explicit ? (this.listSubItems(), 'done') : 'not-handled';
    if (r.ref.kind === 'subItem' && r.ref.part === undefined) {
      const name = e.form.subItems[r.ref.index].name;
      this.say(M.ambiguous(query, [`${name}的预算数`, `${name}的实际数`]));
      return 'done';
    }
    const slot = this.refSlot(r.ref)!;
    if (slot.kind === 'indicator' && slot.part === 'selfScore') {
      this.setSelfScore(slot.index, value);
      return 'done';
    }
    this.answer(slot, value, 'correction');
    return 'done';
  }

  private keep(index: number | undefined, reason: string | undefined): void {
    const e = this.entry;
    const slot = this.current();
    if (index === undefined && e.editing !== undefined && e.editing === slotId(slot)) {
      delete e.editing;
      this.say(M.kept(labelOf(slot, e.form)));
      return;
    }
    let finding: Finding | undefined;
    if (index === undefined && slot.kind === 'conflict') {
      finding = openConflicts(e).find((f) => f.code === slot.code && (f.subject ?? '') === slot.subject);
    } else {
      const blocking = blockingFindings(scoreForm(e.form, { final: true }));
      if (blocking.length === 0) return this.say(M.keepNothing);
      if (index === undefined) {
        if (blocking.length > 1) return this.say(M.keepWhich(blocking.length));
        finding = blocking[0];
      } else {
        finding = blocking[index - 1];
        if (!finding) return this.say(M.keepWhich(blocking.length));
      }
    }
    if (!finding) return this.say(M.keepNothing);
    e.pending = { kind: 'override-reason', code: finding.code, ...(finding.subject !== undefined ? { subject: finding.subject } : {}), label: clip(finding.message, 200) };
    if (reason) this.answerPending(reason);
  }

  private delete(query: string): void {
    const e = this.entry;
    const r = resolveRef(query, e.form);
    if (!r.ok) return this.say(r.reason === 'ambiguous' ? M.ambiguous(query, r.options) : M.notFound(query));
    if (r.ref.kind === 'subItem') {
      const i = r.ref.index;
      const name = e.form.subItems[i].name;
      remapIndices(e, 'subItem', removeAt(i));
      this.say(M.subItemDeleted(name));
      this.commit(deleteSubItem(e.form, i));
      return;
    }
    if (r.ref.kind === 'indicator') {
      const i = r.ref.index;
      const ind = e.form.indicators[i];
      if (ind.category === 'input') return this.say(M.cannotDeleteCommon(ind.name));
      remapIndices(e, 'indicator', removeAt(i));
      this.say(M.indicatorDeleted(ind.name));
      this.commit(deleteIndicator(e.form, i));
      return;
    }
    this.say(M.notFound(query));
  }

  // ---- files ----

  private async importFile(file: IncomingFile): Promise<void> {
    const importer = this.deps.importer;
    if (!importer) return this.say(M.noImporter);
    let result;
    try {
      result = await importer.importFile(file);
    } catch {
      return this.say(M.importCrashed);
    }
    if (!result.ok) return this.say(M.importFailed(result.message));
    const form = result.form;
    const score = scoreForm(form, { final: true });
    this.say(M.importHead(file.name, formKey(form), form.indicators.length));
    this.say(M.importScore(score.total, show(score.maxTotal), score.selfTotal));
    this.say(M.importFindings(score.findings.slice(0, 12).map((f, i) => `${i + 1}. ${f.severity === 'error' ? '【错误】' : '【提示】'}${f.message}`)));
    if (result.issues.length) this.say(M.importIssues(result.issues.slice(0, 5).map((x) => `· ${x.line !== undefined ? `第 ${x.line} 行：` : ''}${x.message}`)));
    this.card(scoreCard(form, score));
    this.session.pending = { kind: 'import-offer', form, fileName: clip(file.name, 200) };
  }
}

/**
 * The fields of a one-line entry: split on full-width commas and semicolons (unambiguous) when
 * there are any, else on ASCII commas that are not thousands separators ("5,859" stays whole).
 */
function splitFields(raw: string): string[] {
  const wide = raw.split(/[，；;|\t]/).map((p) => normalizeText(p)).filter(Boolean);
  if (wide.length > 1) return wide;
  return normalizeText(raw).split(/(?<!\d),|,(?!\d{3}(?!\d))/).map((p) => p.trim()).filter(Boolean);
}

function sectionLabel(slot: Slot): string {
  return sectionLabelOf(sectionOf(slot));
}

function sectionLabelOf(section: SectionId): string {
  return SECTION_LABELS[section];
}
