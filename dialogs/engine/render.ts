// Questions, labels, current values and cards, all from the messages file and the form.
import {
  CATEGORY_LABELS,
  FIELD_LABELS,
  dec,
  fixed,
  parseQuantityText,
  ruleSetForForm,
  show,
  sum,
  type Finding,
  type Form,
  type FormScore,
} from '../../rules/index.js';
import { ASK, BUTTONS, CHECK_LABELS, L, M, SECTION_LABELS, clip, exampleFor } from '../messages/zh-CN.js';
import { conflictFields, type ConflictTarget } from './checklist.js';
import { getField, mayBeNotApplicable } from './formEdit.js';
import { selfScorePrompt } from './selfScores.js';
import type { FormEntry } from './session.js';
import { formKey } from './session.js';
import { sectionOf, type AddCategory, type EditableField, type SectionId, type Slot } from './slots.js';
import type { CardModel, Reply } from './types.js';

const AMOUNT_FIELDS = new Set(['budget.initial', 'budget.adjustment', 'budget.appropriated', 'budget.quotaBalance', 'funds.paid', 'funds.balance', 'funds.carriedOver', 'funds.recovered']);

export const isAmountField = (path: string) => AMOUNT_FIELDS.has(path);
export const wan = L.wan;

export function targetLabel(t: ConflictTarget): string {
  return t === 'subItems' ? L.subItems : FIELD_LABELS[t];
}

/** How a slot is named in messages: 年初预算数, 「参观人数」的实际完成值, 子项「基本建设」的预算数. */
export function labelOf(slot: Slot, form: Form): string {
  switch (slot.kind) {
    case 'field':
      return FIELD_LABELS[slot.path];
    case 'subItems.add':
      return L.subItemsAdd;
    case 'subItem': {
      const name = form.subItems[slot.index]?.name ?? '';
      return L.subItemCell(name, L.subItemPart[slot.part]);
    }
    case 'indicators.add':
      return L.categoryIndicators(CATEGORY_LABELS[slot.category]);
    case 'indicators.target':
      return L.categoryNewTarget(CATEGORY_LABELS[slot.category]);
    case 'indicator': {
      const name = form.indicators[slot.index]?.name ?? '';
      return L.indicatorCell(name, L.indicatorPart[slot.part]);
    }
    case 'conflict':
      return CHECK_LABELS[slot.code] ?? slot.code;
    case 'review':
      return L.review;
    default: {
      const never: never = slot;
      return never;
    }
  }
}

/** The slot's current value as shown to the user (undefined when empty). */
export function valueOf(slot: Slot, form: Form): string | undefined {
  switch (slot.kind) {
    case 'field': {
      const v = getField(form, slot.path);
      if (v === undefined) return undefined;
      return isAmountField(slot.path) ? wan(String(v)) : String(v);
    }
    case 'subItem': {
      const s = form.subItems[slot.index];
      const v = s?.[slot.part];
      if (v === undefined) return undefined;
      return slot.part === 'name' ? v : wan(v);
    }
    case 'indicator': {
      const ind = form.indicators[slot.index];
      if (!ind) return undefined;
      if (slot.part === 'actual') return ind.notApplicable ? L.notApplicable : ind.actual;
      if (slot.part === 'selfScore') return ind.selfScore !== undefined ? L.points(ind.selfScore) : undefined;
      return ind[slot.part];
    }
    default:
      return undefined;
  }
}

export type Prompt = { text: string; suggestions?: string[] };

const ZERO_DEFAULT = new Set(['budget.adjustment', 'funds.carriedOver', 'funds.recovered']);

/** The question for a slot. */
export function promptFor(slot: Slot, entry: FormEntry, score: FormScore): Prompt {
  const form = entry.form;
  switch (slot.kind) {
    case 'field': {
      const p = slot.path;
      const suggestions = p === 'project.name' || p === 'project.year' ? undefined : ZERO_DEFAULT.has(p) ? [BUTTONS.zero, BUTTONS.skip] : [BUTTONS.skip];
      return { text: ASK[p], ...(suggestions ? { suggestions } : {}) };
    }
    case 'subItems.add': {
      const n = form.subItems.length;
      return { text: M.askSubItemAdd(n), suggestions: n > 0 ? [BUTTONS.done] : [BUTTONS.skip] };
    }
    case 'subItem': {
      const name = form.subItems[slot.index]?.name ?? '';
      if (slot.part === 'name') return { text: M.askSubItemName(name) };
      return { text: slot.part === 'budget' ? M.askSubItemBudget(name) : M.askSubItemActual(name), suggestions: [BUTTONS.skip] };
    }
    case 'indicators.add': {
      const n = form.indicators.filter((i) => i.category === slot.category && !i.notApplicable).length;
      return { text: M.askIndicatorName(slot.category, n), suggestions: n > 0 ? [BUTTONS.done] : [BUTTONS.skip] };
    }
    case 'indicators.target':
      return { text: M.askTarget(entry.draft?.name ?? '') };
    case 'indicator': {
      const ind = form.indicators[slot.index];
      const r = score.indicators[slot.index];
      switch (slot.part) {
        case 'actual': {
          const na = mayBeNotApplicable(form, slot.index);
          const t = parseQuantityText(ind.target);
          if (t.kind === 'quantitative') {
            return { text: M.askActualQuant(ind.name, ind.target, exampleFor(t.unit, ind.target), na), suggestions: na ? [BUTTONS.notApplicable, BUTTONS.skip] : [BUTTONS.skip] };
          }
          const word = t.kind === 'qualitative' ? t.word : ind.target;
          return { text: M.askActualQual(ind.name, word, na), suggestions: [word, BUTTONS.notMet(word), ...(na ? [BUTTONS.notApplicable] : []), BUTTONS.skip] };
        }
        case 'grade':
          return { text: M.askGrade(ind.name, ind.actual ?? '', ind.target), suggestions: [...BUTTONS.grades] };
        case 'note':
          return { text: M.askNote(ind.name, r?.completion ? show(r.completion) : ''), suggestions: [BUTTONS.skip] };
        case 'target':
          return { text: M.askTarget(ind.name) };
        case 'name':
          return { text: M.askIndicatorNewName(ind.name) };
        case 'selfScore':
        default:
          return selfScorePrompt(entry, score, slot.index);
      }
    }
    case 'conflict': {
      const f = score.findings.find((x) => x.code === slot.code && (x.subject ?? '') === slot.subject);
      const targets = f ? conflictFields(f, form) : [];
      const labels = targets.map(targetLabel);
      const tail = targets.includes('subItems') ? `\n${M.conflictSubItems}` : '';
      return { text: M.askConflict(f?.message ?? '', labels) + tail, suggestions: [...labels, BUTTONS.keep] };
    }
    case 'review': {
      const open = score.findings.filter((f) => !f.overridden).length;
      return { text: M.review(score.total, show(score.maxTotal), open), suggestions: [...BUTTONS.review] };
    }
    default: {
      const never: never = slot;
      return never;
    }
  }
}

/**
 * "产出类现有 3 项，权重 8.66、8.68、8.66（共 26 分…）" for an equal-split category; while the category
 * is open (not closed with 完成) no weight is given: they settle when it is closed.
 */
export function weightsLine(category: AddCategory, score: FormScore, open = false): string | undefined {
  const members = score.indicators.filter((r) => r.category === category && r.status !== 'not-applicable');
  if (members.length === 0) return undefined;
  const cat = score.categories.find((c) => c.id === category);
  if (open) return M.weightsOpen(CATEGORY_LABELS[category], members.length, show(cat?.total ?? '0'));
  return M.weightsLine(CATEGORY_LABELS[category], members.length, members.map((r) => show(r.weight)).join('、'), show(cat?.total ?? '0'));
}

// ---- cards ----

/**
 * The score table; `listed` picks the findings shown (all by default). Categories in `open` are still
 * being filled: their weights and scores are not settled and read 待定, and the total is marked 暂计.
 */
export function scoreCard(form: Form, score: FormScore, listed: (f: Finding) => boolean = () => true, open: ReadonlySet<string> = new Set()): CardModel {
  const pending = score.indicators.some((r) => open.has(r.category));
  return {
    kind: 'scoreTable',
    title: M.summaryTitle(formKey(form)),
    ruleSet: ruleSetForForm(form).title,
    rows: score.indicators.map((r) => ({
      category: r.categoryLabel,
      name: r.name,
      target: r.target,
      weight: open.has(r.category) ? L.pendingWeight : show(r.weight),
      actual: r.status === 'not-applicable' ? L.notApplicable : r.actual,
      score: open.has(r.category) ? L.pendingWeight : r.score,
      ...(r.selfScore !== undefined ? { selfScore: r.selfScore } : {}),
      status: r.status,
    })),
    categories: score.categories.map((c) => ({ label: c.label, weight: show(c.weight), score: open.has(c.id) && score.indicators.some((r) => r.category === c.id) ? L.pendingWeight : c.score, total: show(c.total) })),
    total: pending ? L.provisionalTotal(score.total) : score.total,
    maxTotal: show(score.maxTotal),
    ...(score.selfTotal !== undefined ? { selfTotal: score.selfTotal } : {}),
    findings: score.findings.filter(listed).map((f) => ({ severity: f.severity, message: f.message, ...(f.overridden ? { overridden: f.overridden } : {}) })),
  };
}

const derivedOr = (v: string | undefined, fallback = '—') => (v === undefined ? fallback : wan(v));

export function sectionCard(section: SectionId, form: Form, score: FormScore): CardModel | undefined {
  const title = L.sectionDone(SECTION_LABELS[section]);
  const f = (label: string, value: string | number | undefined) => ({ label, value: value === undefined ? '—' : String(value) });
  switch (section) {
    case 'basic':
      return {
        kind: 'section',
        title,
        facts: [f(FIELD_LABELS['project.name'], form.project.name), f(FIELD_LABELS['project.year'], form.project.year), f(FIELD_LABELS['project.department'], form.project.department), f(L.ruleSet, ruleSetForForm(form).title)],
      };
    case 'budget':
      return {
        kind: 'section',
        title,
        facts: [
          f(FIELD_LABELS['budget.initial'], derivedOr(form.budget.initial)),
          f(FIELD_LABELS['budget.adjustment'], derivedOr(form.budget.adjustment)),
          f(FIELD_LABELS['budget.appropriated'], derivedOr(form.budget.appropriated)),
          f(L.computed(FIELD_LABELS['budget.quotaBalance']), derivedOr(score.derived.quotaBalance)),
        ],
      };
    case 'funds':
      return {
        kind: 'section',
        title,
        facts: [
          f(FIELD_LABELS['budget.appropriated'], derivedOr(form.budget.appropriated)),
          f(FIELD_LABELS['funds.paid'], derivedOr(form.funds.paid)),
          f(L.computed(FIELD_LABELS['funds.balance']), derivedOr(score.derived.fundsBalance)),
          f(L.ofWhich(FIELD_LABELS['funds.carriedOver']), derivedOr(form.funds.carriedOver)),
          f(L.ofWhich(FIELD_LABELS['funds.recovered']), derivedOr(form.funds.recovered)),
          f(L.computed(L.executionRate), score.derived.executionRate === undefined ? '—' : `${fixed(dec(score.derived.executionRate), 2)}%`),
        ],
      };
    case 'subItems': {
      const budgets = form.subItems.filter((s) => s.budget !== undefined).map((s) => dec(s.budget!));
      const actuals = form.subItems.filter((s) => s.actual !== undefined).map((s) => dec(s.actual!));
      return {
        kind: 'section',
        title,
        facts: [
          ...form.subItems.map((s) => f(s.name, L.budgetActual(s.budget ?? '—', s.actual ?? '—'))),
          f(L.total, L.budgetActual(sum(budgets).toString(), sum(actuals).toString())),
        ],
      };
    }
    case 'narrative':
      return {
        kind: 'section',
        title,
        facts: (Object.keys(form.narrative) as Array<keyof Form['narrative']>).map((k) => f(FIELD_LABELS[`narrative.${k}`], L.chars([...(form.narrative[k] ?? '')].length))),
      };
    default:
      return undefined;
  }
}

/** A card as plain text (channels without cards, the terminal). */
export function cardText(card: CardModel): string {
  if (card.kind === 'section') {
    const lines = [`【${card.title}】`, ...card.facts.map((x) => `${x.label}：${x.value}`), ...(card.notes ?? [])];
    return lines.join('\n');
  }
  const lines = [`【${card.title}】`, L.tableRuleSet(card.ruleSet), L.tableHead];
  for (const r of card.rows) lines.push([r.category, r.name, r.target, r.weight, clip(r.actual || '—', 30), r.score, r.selfScore ?? '—'].join(' | '));
  if (card.rows.length === 0) lines.push(M.summaryEmpty);
  lines.push(card.categories.map((c) => L.categoryTotal(c.label, c.score, c.total)).join('；'));
  lines.push(L.grandTotal(card.total, card.maxTotal, card.selfTotal));
  const open = card.findings.filter((x) => !x.overridden);
  if (open.length) {
    lines.push(L.open);
    open.forEach((x, i) => lines.push(L.numbered(i + 1, `${L.tag(x.severity)}${x.message}`)));
  }
  const kept = card.findings.filter((x) => x.overridden);
  kept.forEach((x) => lines.push(L.keptFinding(x.message, clip(x.overridden!, 40))));
  return lines.join('\n');
}

export function cardReply(card: CardModel): Reply {
  return { text: cardText(card), card };
}

export function editableLabel(path: EditableField): string {
  return FIELD_LABELS[path];
}

/** The label of the section a slot belongs to. */
export function sectionLabel(slot: Slot): string {
  return SECTION_LABELS[sectionOf(slot)];
}
