// Field-level checks of one answer, before anything touches the form. Each returns the value to
// store or the problem in words (the caller adds the field, the expected form and the kept value).
import {
  Grade,
  compact,
  convertUnit,
  dec,
  normalizeText,
  parseActualText,
  parseAmount,
  parseQuantityText,
  places,
  scoreForm,
  show,
  str,
  type AmountError,
  type Form,
} from '../../rules/index.js';
import { M } from '../messages/zh-CN.js';
import { isComputed, mayBeNotApplicable } from './formEdit.js';

export type Valid<T> = { ok: true; value: T } | { ok: false; problem: string };
const ok = <T>(value: T): Valid<T> => ({ ok: true, value });
const bad = (problem: string): Valid<never> => ({ ok: false, problem });

export const LIMITS = { name: 200, narrative: 20000, target: 200, actual: 500, note: 2000, short: 40 } as const;

const HAS_CONTENT = /[\p{L}\p{N}]/u;
const length = (s: string) => [...s].length;

function problemOfAmount(e: AmountError): string {
  switch (e.code) {
    case 'empty':
      return M.problem.empty;
    case 'too-long':
      return M.problem.tooLong(e.length, 60);
    case 'not-a-number':
      return HAS_CONTENT.test(e.text) ? M.problem.notNumber(e.text) : M.problem.emoji;
    case 'ambiguous':
      return M.problem.ambiguous(e.text);
    case 'wrong-unit':
      return M.problem.wrongUnit(e.unit);
    case 'too-many-decimals':
      return M.problem.decimals;
    case 'negative':
      return M.problem.negative;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** An amount in 万元 as the canonical decimal string ("1900", "-812.5"). */
export function validateAmount(text: string, allowNegative: boolean): Valid<string> {
  if (length(text) > 1000) return bad(M.problem.tooLong(length(text), 60));
  const r = parseAmount(text, { allowNegative });
  return r.ok ? ok(str(r.value.value)) : bad(problemOfAmount(r.error));
}

const CN_DIGITS: Record<string, string> = { 零: '0', 〇: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

export function validateYear(text: string): Valid<number> {
  const t = normalizeText(text).replace(/\s+/g, '');
  if (t === '') return bad(M.problem.empty);
  if (length(t) > LIMITS.short) return bad(M.problem.tooLong(length(t), LIMITS.short));
  const body = t.replace(/年度?$/, '');
  const digits = [...body].map((ch) => CN_DIGITS[ch] ?? ch).join('');
  if (!/^\d{4}$/.test(digits)) return bad(HAS_CONTENT.test(t) ? M.problem.year(t) : M.problem.emoji);
  const year = Number(digits);
  if (year < 2000 || year > 2100) return bad(M.problem.yearRange);
  return ok(year);
}

/** A short text: content, at most `max` characters; a name (项目名称, 部门, 子项名称, 指标名称) needs letters. */
export function validateText(text: string, max: number, kind: 'name' | 'any' = 'name'): Valid<string> {
  // Checked normalised; stored as typed (full-width punctuation kept), trimmed, spaces collapsed.
  const t = normalizeText(text);
  if (t === '') return bad(M.problem.empty);
  if (length(t) > max) return bad(M.problem.tooLong(length(t), max));
  if (!HAS_CONTENT.test(t)) return bad(M.problem.emoji);
  if (kind === 'name' && !/\p{L}/u.test(t)) return bad(M.problem.noLetters);
  return ok(asTyped(text));
}

/** The text as the user typed it: invisible characters removed, ends trimmed, runs of spaces collapsed. */
export function asTyped(text: string): string {
  return text.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\r\n?/g, '\n').replace(/[ \t\u3000]+/g, ' ').trim();
}

export function validateNarrative(text: string): Valid<string> {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t === '') return bad(M.problem.empty);
  if (length(t) > LIMITS.narrative) return bad(M.problem.tooLong(length(t), LIMITS.narrative));
  if (!HAS_CONTENT.test(t)) return bad(M.problem.emoji);
  if (!/\p{L}/u.test(t)) return bad(M.problem.noLetters);
  return ok(t);
}

export function validateSubItemName(text: string, form: Form, except?: number): Valid<string> {
  const v = validateText(text, LIMITS.name);
  if (!v.ok) return v;
  if (form.subItems.some((s, i) => i !== except && compact(s.name) === compact(v.value))) return bad(M.problem.duplicateName(v.value));
  return v;
}

export function validateIndicatorName(text: string, form: Form, except?: number): Valid<string> {
  const v = validateText(text, LIMITS.name);
  if (!v.ok) return v;
  if (form.indicators.some((s, i) => i !== except && compact(s.name) === compact(v.value))) return bad(M.problem.duplicateName(v.value));
  return v;
}

/** 目标值: a quantity (=5859平方米, ≥85%, 15%及其以下) or a word (合规, 获得). */
export function validateTarget(text: string): Valid<string> {
  const v = validateText(text, LIMITS.target, 'any');
  if (!v.ok) return v;
  const t = normalizeText(v.value).replace(/\s+/g, '');
  const parsed = parseQuantityText(t);
  if (parsed.kind === 'empty') return bad(M.problem.empty);
  if (parsed.kind === 'qualitative') {
    if (/\d/.test(t) || length(t) > 20) return bad(M.problem.target(t));
    return ok(t);
  }
  if (places(parsed.value) > 6) return bad(M.problem.decimals);
  return ok(t);
}

export type ActualAnswer = { actual: string } | { notApplicable: true };

/** 实际完成值 of indicator `index`, checked against its target: a concrete number in a compatible unit, or a word. */
export function validateActual(form: Form, index: number, text: string): Valid<ActualAnswer> {
  const ind = form.indicators[index];
  const t = normalizeText(text);
  if (t === '') return bad(M.problem.empty);
  if (length(t) > LIMITS.actual) return bad(M.problem.tooLong(length(t), LIMITS.actual));
  if (/^(不适用|不涉及|n\/?a|not applicable)$/i.test(compact(t))) {
    return mayBeNotApplicable(form, index) ? ok({ notApplicable: true }) : bad(M.problem.notApplicable);
  }
  if (!HAS_CONTENT.test(t)) return bad(M.problem.emoji);
  const target = parseQuantityText(ind.target);
  if (target.kind !== 'quantitative') return ok({ actual: asTyped(text) });
  const parsed = parseActualText(t);
  switch (parsed.kind) {
    case 'empty':
      return bad(M.problem.empty);
    case 'word':
      return bad(M.problem.actualWord(t, ind.target));
    case 'not-a-number':
      return bad(M.problem.actualNotNumber(t));
    case 'number': {
      if (parsed.value.isNegative()) return bad(M.problem.actualNegative);
      if (places(parsed.value) > 6) return bad(M.problem.decimals);
      if (convertUnit(parsed.value, parsed.unit, target.unit) === undefined) return bad(M.problem.unit(parsed.unit, target.unit));
      const unit = parsed.unit || target.unit;
      return ok({ actual: `${str(parsed.value)}${unit}` });
    }
    default: {
      const never: never = parsed;
      return never;
    }
  }
}

/** Whether a stored actual would pass the conversation's own check (an imported form's may not). */
export function actualIsValid(form: Form, index: number): boolean {
  const ind = form.indicators[index];
  if (ind.notApplicable) return true;
  if (isComputed(form, index)) return true;
  if (ind.actual === undefined || ind.actual.trim() === '') return false;
  return validateActual(form, index, ind.actual).ok;
}

const GRADE_WORDS: Record<string, Grade> = { 好: '好', 较好: '较好', 一般: '一般', 较差: '较差', 差: '差', 优: '好', 良: '较好', 中: '一般' };

export function validateGrade(text: string): Valid<Grade> {
  const t = compact(text).replace(/[。.!！]$/, '').replace(/[（(].*[)）]$/, '');
  if (t === '') return bad(M.problem.empty);
  if (!HAS_CONTENT.test(t)) return bad(M.problem.emoji);
  const g = Object.hasOwn(GRADE_WORDS, t) ? GRADE_WORDS[t] : undefined;
  return g ? ok(g) : bad(M.problem.grade(text));
}

/** 自评分: not negative, at most two decimals, not above the indicator's weight. */
export function validateSelfScore(form: Form, index: number, text: string): Valid<string> {
  const t = compact(text).replace(/分$/, '');
  if (t === '') return bad(M.problem.empty);
  if (length(t) > LIMITS.short) return bad(M.problem.tooLong(length(t), LIMITS.short));
  if (!HAS_CONTENT.test(t)) return bad(M.problem.emoji);
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return bad(M.problem.selfScore(text));
  const weight = scoreForm(form).indicators[index]?.weight;
  if (weight !== undefined && dec(t).greaterThan(dec(weight))) return bad(M.problem.selfScoreAbove(show(weight)));
  return ok(str(dec(t)));
}

export function validateNote(text: string): Valid<string> {
  return validateText(text, LIMITS.note, 'any');
}
