// Applying an answer to the item being asked (or to the item a correction names): validate,
// build the new form, say what changed. Each function works on the turn in progress.
import {
  CATEGORY_LABELS,
  FIELD_LABELS,
  dec,
  fixed,
  normalizeText,
  ruleSetForForm,
  scoreForm,
  show,
  str,
  sum,
  summarizeIndicator,
  type FormScore,
} from '../../rules/index.js';
import { L, M } from '../messages/zh-CN.js';
import { conflictFields } from './checklist.js';
import { isDone, isKeep } from './commands.js';
import { checkKey } from './diff.js';
import { addSubItem, ensureCommonIndicators, insertIndicator, isComputed, setField, updateIndicator, updateSubItem } from './formEdit.js';
import { resolveRef } from './match.js';
import { answerSelfScore, closedCategoryLines, indicatorLine, isOpenCategory } from './selfScores.js';
import { remapIndices, shiftFrom } from './remap.js';
import { isAmountField, labelOf, targetLabel, valueOf, wan } from './render.js';
import { formKey, sameKey } from './session.js';
import { slotId, type AddCategory, type EditableField, type Slot } from './slots.js';
import type { Turn } from './context.js';
import {
  LIMITS,
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
  type Valid,
} from './validate.js';

const NEGATIVE_ALLOWED = new Set<string>(['budget.adjustment', 'budget.quotaBalance', 'funds.balance']);

/** Applies `text` to `slot`. Used for answers and for corrections ("年初预算数改成1800"). */
export function answer(t: Turn, slot: Slot, text: string, mode: 'answer' | 'correction'): void {
  const e = t.entry;
  switch (slot.kind) {
    case 'field':
      return answerField(t, slot, slot.path, text);
    case 'subItems.add':
      return answerSubItemsAdd(t, slot, text);
    case 'subItem':
      return answerSubItem(t, slot, text);
    case 'indicators.add':
      return answerIndicatorsAdd(t, slot, slot.category, text);
    case 'indicators.target': {
      const v = validateTarget(text);
      if (!v.ok) return t.reject(slot, v.problem);
      const name = e.draft?.name ?? '';
      delete e.draft;
      addIndicator(t, slot.category, name, v.value);
      return;
    }
    case 'indicator':
      return answerIndicator(t, slot, text);
    case 'conflict':
      return answerConflict(t, slot, text);
    case 'review':
      if (mode === 'answer') t.say(M.reviewUnknown);
      return;
    default: {
      const never: never = slot;
      return never;
    }
  }
}

export function answerField(t: Turn, slot: Slot, path: EditableField, text: string): void {
  const e = t.entry;
  if (isKeep(text) && e.editing === slotId(slot)) {
    delete e.editing;
    t.say(M.kept(FIELD_LABELS[path]));
    return;
  }
  let v: Valid<string | number>;
  if (path === 'project.year') v = validateYear(text);
  else if (path === 'project.name' || path === 'project.department') v = validateText(text, LIMITS.name);
  else if (path.startsWith('narrative.')) v = validateNarrative(text);
  else v = validateAmount(text, NEGATIVE_ALLOWED.has(path));
  if (!v.ok) return t.reject(slot, v.problem);

  let next = setField(e.form, path, v.value);
  if (path === 'project.name' || path === 'project.year') {
    const twin = t.session.forms.findIndex((f) => f.id !== e.id && sameKey(f.form, next));
    if (twin >= 0) return t.say(M.duplicateForm(formKey(next), twin + 1));
  }
  const label = FIELD_LABELS[path];
  const old = valueOf(slot, e.form);
  const shown = isAmountField(path) ? wan(String(v.value)) : path.startsWith('narrative.') ? L.chars([...String(v.value)].length) : String(v.value);
  if (old !== undefined && old !== shown && !path.startsWith('narrative.')) t.say(M.changed(label, old, shown));
  else t.say(M.saved(label, path.startsWith('narrative.') ? shown : shown));
  if (path === 'project.year') {
    const hadInput = next.indicators.some((i) => i.category === 'input');
    next = ensureCommonIndicators(next);
    const rs = ruleSetForForm(next);
    t.say(rs.year === v.value ? M.ruleSet(rs.title) : M.ruleSetOtherYear(rs.title, v.value as number));
    if (!hadInput) t.say(M.prefilled(next.indicators.filter((i) => i.category === 'input').map((i) => i.name).join('、')));
  }
  t.commit(next);
  t.answered(slot);
}

export function answerSubItemsAdd(t: Turn, slot: Slot, text: string): void {
  const e = t.entry;
  if (isDone(text)) {
    if (e.form.subItems.length === 0) return t.say(M.subItemsNeedOne);
    e.done.subItems = true;
    const f = e.form;
    t.say(M.subItemsDone(f.subItems.length, str(sum(f.subItems.map((s) => dec(s.budget ?? '0')))), str(sum(f.subItems.map((s) => dec(s.actual ?? '0'))))));
    for (const finding of scoreForm(f).findings) {
      if (finding.code === 'subitems.budget-sum') t.say(M.newWarning(finding.message));
    }
    t.answered(slot);
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
      t.commit(addSubItem(e.form, { name: name.value, budget: budget.value, actual: actual.value }));
      t.say(M.saved(L.subItem(name.value), L.budgetActualWan(budget.value, actual.value)));
      t.answered({ kind: 'subItem', index, part: 'name' });
      return;
    }
  }
  const v = validateSubItemName(text, e.form);
  if (!v.ok) return t.reject(slot, v.problem);
  const index = e.form.subItems.length;
  t.commit(addSubItem(e.form, { name: v.value }));
  t.answered({ kind: 'subItem', index, part: 'name' });
}

export function answerSubItem(t: Turn, slot: Extract<Slot, { kind: 'subItem' }>, text: string): void {
  const e = t.entry;
  if (isKeep(text) && e.editing === slotId(slot)) {
    delete e.editing;
    t.say(M.kept(labelOf(slot, e.form)));
    return;
  }
  if (slot.part === 'name') {
    const v = validateSubItemName(text, e.form, slot.index);
    if (!v.ok) return t.reject(slot, v.problem);
    t.say(M.changed(L.subItemName, e.form.subItems[slot.index].name, v.value));
    t.commit(updateSubItem(e.form, slot.index, { name: v.value }));
  } else {
    const v = validateAmount(text, false);
    if (!v.ok) return t.reject(slot, v.problem);
    const old = valueOf(slot, e.form);
    const label = labelOf(slot, e.form);
    t.say(old !== undefined && old !== wan(v.value) ? M.changed(label, old, wan(v.value)) : M.saved(label, wan(v.value)));
    t.commit(updateSubItem(e.form, slot.index, { [slot.part]: v.value }));
  }
  t.answered(slot);
}

export function answerIndicatorsAdd(t: Turn, slot: Slot, category: AddCategory, text: string): void {
  const e = t.entry;
  const count = e.form.indicators.filter((i) => i.category === category && !i.notApplicable).length;
  if (isDone(text)) {
    if (count === 0) return t.say(M.categoryNeedsOne(CATEGORY_LABELS[category]));
    const wasOpen = !e.done.categories.includes(category);
    if (wasOpen) e.done.categories.push(category);
    const score = scoreForm(e.form);
    if (wasOpen) {
      // The weights settle now: the re-split, the final scores, and the self-scores given so far compared.
      for (const line of closedCategoryLines(category, score, e.form)) t.say(line);
      score.indicators.forEach((r, k) => r.category === category && r.selfScore !== undefined && compareSelfScore(t, k, score));
    } else {
      const weights = score.indicators.filter((r) => r.category === category && r.status !== 'not-applicable').map((r) => show(r.weight));
      t.say(M.categoryDone(CATEGORY_LABELS[category], count, weights.join('、')));
    }
    t.answered(slot);
    return;
  }
  // One line: 名称，目标值，实际完成值[，说明]
  const parts = splitFields(text);
  if (parts.length >= 2 && parts.length <= 4) {
    const name = validateIndicatorName(parts[0], e.form);
    if (!name.ok) return t.reject(slot, name.problem);
    const target = validateTarget(parts[1]);
    if (!target.ok) return t.reject({ kind: 'indicators.target', category }, target.problem);
    const index = addIndicator(t, category, name.value, target.value);
    if (parts[2] !== undefined) answerIndicator(t, { kind: 'indicator', index, part: 'actual' }, parts[2]);
    if (parts[3] !== undefined) {
      const note = validateNote(parts[3]);
      if (note.ok) t.commit(updateIndicator(t.entry.form, index, { note: note.value }));
    }
    return;
  }
  const v = validateIndicatorName(text, e.form);
  if (!v.ok) return t.reject(slot, v.problem);
  e.draft = { category, name: v.value };
  t.advanced = true;
}

/** Inserts a new indicator in table order; returns its index. */
export function addIndicator(t: Turn, category: AddCategory, name: string, target: string): number {
  const e = t.entry;
  const { form, index } = insertIndicator(e.form, { category, name, target });
  remapIndices(e, 'indicator', shiftFrom(index, 1));
  t.say(M.indicatorAdded(name, target));
  t.commit(form);
  t.answered({ kind: 'indicator', index, part: 'name' });
  t.answered({ kind: 'indicator', index, part: 'target' });
  return index;
}

export function answerIndicator(t: Turn, slot: Extract<Slot, { kind: 'indicator' }>, input: string): void {
  const e = t.entry;
  const i = slot.index;
  const ind = e.form.indicators[i];
  if (isKeep(input) && e.editing === slotId(slot)) {
    delete e.editing;
    t.say(M.kept(labelOf(slot, e.form)));
    return;
  }
  switch (slot.part) {
    case 'actual': {
      if (isComputed(e.form, i)) return t.say(M.computedIndicator(ind.name, L.executionRateFormula));
      // "5859平方米 自评分 8.66": the actual with the self-score.
      let text = input;
      let self: string | undefined;
      const m = /^(.*?)[\s，,；;]*(?:自评分|自评得分|自评)\s*(?:是|为|:|：)?\s*(\d+(?:\.\d+)?)\s*分?[。.]?$/s.exec(normalizeText(input));
      if (m && m[1].trim() !== '') {
        text = m[1];
        self = m[2];
      }
      // "实际 9000，自评 8": a leading 实际/实际完成值 names the cell being answered.
      const named = /^\s*实际(?:完成值|完成|值)?\s*(?:是|为|:|：)?\s*(.+)$/s.exec(normalizeText(text));
      if (named && /^[\d.,+-]/.test(named[1])) text = named[1];
      const v = validateActual(e.form, i, text);
      if (!v.ok) return t.reject(slot, v.problem);
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
      const old = ind.notApplicable ? L.notApplicable : ind.actual;
      if ('notApplicable' in v.value) t.say(M.notApplicableSet(ind.name));
      else if (old !== undefined && old !== v.value.actual) t.say(M.changed(L.indicatorCell(ind.name, L.indicatorPart.actual), old, v.value.actual));
      const silence = new Set([checkKey({ code: 'indicator.self-score-mismatch', subject: ind.name })]);
      const first = e.form.indicators.every((x) => x.actual === undefined || isComputed(e.form, e.form.indicators.indexOf(x)));
      const { after } = t.commit(next, { focus: i, silence });
      t.answered(slot);
      e.lastIndicator = i;
      if (!('notApplicable' in v.value)) reportIndicator(t, i, after);
      if (selfProblem) t.say(M.rejected(L.indicatorCell(ind.name, L.indicatorPart.selfScore), selfProblem));
      // The first indicator answered: say once that a self-score may be given.
      else if (first && self === undefined) t.say(M.selfScoreHint);
      return;
    }
    case 'grade': {
      const v = validateGrade(input);
      if (!v.ok) return t.reject(slot, v.problem);
      t.say(M.gradeRecorded(ind.name, v.value));
      const { after } = t.commit(updateIndicator(e.form, i, { grade: v.value }), { focus: i });
      t.answered(slot);
      e.lastIndicator = i;
      reportIndicator(t, i, after);
      return;
    }
    case 'note': {
      const v = validateNote(input);
      if (!v.ok) return t.reject(slot, v.problem);
      t.say(M.noteRecorded(ind.name));
      t.commit(updateIndicator(e.form, i, { note: v.value }));
      t.answered(slot);
      return;
    }
    case 'target': {
      const v = validateTarget(input);
      if (!v.ok) return t.reject(slot, v.problem);
      if (ind.target !== v.value) t.say(M.changed(L.indicatorCell(ind.name, L.indicatorPart.target), ind.target, v.value));
      const { after } = t.commit(updateIndicator(e.form, i, { target: v.value, grade: undefined }), { focus: i });
      t.answered(slot);
      e.lastIndicator = i;
      reportIndicator(t, i, after);
      return;
    }
    case 'name': {
      if (ind.category === 'input') return t.say(M.cannotDeleteCommon(ind.name));
      const v = validateIndicatorName(input, e.form, i);
      if (!v.ok) return t.reject(slot, v.problem);
      t.say(M.changed(L.indicatorName, ind.name, v.value));
      t.commit(updateIndicator(e.form, i, { name: v.value }));
      t.answered(slot);
      return;
    }
    case 'selfScore':
      return answerSelfScore(t, i, input, slot, setSelfScore);
    default: {
      const never: never = slot.part;
      return never;
    }
  }
}

/** The score of one indicator after an answer, with the self-score compared. */
export function reportIndicator(t: Turn, i: number, score: FormScore): void {
  const r = score.indicators[i];
  if (!r) return;
  t.say(indicatorLine(t.entry, r));
  if (r.selfScore !== undefined) compareSelfScore(t, i, score);
}

export function compareSelfScore(t: Turn, i: number, score: FormScore): void {
  const r = score.indicators[i];
  if (r.selfScore === undefined) return;
  // In a category still being filled the rule score is not final: compare when it is closed.
  if (isOpenCategory(t.entry, r.category)) return t.say(M.selfScoreLater(r.name, show(r.selfScore), CATEGORY_LABELS[r.category]));
  if (dec(r.selfScore).equals(dec(r.score))) return t.say(M.selfScoreSame(r.name, r.selfScore));
  const why = r.status === 'full' ? '' : summarizeIndicator(r, ruleSetForForm(t.entry.form)).replace(/^「[^」]*」得 [\d.]+ 分（权重 [\d.]+ 分）[：。]?/, '');
  t.say(M.selfScoreDiff(r.name, r.selfScore, r.score, fixed(dec(r.selfScore).minus(dec(r.score)).abs(), 2), why));
}

export function setSelfScore(t: Turn, i: number, value: string, slot?: Slot): void {
  const e = t.entry;
  const v = validateSelfScore(e.form, i, value);
  if (!v.ok) return t.reject(slot ?? { kind: 'indicator', index: i, part: 'selfScore' }, v.problem);
  const name = e.form.indicators[i].name;
  const { after } = t.commit(updateIndicator(e.form, i, { selfScore: v.value }), { silence: new Set([checkKey({ code: 'indicator.self-score-mismatch', subject: name })]) });
  if (slot) t.answered(slot);
  else if (e.editing === slotId({ kind: 'indicator', index: i, part: 'selfScore' })) delete e.editing;
  e.lastIndicator = i;
  compareSelfScore(t, i, after);
}

export function answerConflict(t: Turn, slot: Extract<Slot, { kind: 'conflict' }>, text: string): void {
  const e = t.entry;
  const finding = scoreForm(e.form).findings.find((f) => f.code === slot.code && (f.subject ?? '') === slot.subject);
  if (!finding) return;
  const targets = conflictFields(finding, e.form);
  const ref = resolveRef(text, e.form);
  if (ref.ok) {
    if (ref.ref.kind === 'field' && targets.includes(ref.ref.path)) return t.startEdit({ kind: 'field', path: ref.ref.path });
    if ((ref.ref.kind === 'subItems' || ref.ref.kind === 'subItem') && targets.includes('subItems')) {
      if (ref.ref.kind === 'subItem') return t.startEdit({ kind: 'subItem', index: ref.ref.index, part: ref.ref.part ?? 'actual' });
      return listSubItems(t);
    }
  }
  t.say(M.conflictPick(targets.map(targetLabel)));
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

/** 子项 with their figures. */
export function listSubItems(t: Turn): void {
  const f = t.entry.form;
  t.say(M.subItemList(f.subItems.map((s, i) => L.subItemLine(i + 1, s.name, s.budget ?? '—', s.actual ?? '—'))));
}
