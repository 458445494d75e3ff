// Questions the user asks about the form (never answers to the open question): why an indicator or
// the total scores what it does, which indicators lost points, what full marks take (computed by the
// scoring core on hypothetical actuals, not guessed), the score now, and what a field means.
import {
  CATEGORY_LABELS,
  FIELD_LABELS,
  dec,
  explainIndicator,
  parseQuantityText,
  renderAdvice,
  ruleSetForForm,
  scoreForm,
  show,
  str,
  type Form,
  type FormScore,
  type IndicatorResult,
} from '../../rules/index.js';
import { FIELD_HELP, INDICATOR_HELP, INDICATOR_HELP_GENERIC, L, M, U } from '../messages/zh-CN.js';
import { checklist } from './checklist.js';
import type { Turn } from './context.js';
import { getField, isComputed, updateIndicator } from './formEdit.js';
import type { Ref } from './match.js';
import { isAmountField, wan } from './render.js';
import type { Slot } from './slots.js';

/** 为什么 … : an indicator's explanation, a field's value or formula, or the total's lost points. */
export function whyRef(t: Turn, ref: Ref): void {
  const form = t.entry.form;
  if (ref.kind === 'indicator') return whyIndicator(t, ref.index);
  if (ref.kind === 'derived') return t.say(U.whyDerived(ref.label, ref.formula));
  if (ref.kind === 'field') {
    const v = getField(form, ref.path);
    const label = FIELD_LABELS[ref.path];
    if (v === undefined) return t.say(U.whyFieldEmpty(label));
    return t.say(U.whyField(label, isAmountField(ref.path) ? wan(String(v)) : String(v)));
  }
  if (ref.kind === 'subItem') {
    const s = form.subItems[ref.index];
    return t.say(M.subItemList([L.subItemLine(ref.index + 1, s.name, s.budget ?? '—', s.actual ?? '—')]));
  }
  t.say(M.whyNothing);
}

export function whyIndicator(t: Turn, i: number): void {
  const form = t.entry.form;
  const r = scoreForm(form).indicators[i];
  if (!r) return t.say(M.whyNothing);
  t.entry.lastIndicator = i;
  const text = explainIndicator(r, ruleSetForForm(form));
  t.say(r.status === 'full' ? M.whyFull(text) : text);
}

/** 这个指标: the indicator discussed last, else the one being asked. */
export function whyThis(t: Turn): void {
  const e = t.entry;
  const slot = t.current();
  const i = e.lastIndicator ?? (slot.kind === 'indicator' ? slot.index : undefined);
  if (i === undefined || !e.form.indicators[i]) return t.say(M.whyNothing);
  whyIndicator(t, i);
}

/** Indicators that lost points, the largest loss first. */
function losses(score: FormScore): Array<{ r: IndicatorResult; lost: string }> {
  return score.indicators
    .filter((r) => r.status !== 'not-applicable' && dec(r.score).lessThan(dec(r.weight)))
    .map((r) => ({ r, lost: str(dec(r.weight).minus(dec(r.score))) }))
    .sort((a, b) => dec(b.lost).comparedTo(dec(a.lost)) || a.r.index - b.r.index);
}

/** Indicators not answered yet (they count 0 until they are). */
function unanswered(t: Turn): Set<number> {
  const e = t.entry;
  const out = new Set<number>();
  for (const it of checklist(e)) if (it.slot.kind === 'indicator' && it.slot.part === 'actual' && it.state === 'missing') out.add(it.slot.index);
  return out;
}

export function lostPoints(t: Turn, head?: string): void {
  const score = scoreForm(t.entry.form);
  const open = unanswered(t);
  const lost = losses(score).filter((x) => !open.has(x.r.index));
  if (lost.length === 0) t.say(U.lostNone(score.total, show(score.maxTotal)));
  else {
    t.say(head ?? U.lostHead(score.total, show(score.maxTotal)));
    lost.forEach((x, k) => t.say(U.lostLine(k + 1, x.r.name, show(x.lost), x.r.score, show(x.r.weight))));
  }
  if (open.size) t.say(U.lostUnfilled(open.size));
  if (lost.length) t.say(U.lostTail);
}

export function whyTotal(t: Turn): void {
  const score = scoreForm(t.entry.form);
  lostPoints(t, U.whyTotal(score.total, show(score.maxTotal)));
}

export function scoreNow(t: Turn): void {
  const score = scoreForm(t.entry.form);
  t.say(U.scoreNow(score.total, show(score.maxTotal), unanswered(t).size));
}

/** The actual that scores `actual` for indicator i, the rest of the form unchanged. */
function scoredWith(form: Form, i: number, actual: string): IndicatorResult | undefined {
  return scoreForm(updateIndicator(form, i, { actual, notApplicable: undefined, grade: undefined })).indicators[i];
}

/** What indicator i needs for full marks, in one phrase (computed by the scoring core). */
export function fullMarksNeed(form: Form, i: number, score: FormScore = scoreForm(form)): string {
  const r = score.indicators[i];
  const ind = form.indicators[i];
  if (isComputed(form, i)) {
    const paid = r.advice.kind === 'quantitative' && r.advice.paidForFull ? U.fullPaid(r.advice.paidForFull) : '';
    if (r.status === 'full') return U.fullIs(r.actual);
    return `${U.fullComputed(L.executionRateFormula)}${r.advice.kind === 'quantitative' && r.advice.fullFrom ? `：${U.fullFrom(show(r.advice.fullFrom, 6), r.advice.unit)}` : ''}${paid}`;
  }
  const target = parseQuantityText(ind.target);
  if (target.kind !== 'quantitative') {
    if (r.status === 'full') return U.fullIs(r.actual);
    return U.fullWord(target.kind === 'qualitative' ? target.word : ind.target);
  }
  const unit = target.unit;
  // Two hypothetical actuals, far below and far above the target, give the band's two ends.
  const low = scoredWith(form, i, `0${unit}`)?.advice;
  const T = target.value;
  const high = scoredWith(form, i, `${str(T.isZero() ? dec(1000000) : T.times(1000))}${unit}`)?.advice;
  const from = low?.kind === 'quantitative' ? low.fullFrom : undefined;
  const upTo = high?.kind === 'quantitative' ? high.fullUpTo : low?.kind === 'quantitative' ? low.fullUpTo : undefined;
  const need = from !== undefined && upTo !== undefined ? U.fullRange(show(from, 6), show(upTo, 6), unit) : from !== undefined ? U.fullFrom(show(from, 6), unit) : upTo !== undefined ? U.fullUpTo(show(upTo, 6), unit) : renderAdvice(r.advice, r);
  return r.status === 'full' ? `${U.fullIs(r.actual)}；${need}` : need;
}

export function howToFull(t: Turn, index?: number): void {
  const form = t.entry.form;
  const score = scoreForm(form);
  if (index !== undefined) {
    const r = score.indicators[index];
    if (!r) return t.say(M.whyNothing);
    t.entry.lastIndicator = index;
    return t.say(U.fullLine(r.name, fullMarksNeed(form, index, score)));
  }
  const open = unanswered(t);
  const todo = score.indicators.filter((r) => r.status !== 'not-applicable' && (open.has(r.index) || dec(r.score).lessThan(dec(r.weight))));
  if (todo.length === 0) return t.say(U.fullNothing);
  t.say(U.fullHead);
  for (const r of todo) t.say(U.fullLine(r.name, fullMarksNeed(form, r.index, score)));
}

/** 什么是X / X填什么 / 不知道: the 填表说明's definition, with a format (never a deciding value). */
export function fieldHelp(t: Turn, ref: Ref | undefined, name?: string): void {
  const form = t.entry.form;
  // An indicator not on the form yet: what such an indicator means, and that it is asked in its turn.
  if (!ref && name) {
    const own = INDICATOR_HELP.find(([re]) => re.test(name));
    t.say(U.indicatorNotYet(name, own?.[1]));
    return t.say(U.fieldHelpTail);
  }
  const target = ref ?? refOfSlot(t.current());
  if (!target) return t.say(M.help());
  if (target.kind === 'field') t.say(U.fieldHelp(FIELD_LABELS[target.path], FIELD_HELP[target.path] ?? ''));
  else if (target.kind === 'subItems' || target.kind === 'subItem') t.say(U.fieldHelp(L.subItems, FIELD_HELP.subItems));
  else if (target.kind === 'derived') t.say(U.whyDerived(target.label, target.formula));
  else if (target.kind === 'indicator') {
    const ind = form.indicators[target.index];
    if (!ind) return t.say(M.whyNothing);
    const own = INDICATOR_HELP.find(([re]) => re.test(ind.name));
    const q = parseQuantityText(ind.target);
    const cat = CATEGORY_LABELS[ind.category];
    const text = own ? own[1] : q.kind === 'quantitative' ? INDICATOR_HELP_GENERIC.quantitative(cat, ind.target, q.unit) : INDICATOR_HELP_GENERIC.qualitative(cat, q.kind === 'qualitative' ? q.word : ind.target);
    t.say(U.fieldHelp(ind.name, text));
  }
  t.say(U.fieldHelpTail);
}

function refOfSlot(slot: Slot): Ref | undefined {
  switch (slot.kind) {
    case 'field':
      return { kind: 'field', path: slot.path };
    case 'subItems.add':
    case 'subItem':
      return { kind: 'subItems' };
    case 'indicator':
      return { kind: 'indicator', index: slot.index };
    default:
      return undefined;
  }
}
