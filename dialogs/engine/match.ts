// Finds what the user means by a name: a field (年初预算数, 拨款数, initial budget), an indicator
// (参观人数, with an optional part: 参观人数的目标值), or a 子项 (基本建设的实际数). Forgiving:
// spaces, punctuation, full-width characters and 的 are ignored; a unique partial match counts.
import { FIELD_LABELS, normalizeText, type Form } from '../../rules/index.js';
import { getField } from './formEdit.js';
import type { EditableField, IndicatorPart, Slot, SubItemPart } from './slots.js';

export type Ref =
  | { kind: 'field'; path: EditableField }
  | { kind: 'derived'; label: string; formula: string }
  | { kind: 'indicator'; index: number; part?: IndicatorPart }
  | { kind: 'subItem'; index: number; part?: SubItemPart }
  | { kind: 'subItems' };

export type Resolved = { ok: true; ref: Ref } | { ok: false; reason: 'none' } | { ok: false; reason: 'ambiguous'; options: string[] };

/** The matching key of a name: no spaces or punctuation, half-width, lower case, no 的. */
export function nameKey(s: string): string {
  return normalizeText(s)
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/的/g, '');
}

export const FIELD_ALIASES: Record<EditableField, string[]> = {
  'project.name': ['项目名称', '项目名', '名称', 'project name', 'name'],
  'project.year': ['项目年份', '年份', '年度', '项目年度', 'year'],
  'project.department': ['项目主管部门(单位)', '项目主管部门', '主管部门', '主管单位', '部门', '单位', 'department'],
  'budget.initial': ['年初预算数', '年初预算', '二下数', 'initial budget', 'initial'],
  'budget.adjustment': ['当年使用上年结余、结转及当年调整预算数', '调整数', '调整预算数', '当年调整预算数', '调整预算', '调整', 'adjustment'],
  'budget.appropriated': ['财政拨款数', '拨款数', '财政拨款', '拨款', 'appropriation', 'appropriated'],
  'budget.quotaBalance': ['指标结余数', '指标结余'],
  'funds.paid': ['实际支付数', '支付数', '实际支付', '支付', 'paid', 'payment'],
  'funds.balance': ['资金结余、结转数', '资金结余结转数', '资金结余'],
  'funds.carriedOver': ['结转数', '结转', 'carried over', 'carryover'],
  'funds.recovered': ['财政收回数', '收回数', '财政收回', '收回', 'recovered'],
  'narrative.overview': ['项目概况', '概况', 'overview'],
  'narrative.overallGoal': ['项目总目标', '总目标'],
  'narrative.annualGoals': ['年度绩效目标', '年度目标', '绩效目标'],
  'narrative.implementation': ['项目实施情况', '实施情况'],
  'narrative.results': ['项目管理成效', '管理成效', '成效'],
  'narrative.problems': ['项目管理存在的问题及原因', '存在的问题', '问题及原因', '问题'],
  'narrative.suggestions': ['进一步加强项目管理的建议', '建议'],
};

const DERIVED: Array<{ aliases: string[]; label: string; formula: string; stated?: EditableField }> = [
  { aliases: ['指标结余数', '指标结余'], label: '指标结余数', formula: '年初预算数 + 调整数 − 财政拨款数', stated: 'budget.quotaBalance' },
  { aliases: ['资金结余、结转数', '资金结余结转数', '资金结余'], label: '资金结余、结转数', formula: '财政拨款数 − 实际支付数', stated: 'funds.balance' },
  { aliases: ['调整后预算', '调整后预算数'], label: '调整后预算', formula: '年初预算数 + 调整数' },
];

const IND_PARTS: Array<[string, IndicatorPart]> = [
  ['实际完成值', 'actual'], ['实际完成', 'actual'], ['完成值', 'actual'], ['实际值', 'actual'], ['实际', 'actual'], ['actual', 'actual'],
  ['目标值', 'target'], ['目标', 'target'], ['target', 'target'],
  ['自评分', 'selfScore'], ['自评', 'selfScore'],
  ['说明', 'note'], ['备注', 'note'], ['note', 'note'],
  ['等级', 'grade'], ['grade', 'grade'],
  ['名称', 'name'], ['名字', 'name'], ['name', 'name'],
];
const SUB_PARTS: Array<[string, SubItemPart]> = [
  ['预算数', 'budget'], ['预算', 'budget'], ['budget', 'budget'],
  ['实际数', 'actual'], ['实际', 'actual'], ['actual', 'actual'],
  ['名称', 'name'], ['名字', 'name'], ['name', 'name'],
];

function partOf<P>(rest: string, parts: Array<[string, P]>): P | undefined | null {
  if (rest === '') return undefined;
  const hit = parts.find(([w]) => nameKey(w) === rest);
  return hit ? hit[1] : null;
}

const fieldKeys = Object.entries(FIELD_ALIASES).flatMap(([path, aliases]) => aliases.map((a) => ({ key: nameKey(a), path: path as EditableField })));

/** Resolves a name the user typed against the form. */
export function resolveRef(query: string, form: Form, options: { partial?: boolean } = {}): Resolved {
  let q = nameKey(query);
  if (q === '') return { ok: false, reason: 'none' };
  if (/^(子项|子项目|subitems?)(列表)?$/.test(q)) return { ok: true, ref: { kind: 'subItems' } };

  const field = fieldKeys.find((f) => f.key === q);
  if (field) {
    const derived = DERIVED.find((d) => d.stated === field.path);
    if (derived && getField(form, field.path) === undefined) {
      return { ok: true, ref: { kind: 'derived', label: derived.label, formula: derived.formula } };
    }
    return { ok: true, ref: { kind: 'field', path: field.path } };
  }
  const derived = DERIVED.find((d) => d.aliases.some((a) => nameKey(a) === q));
  if (derived) return { ok: true, ref: { kind: 'derived', label: derived.label, formula: derived.formula } };

  // "子项2", "第2个子项", "指标3"
  const numbered = /^(?:第)?(\d{1,3})(?:个|项)?(子项|指标)$|^(子项|指标)(\d{1,3})$/.exec(q);
  if (numbered) {
    const n = Number(numbered[1] ?? numbered[4]) - 1;
    const what = numbered[2] ?? numbered[3];
    if (what === '子项' && form.subItems[n]) return { ok: true, ref: { kind: 'subItem', index: n } };
    if (what === '指标' && form.indicators[n]) return { ok: true, ref: { kind: 'indicator', index: n } };
    return { ok: false, reason: 'none' };
  }

  const subPrefixed = /^(子项|子项目)/.exec(q);
  const indPrefixed = /^指标/.exec(q);
  if (subPrefixed) q = q.slice(subPrefixed[0].length);
  else if (indPrefixed) q = q.slice(indPrefixed[0].length);

  // Name + optional part, longest name first.
  type Hit = { ref: Ref; label: string; length: number };
  const hits: Hit[] = [];
  if (!subPrefixed) {
    form.indicators.forEach((ind, index) => {
      const k = nameKey(ind.name);
      if (k && q.startsWith(k)) {
        const part = partOf(q.slice(k.length), IND_PARTS);
        if (part !== null) hits.push({ ref: { kind: 'indicator', index, ...(part ? { part } : {}) }, label: ind.name, length: k.length });
      }
    });
  }
  if (!indPrefixed) {
    form.subItems.forEach((s, index) => {
      const k = nameKey(s.name);
      if (k && q.startsWith(k)) {
        const part = partOf(q.slice(k.length), SUB_PARTS);
        if (part !== null) hits.push({ ref: { kind: 'subItem', index, ...(part ? { part } : {}) }, label: `子项${s.name}`, length: k.length });
      }
    });
  }
  if (hits.length > 0) {
    const best = Math.max(...hits.map((h) => h.length));
    const top = hits.filter((h) => h.length === best);
    if (top.length === 1) return { ok: true, ref: top[0].ref };
    return { ok: false, reason: 'ambiguous', options: top.map((h) => h.label) };
  }

  // A unique partial name: "满意度" → 参观满意度.
  if (options.partial !== false && [...q].length >= 2) {
    const partial: Array<{ ref: Ref; label: string }> = [];
    if (!subPrefixed) form.indicators.forEach((ind, index) => nameKey(ind.name).includes(q) && partial.push({ ref: { kind: 'indicator', index }, label: ind.name }));
    if (!indPrefixed) form.subItems.forEach((s, index) => nameKey(s.name).includes(q) && partial.push({ ref: { kind: 'subItem', index }, label: `子项${s.name}` }));
    if (partial.length === 1) return { ok: true, ref: partial[0].ref };
    if (partial.length > 1) return { ok: false, reason: 'ambiguous', options: partial.slice(0, 6).map((p) => p.label) };
  }
  return { ok: false, reason: 'none' };
}

export function fieldLabel(path: EditableField): string {
  return FIELD_LABELS[path];
}

/** The item a resolved name points at (an indicator's actual, a 子项's budget by default). */
export function refSlot(ref: Ref): Slot | undefined {
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
