// Self-scores (自评分) are the unit's to give. While an added category (产出/结果/影响力) is being filled
// its weights are not settled (equal split over a count not known yet), so no score of it is shown
// as final and no self-score is compared. When the category is closed ("完成") the re-split weights
// and the final scores are announced, and each indicator's self-score is asked: the rule score is
// offered for one-tap confirmation (是 / 本类都按规则得分 / 填其他分数); a self-score that differs from
// the rule score is kept only with a reason (asked), or changed back to the rule score.
// The 投入 category's weights are fixed by the rule set: its self-scores are asked once all its
// actuals are answered.
import { CATEGORY_LABELS, dec, fixed, normalizeText, ruleSetForForm, scoreForm, show, summarizeIndicator, summarizeShare, type CategoryId, type Form, type FormScore, type IndicatorResult } from '../../rules/index.js';
import { BUTTONS, M } from '../messages/zh-CN.js';
import { updateIndicator } from './formEdit.js';
import type { FormEntry } from './session.js';
import { ADD_CATEGORIES, slotId, type AddCategory, type Slot } from './slots.js';
import { validateNote } from './validate.js';

/** The part of the turn in progress this module uses (kept structural: no import of the turn). */
export type SelfScoreTurn = {
  readonly entry: FormEntry;
  say(line: string | undefined): void;
  commit(next: Form): unknown;
  answered(slot: Slot): void;
  reject(slot: Slot, problem: string): void;
};

/** An added category the user has not closed: its weights (and so its scores) are provisional. */
export function isOpenCategory(entry: Pick<FormEntry, 'done'>, category: CategoryId): boolean {
  return (ADD_CATEGORIES as readonly CategoryId[]).includes(category) && !entry.done.categories.includes(category as AddCategory);
}

export function openCategories(entry: Pick<FormEntry, 'done'>): Set<CategoryId> {
  return new Set(ADD_CATEGORIES.filter((c) => isOpenCategory(entry, c)));
}

/**
 * What the self-score item of indicator `i` still needs: `confirm` (none given), `reason` (differs
 * from the rule score with no reason), or nothing (`done`).
 */
export function selfScoreNeed(form: Form, score: FormScore, i: number): 'confirm' | 'reason' | 'done' {
  const ind = form.indicators[i];
  const r = score.indicators[i];
  if (!ind || !r || r.status === 'not-applicable') return 'done';
  if (ind.selfScore === undefined) return 'confirm';
  if (!dec(ind.selfScore).equals(dec(r.score)) && !ind.selfScoreReason?.trim()) return 'reason';
  return 'done';
}

/** The self-score question for indicator `i`. */
export function selfScorePrompt(entry: FormEntry, score: FormScore, i: number): { text: string; suggestions?: string[] } {
  const ind = entry.form.indicators[i];
  const r = score.indicators[i];
  const weight = show(r?.weight ?? '0');
  if (!r) return { text: M.askSelfScoreOther(ind?.name ?? '', weight) };
  if (entry.editing === slotId({ kind: 'indicator', index: i, part: 'selfScore' }) || selfScoreNeed(entry.form, score, i) === 'done') {
    return { text: M.askSelfScoreOther(ind.name, weight) };
  }
  if (selfScoreNeed(entry.form, score, i) === 'reason') {
    return { text: M.askSelfScoreReason(ind.name, fixed(dec(ind.selfScore!), 2), r.score, diffOf(ind.selfScore!, r.score)), suggestions: [BUTTONS.useRuleScore] };
  }
  return { text: M.askSelfScoreConfirm(ind.name, r.score), suggestions: [...BUTTONS.selfScore] };
}

const diffOf = (self: string, score: string) => fixed(dec(self).minus(dec(score)).abs(), 2);

const YES = /^(是|是的|对|对的|好|好的|可以|行|确认|确定|嗯|ok|yes|y|同意|就填这个|按规则(得分)?|填规则得分)[。.!！]?$/i;
const ALL = /^(本类都按规则得分|本类都按规则|都按规则(得分)?|全部按规则(得分)?|都是|全都是|全部确认|都确认)[。.!！]?$/;
const OTHER = /^(填其他分数|其他分数|填别的|不是|否|不|不对|改一下|自己填)[。.!！]?$/;
const RESET = /^(改为规则得分|改成规则得分|用规则得分|按规则得分)[。.!！]?$/;

/**
 * The answer to an indicator's self-score item: 是 (the rule score), 本类都按规则得分 (every
 * indicator of its category still without one), 填其他分数 (then a number), a number, and — when the
 * self-score differs — the reason or 改为规则得分.
 */
export function answerSelfScore<T extends SelfScoreTurn>(t: T, i: number, text: string, slot: Slot, setSelfScore: (t: T, i: number, value: string, slot?: Slot) => void): void {
  const e = t.entry;
  const ind = e.form.indicators[i];
  const score = scoreForm(e.form);
  const r = score.indicators[i];
  const id = slotId(slot);
  const said = normalizeText(text).replace(/\s+/g, '');
  const need = e.editing === id ? 'number' : selfScoreNeed(e.form, score, i);
  if (!r) return;
  if (need === 'confirm' && YES.test(said)) {
    t.commit(updateIndicator(e.form, i, { selfScore: r.score, selfScoreReason: undefined }));
    t.say(M.selfScoreConfirmed(ind.name, r.score));
    t.answered(slot);
    return;
  }
  if (need === 'confirm' && ALL.test(said)) {
    let next = e.form;
    const named: string[] = [];
    score.indicators.forEach((x, k) => {
      if (x.category !== ind.category || selfScoreNeed(e.form, score, k) !== 'confirm') return;
      next = updateIndicator(next, k, { selfScore: x.score, selfScoreReason: undefined });
      named.push(`${x.name} ${x.score}`);
    });
    t.commit(next);
    t.say(M.selfScoresConfirmed(CATEGORY_LABELS[ind.category], named.join('、')));
    t.answered(slot);
    return;
  }
  if (need !== 'number' && OTHER.test(said)) {
    e.editing = id;
    return;
  }
  if (need === 'reason' && RESET.test(said)) {
    t.commit(updateIndicator(e.form, i, { selfScore: r.score, selfScoreReason: undefined }));
    t.say(M.selfScoreReset(ind.name, r.score));
    t.answered(slot);
    return;
  }
  // A number is a self-score (at every stage); at the reason stage anything else is the reason.
  if (/^\d+(\.\d+)?分?$/.test(said) || need !== 'reason') {
    setSelfScore(t, i, said.replace(/分$/, ''), slot);
    return;
  }
  // "好的" is not a reason: ask again rather than print it in the document.
  if (YES.test(said) || OTHER.test(said) || ALL.test(said)) return t.reject(slot, M.problem.selfScoreReason);
  const v = validateNote(text);
  if (!v.ok) return t.reject(slot, v.problem);
  t.commit(updateIndicator(e.form, i, { selfScoreReason: v.value }));
  t.say(M.selfScoreReasonRecorded(ind.name));
  t.answered(slot);
}

/** After an answer: the final score, or — in an open category — the share of the weight only. */
export function indicatorLine(entry: Pick<FormEntry, 'done' | 'form'>, r: IndicatorResult): string {
  const rs = ruleSetForForm(entry.form);
  if (!isOpenCategory(entry, r.category)) return summarizeIndicator(r, rs);
  return M.scorePending(summarizeShare(r, rs), CATEGORY_LABELS[r.category]);
}

/** "完成" closed a category: the settled weights, each indicator's final score. */
export function closedCategoryLines(category: AddCategory, score: FormScore, form: Form): string[] {
  const members = score.indicators.filter((r) => r.category === category && r.status !== 'not-applicable');
  const cat = score.categories.find((c) => c.id === category);
  const rs = ruleSetForForm(form);
  return [
    M.categoryClosed(CATEGORY_LABELS[category], members.length, members.map((r) => show(r.weight)).join(' / '), show(cat?.total ?? '0')),
    ...members.map((r) => summarizeIndicator(r, rs)),
  ];
}
