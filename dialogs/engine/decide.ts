// The middle of a turn: one intent (from dialogs/understand) applied to the session. Each intent has
// one handler; the handlers change the turn's copy of the session and say what happened as events.
import { CATEGORY_LABELS, normalizeText, type CategoryId } from '../../rules/index.js';
import { L, M, U } from '../messages/zh-CN.js';
import type { Intent } from '../understand/intent.js';
import {
  answerPending,
  back,
  edit,
  exportForm,
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
} from './actions.js';
import { answer, setSelfScore } from './answers.js';
import type { Turn } from './context.js';
import { getField, isComputed, updateIndicator } from './formEdit.js';
import { redo, undo } from './history.js';
import { refSlot, resolveRef, type Ref } from './match.js';
import { fieldHelp, howToFull, lostPoints, scoreNow, whyRef, whyThis, whyTotal } from './questions.js';
import { scoreCard } from './render.js';
import { openCategories } from './selfScores.js';
import { ADD_CATEGORIES, type AddCategory, type Slot } from './slots.js';
import { scoreForm } from '../../rules/index.js';
import { validateNote } from './validate.js';

type Outcome = 'done' | 'not-handled';

/** Applies one intent. `text` is the message as typed (answers keep it as typed). */
export async function decide(t: Turn, intent: Intent, text: string): Promise<void> {
  if ((await command(t, intent, text)) === 'done') return;
  // Anything else is the answer to the open question; it cancels a pending yes/no question.
  const pending = t.session.pending;
  if (pending) {
    delete t.session.pending;
    t.say(pending.kind === 'confirm-restart' ? M.restartCancelled : M.importDeclined);
  }
  if (t.entry.pending) answerPending(t, text);
  // The answer as understood: the message itself, or the value it points to ("跟拨款数一样" → the 拨款数).
  else answer(t, t.current(), intent.kind === 'answer' ? intent.text : text, 'answer');
}

async function command(t: Turn, intent: Intent, text: string): Promise<Outcome> {
  const e = t.entry;
  switch (intent.kind) {
    case 'answer':
      return 'not-handled';
    case 'yesNo':
      if (!t.session.pending) return 'not-handled';
      resolveSessionPending(t, intent.yes);
      return 'done';
    case 'answers':
      t.say(U.answersHead(intent.items.length));
      for (const item of intent.items) correction(t, item.ref, item.value);
      return 'done';
    case 'rows':
      applyRows(t, intent.rows);
      return 'done';
    case 'correction':
      correction(t, intent.ref, intent.value);
      return 'done';
    case 'why':
      if (intent.target.kind === 'this') whyThis(t);
      else if (intent.target.kind === 'total') whyTotal(t);
      else if (intent.target.kind === 'unknown') t.say(M.notFound(intent.target.query));
      else whyRef(t, intent.target.ref);
      return 'done';
    case 'lostPoints':
      lostPoints(t);
      return 'done';
    case 'howToFull':
      howToFull(t, intent.index);
      return 'done';
    case 'scoreNow':
      scoreNow(t);
      return 'done';
    case 'fieldHelp':
      fieldHelp(t, intent.ref, intent.name);
      return 'done';
    case 'undo':
      undo(t);
      return 'done';
    case 'redo':
      redo(t);
      return 'done';
    case 'smallTalk':
      t.say(intent.what === 'thanks' ? U.thanks : intent.what === 'ping' ? U.ping : intent.what === 'hello' ? U.hello : U.ok);
      return 'done';
    case 'fallback':
      t.say(U.fallback);
      return 'done';
    case 'ambiguous':
      t.say(U.ambiguous(intent.query, intent.options));
      // Each button repeats the message with the name made exact ("面积为什么满分" → "装修面积为什么满分").
      t.choices = intent.options.slice(0, 6).map((o) => (text.includes(intent.query) ? text.trim().replace(intent.query, o) : o));
      return 'done';
    case 'help':
      t.say(M.help());
      return 'done';
    case 'back':
      back(t);
      return 'done';
    case 'skip':
      skip(t);
      return 'done';
    case 'progress':
      progress(t);
      return 'done';
    case 'preview': {
      // A form in progress: indicators not reached yet are not "missing" findings.
      const score = scoreForm(e.form);
      t.card(scoreCard(e.form, score, (f) => f.code !== 'indicator.missing-value' || `indicator.${f.indicatorIndex}.actual` in e.skipped, openCategories(e)));
      return 'done';
    }
    case 'export':
      await exportForm(t, intent.format);
      return 'done';
    case 'restart':
      t.session.pending = { kind: 'confirm-restart', formId: e.id };
      return 'done';
    case 'forms':
      listForms(t);
      return 'done';
    case 'new':
      newForm(t);
      return 'done';
    case 'switch':
      switchForm(t, intent.query);
      return 'done';
    case 'list':
      listSubItems(t);
      return 'done';
    case 'edit':
      return edit(t, intent.query);
    case 'set':
      return set(t, intent.query, intent.value, intent.explicit);
    case 'selfScore': {
      // "100% 自评分 8" at an actual question is the answer with its self-score.
      const slot = t.current();
      if (intent.query !== '' && slot.kind === 'indicator' && slot.part === 'actual' && !namesIndicator(t, intent.query)) return 'not-handled';
      const i = indicatorFor(t, intent.query);
      if (i === undefined) return 'done';
      setSelfScore(t, i, intent.value);
      return 'done';
    }
    case 'note': {
      if (t.isFreeText(t.current()) && !namesIndicator(t, intent.query)) return 'not-handled';
      const i = indicatorFor(t, intent.query);
      if (i === undefined) return 'done';
      const v = validateNote(intent.value);
      if (!v.ok) {
        t.reject({ kind: 'indicator', index: i, part: 'note' }, v.problem);
        return 'done';
      }
      t.say(M.noteRecorded(e.form.indicators[i].name));
      t.commit(updateIndicator(e.form, i, { note: v.value }));
      return 'done';
    }
    case 'keep':
      keep(t, intent.index, intent.reason);
      return 'done';
    case 'delete':
      remove(t, intent.query);
      return 'done';
    default: {
      const never: never = intent;
      return never;
    }
  }
}

/** "X改成Y" with X already resolved: the same checks and confirmations as an answer. */
function correction(t: Turn, ref: Ref, value: string): void {
  const e = t.entry;
  if (ref.kind === 'derived') return t.say(M.derivedNoEdit(ref.label, ref.formula));
  if (ref.kind === 'subItems') return listSubItems(t);
  if (ref.kind === 'field' && (ref.path === 'budget.quotaBalance' || ref.path === 'funds.balance') && getField(e.form, ref.path) === undefined) {
    const r = resolveRef(ref.path === 'budget.quotaBalance' ? '指标结余数' : '资金结余', e.form);
    if (r.ok && r.ref.kind === 'derived') return t.say(M.derivedNoEdit(r.ref.label, r.ref.formula));
  }
  if (ref.kind === 'subItem' && ref.part === undefined) {
    const name = e.form.subItems[ref.index].name;
    t.say(U.ambiguous(L.subItem(name), [L.subItemOption(name, L.subItemPart.budget), L.subItemOption(name, L.subItemPart.actual)]));
    t.choices = [L.subItemOption(name, L.subItemPart.budget), L.subItemOption(name, L.subItemPart.actual)].map((o) => `${o}改成${value}`);
    return;
  }
  const slot = refSlot(ref);
  if (!slot) return t.say(U.fallback);
  if (slot.kind === 'indicator' && slot.part === 'selfScore') return setSelfScore(t, slot.index, value);
  answer(t, slot, value, 'correction');
}

const CATEGORY_WORDS: Array<[RegExp, CategoryId]> = [
  [/^(投入|投入指标|投入类)$/, 'input'],
  [/^(产出|产出指标|产出类)$/, 'output'],
  [/^(结果|效益|效果|结果指标|效益指标|结果类)$/, 'outcome'],
  [/^(影响力|影响|影响力指标|影响力类)$/, 'impact'],
];

function categoryOf(cell: string): CategoryId | undefined {
  const c = normalizeText(cell).replace(/\s+/g, '');
  return CATEGORY_WORDS.find(([re]) => re.test(c))?.[1];
}

/** The category new indicators go to when a row does not say: the one being filled. */
function currentCategory(t: Turn): AddCategory | undefined {
  const slot = t.current();
  if (slot.kind === 'indicators.add' || slot.kind === 'indicators.target') return slot.category;
  if (slot.kind === 'indicator') {
    const c = t.entry.form.indicators[slot.index]?.category;
    if (c && c !== 'input') return c;
  }
  return undefined;
}

/** Rows pasted from a table: 子项 (名称 预算 实际) or indicators ([类别] 名称 目标 实际 [自评分]). */
function applyRows(t: Turn, rows: string[][]): void {
  const e = t.entry;
  const slot = t.current();
  t.say(U.rowsHead(rows.length));
  if (slot.kind === 'subItems.add' || slot.kind === 'subItem') {
    for (const row of rows) {
      const cells = row.filter((c) => c !== '');
      const hit = resolveRef(cells[0], e.form, { partial: false });
      if (hit.ok && hit.ref.kind === 'subItem' && cells.length >= 2) {
        answer(t, { kind: 'subItem', index: hit.ref.index, part: 'budget' }, cells[1], 'correction');
        if (cells[2] !== undefined) answer(t, { kind: 'subItem', index: hit.ref.index, part: 'actual' }, cells[2], 'correction');
        continue;
      }
      if (cells.length < 3) {
        t.say(U.rowSkipped(row.join(' '), U.rowNeedsCells));
        continue;
      }
      answer(t, { kind: 'subItems.add' }, cells.slice(0, 3).join('，'), 'answer');
    }
    return;
  }
  const filled = new Set<AddCategory>();
  for (const row of rows) {
    let cells = row.filter((c) => c !== '');
    const cat = categoryOf(cells[0] ?? '');
    if (cat) cells = cells.slice(1);
    // A weight column copied with the table ("名称 目标 权重 实际 自评分") is not asked for.
    if (cells.length < 2) {
      t.say(U.rowSkipped(row.join(' '), U.rowNeedsCells));
      continue;
    }
    const [name, target, actual, self] = cells;
    const hit = resolveRef(name, e.form, { partial: false });
    if (hit.ok && hit.ref.kind === 'indicator') {
      const i = hit.ref.index;
      const ind = t.entry.form.indicators[i];
      if (target && normalizeText(target).replace(/\s+/g, '') !== normalizeText(ind.target).replace(/\s+/g, '') && ind.category !== 'input') answer(t, { kind: 'indicator', index: i, part: 'target' }, target, 'correction');
      if (actual !== undefined && !isComputed(t.entry.form, i)) answer(t, { kind: 'indicator', index: i, part: 'actual' }, self !== undefined ? `${actual} 自评分 ${self}` : actual, 'correction');
      else if (self !== undefined) setSelfScore(t, i, self);
      continue;
    }
    const category = (cat && cat !== 'input' ? cat : undefined) ?? currentCategory(t);
    if (!category) {
      t.say(U.rowSkipped(row.join(' '), M.notFound(name)));
      continue;
    }
    const before = t.entry.form.indicators.length;
    answer(t, { kind: 'indicators.add', category }, [name, target, ...(actual !== undefined ? [actual] : [])].join('，'), 'answer');
    const after = t.entry.form;
    if (after.indicators.length > before && self !== undefined) {
      const i = after.indicators.findIndex((x) => x.name === normalizeText(name) || x.name === name.trim());
      if (i >= 0) setSelfScore(t, i, self);
    }
    if (cat && cat !== 'input') filled.add(cat);
  }
  // A whole table with its category column: the categories it filled are complete.
  // Closed as “完成” closes one: the same announcements (weights settle) and questions follow.
  if (filled.size > 1) {
    t.say(U.rowsCategoriesDone([...filled].map((c) => CATEGORY_LABELS[c]).join('、')));
    for (const c of ADD_CATEGORIES) if (filled.has(c) && !t.entry.done.categories.includes(c)) answer(t, { kind: 'indicators.add', category: c }, '完成', 'answer');
  }
}
