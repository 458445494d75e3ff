// One turn of the conversation as a one-way pipeline:
//   understand (dialogs/understand: text + context → one intent)
//   → decide (decide.ts: the intent applied to the turn's own copy of the session → events)
//   → render (replies.ts: events → replies).
// handleTurn(session, input, deps) → { session, replies } never throws for anything the user sends
// and never changes the object it was given.
import { chooseTemplate, normalizeText, scoreForm } from '../../rules/index.js';
import type { DialogDeps } from '../ports.js';
import { BUTTONS, M } from '../messages/zh-CN.js';
import { readYesNo as readYesNoOf } from './commands.js';
import { resolveSessionPending as resolvePending } from './actions.js';
import { understand, type UnderstandContext } from '../understand/index.js';
import { importFile } from './actions.js';
import { askChoice, moveToNational, moveToSuzhou, readTemplateRequest, resolveChoice, settleTemplate } from './choose.js';
import { activeNational, finishNational, nationalTurn } from '../national/turn.js';
import { nationalKey } from '../national/session.js';
import { N } from '../national/messages.js';
import { activeEntry } from './session.js';
import { checklist } from './checklist.js';
import { Turn } from './context.js';
import { decide } from './decide.js';
import { before, remember } from './history.js';
import { labelOf, promptFor, scoreCard, sectionCard, sectionLabel } from './render.js';
import { renderEvents } from './replies.js';
import { formKey, type Session } from './session.js';
import { SECTION_IDS, parseSlotId, sectionOf, slotId } from './slots.js';
import type { Reply, TurnInput } from './types.js';
import { LIMITS } from './validate.js';

export type TurnResult = { session: Session; replies: Reply[] };

/** The longest message read at all (a narrative may be 20,000 characters). */
export const MAX_MESSAGE = LIMITS.narrative;

export async function handleTurn(stored: unknown, input: TurnInput, deps: DialogDeps): Promise<TurnResult> {
  const t = new Turn(stored, deps);
  await run(t, input);
  return { session: t.session, replies: renderEvents(t.events) };
}

/** The welcome for a new conversation (membersAdded): greets and asks the first question. */
export function startConversation(stored: unknown, deps: DialogDeps): TurnResult {
  const t = new Turn(stored, deps);
  greet(t, true);
  finishAny(t);
  return { session: t.session, replies: renderEvents(t.events) };
}

/** The welcome text alone. */
export function welcome(): string {
  return M.welcome();
}

/** What the understanding layer needs to know about the session: the open question and the form. */
export function understandContext(t: Turn): UnderstandContext {
  const e = t.entry;
  const slot = t.current();
  return {
    form: e.form,
    slot,
    freeText: t.isFreeText(slot),
    yesNo: t.session.pending !== undefined,
    reason: e.pending !== undefined,
    ...(e.lastIndicator !== undefined ? { lastIndicator: e.lastIndicator } : {}),
  };
}

/** The intent a message has in a stored session (for the evaluation and tests; changes nothing). */
export function intentOf(stored: unknown, text: string, deps: DialogDeps) {
  const t = new Turn(stored, deps);
  return understand(text, understandContext(t));
}

function greet(t: Turn, fresh: boolean): void {
  const hadForms = t.session.forms.some((f) => f.history.length > 0) || (t.session.national?.length ?? 0) > 0;
  t.session.greeted = true;
  const n = activeNational(t);
  if (fresh && hadForms) t.say(M.welcomeBack(n ? nationalKey(n.form) : formKey(t.entry.form)));
  else t.say(M.welcome(chooseTemplate({ region: t.deps.region }).decided === 'suzhou'));
}

/** Intents a first message may carry out right after the welcome (not answers, not small talk). */
const FIRST_MESSAGE = new Set(['help', 'back', 'skip', 'progress', 'preview', 'export', 'restart', 'forms', 'new', 'list', 'switch', 'why', 'edit', 'keep', 'delete', 'lostPoints', 'howToFull', 'scoreNow', 'fieldHelp', 'undo', 'redo']);

async function run(t: Turn, input: TurnInput): Promise<void> {
  const text = typeof input.text === 'string' ? input.text : '';
  for (const problem of input.fileErrors ?? []) t.say(M.fileProblem(problem));
  if (input.fileErrors?.length && !input.files?.length) {
    t.session.greeted = true;
    finishAny(t);
    return;
  }
  if (input.files && input.files.length > 0) {
    if (!t.session.greeted) t.session.greeted = true;
    await importFile(t, input.files[0]);
    finishAny(t);
    return;
  }
  // Which form (苏州市级 / 财政部通用): the pending question, or a request to change it.
  if (t.session.pending?.kind === 'choose-template' && normalizeText(text) !== '') {
    resolveChoice(t, text);
    finishAny(t);
    return;
  }
  const wanted = t.session.greeted ? readTemplateRequest(text) : undefined;
  if (wanted) {
    const n = activeNational(t);
    if (wanted === 'national' && !n) moveToNational(t, t.entry) && t.say(N.chosenNational(''));
    else if (wanted === 'suzhou' && n) moveToSuzhou(t, n);
    else t.say(wanted === 'national' ? N.chosenNational('') : N.chosenSuzhou);
    finishAny(t);
    return;
  }
  const national = activeNational(t);
  if (national) {
    t.session.greeted = true;
    if (t.session.pending) {
      // A yes/no question about an imported file, asked while this form was active.
      const yn = readYesNoOf(text);
      if (yn !== undefined) resolvePending(t, yn);
      else {
        delete t.session.pending;
        await nationalTurn(t, national, text);
      }
    } else await nationalTurn(t, national, text);
    finishAny(t);
    return;
  }
  const length = [...text].length;
  if (length > MAX_MESSAGE) {
    const slot = t.current();
    t.say(M.rejected(labelOf(slot, t.entry.form), M.problem.tooLong(length, t.maxFor(slot)), t.kept(slot)));
    finish(t);
    return;
  }
  if (!t.session.greeted) {
    greet(t, false);
    const intent = understand(text, { ...understandContext(t), freeText: true });
    if (FIRST_MESSAGE.has(intent.kind)) await decide(t, intent, text);
    finish(t);
    return;
  }
  if (normalizeText(text) === '') {
    const slot = t.current();
    t.say(t.entry.pending ? M.emptyMessage : M.rejected(labelOf(slot, t.entry.form), M.problem.empty, t.kept(slot)));
    finish(t);
    return;
  }
  const intent = understand(text, understandContext(t));
  const e = t.entry;
  const keep = intent.kind !== 'undo' && intent.kind !== 'redo';
  const was = keep ? before(e) : undefined;
  await decide(t, intent, text);
  if (was && activeEntry(t.session) === e) remember(e, was, t.changed);
  settleTemplate(t);
  finishAny(t);
}

/** The closing question of whichever form is active (or of the pending choice). */
function finishAny(t: Turn): void {
  if (t.session.pending?.kind === 'choose-template') return askChoice(t);
  const n = activeNational(t);
  if (n && !t.session.pending) return finishNational(t, n);
  finish(t);
}

/** The question that ends every turn, with a section header when the section changes. */
function finish(t: Turn): void {
  const sp = t.session.pending;
  if (sp) {
    const q =
      sp.kind === 'confirm-restart'
        ? { text: M.restartConfirm(formKey(t.entry.form)), suggestions: [...BUTTONS.confirm] }
        : sp.kind === 'import-national'
          ? { text: N.importOffer(nationalKey(sp.form)), suggestions: [...BUTTONS.yesNo] }
          : { text: M.importOffer, suggestions: [...BUTTONS.yesNo] };
    t.ask(q.text, t.choices ?? q.suggestions);
    return;
  }
  const e = t.entry;
  if (e.pending) {
    if (e.pending.kind === 'skip-reason') {
      const s = parseSlotId(e.pending.slot);
      t.ask(M.skipped(s ? labelOf(s, e.form) : e.pending.slot), t.choices ?? [BUTTONS.noReason]);
    } else t.ask(M.keepAsk(e.pending.label), t.choices);
    return;
  }
  const score = scoreForm(e.form);
  const slot = t.current();
  const prev = e.asking ? parseSlotId(e.asking) : undefined;
  let header: string | undefined;
  if (!prev || sectionOf(prev) !== sectionOf(slot)) {
    if (t.advanced && !t.revisited && prev && SECTION_IDS.indexOf(sectionOf(slot)) > SECTION_IDS.indexOf(sectionOf(prev))) {
      const done = sectionOf(prev);
      const finished = !checklist(e, score).some((it) => it.state === 'missing' && sectionOf(it.slot) === done);
      if (finished) {
        // The score table once, when the indicators are done; the review question that follows
        // the last section gives the total and offers 预览 instead of repeating the table.
        const toReview = sectionOf(slot) === 'review';
        const card = done === 'indicators' ? scoreCard(e.form, scoreForm(e.form, { final: toReview })) : toReview ? undefined : sectionCard(done, e.form, score);
        if (card) t.card(card);
      }
    }
    if (slot.kind !== 'review') header = M.sectionHeader(sectionLabel(slot));
  }
  const prompt = promptFor(slot, e, slot.kind === 'review' ? scoreForm(e.form, { final: true }) : score);
  if (slot.kind === 'conflict') {
    // The conflict question states the broken identity itself: do not say it twice.
    const f = score.findings.find((x) => x.code === slot.code && (x.subject ?? '') === slot.subject);
    if (f) t.unsay(M.newError(f.message));
  }
  e.asking = slotId(slot);
  t.ask([header, prompt.text].filter(Boolean).join('\n'), t.choices ?? prompt.suggestions);
}
