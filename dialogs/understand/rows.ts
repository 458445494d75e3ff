// Several answers in one message: labelled values ("年初预算1900，调整-812.5，拨款812.101021") and
// rows pasted from Excel or Word (tab- or comma-separated: 名称 目标 实际 [自评分], or 子项 名称 预算 实际).
import { percentWords, type Form } from '../../rules/index.js';
import { nameKey, resolveRef, type Ref } from '../engine/match.js';
import type { Slot } from '../engine/slots.js';
import { findMentions, sameRef } from './lexicon.js';

/** Splits one pasted line into cells: tabs first, then full-width/ASCII commas (not "5,859"), then spaces. */
export function cells(line: string, allowSpaces: boolean): string[] {
  const t = line.trim();
  if (t.includes('\t')) return t.split('\t').map((c) => c.trim());
  const wide = t.split(/[，；;|]/).map((c) => c.trim());
  if (wide.length > 1) return wide;
  const ascii = t.split(/(?<!\d),|,(?!\d{3}(?!\d))/).map((c) => c.trim());
  if (ascii.length > 1) return ascii;
  return allowSpaces ? t.split(/\s+/) : [t];
}

const HEADER = /^(名称|指标名称|子项名称|指标|子项|类别|一级指标|二级指标|三级指标|目标值?|实际(完成值|数)?|预算数?|自评分|权重|name|target|actual)$/i;

/** Rows pasted at a list or an indicator question: two or more lines of two or more cells. */
export function readRows(text: string, slot: Slot): string[][] | undefined {
  if (!text.includes('\n')) return undefined;
  const listing = slot.kind === 'subItems.add' || slot.kind === 'subItem' || slot.kind === 'indicators.add' || slot.kind === 'indicators.target' || slot.kind === 'indicator';
  if (!listing) return undefined;
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length < 2 || lines.length > 40) return undefined;
  const spaces = slot.kind === 'subItems.add' || slot.kind === 'subItem';
  let rows = lines.map((l) => cells(l, spaces).filter((c, i, a) => c !== '' || i < a.length - 1));
  // A header row copied with the table is dropped.
  rows = rows.filter((r) => !r.every((c) => c === '' || HEADER.test(c.replace(/\s+/g, ''))));
  if (rows.length < 2 || rows.some((r) => r.length < 2 || r.length > 8)) return undefined;
  return rows;
}

const SEGMENT = /^([^\d\-+负]+?)\s*(?:[:：=]|是|为)?\s*((?:[-+]|负)?\d(?:[\d.]|,(?=\d{3}(?!\d)))*\s*(?:万元|万|元|亿元|亿|%|％|[\p{Script=Han}]{0,4})?)$/u;

/** A figure with its unit, then a space before the next label. */
const AFTER_FIGURE = /(?<=\d[\d.]*\s*(?:万元|万|元|亿元|亿|%|％|[\p{Script=Han}a-zA-Z²]{1,4})?)\s+(?=[^\d\s\-+=])/u;

/**
 * "年初预算1900，调整-812.5，拨款812.101021，支付812.101021", "合规性合规，健全性健全，专款专用率100%",
 * "装修面积5859平方米 布展面积3234平方米": two or more labelled values (a figure, or a word for a
 * qualitative indicator), separated by commas, or by spaces between one value and the next label.
 */
export function readAnswers(said: string, form: Form): Array<{ ref: Ref; value: string }> | undefined {
  const text = percentWords(said);
  let parts = text.split(/[，；;、\n]|,(?!\d{3}(?!\d))|\s{2,}/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 1) {
    // One space between labelled values: after a figure ("拨款812.1 支付812.1"), else between words,
    // a label and its word kept together when they only make sense as a pair ("合规性 合规").
    const byFigure = text.trim().split(AFTER_FIGURE).filter(Boolean);
    const bySpace = text.trim().split(/\s+/);
    const paired = (byFigure.length > 1 ? pairUp(byFigure, form) : undefined) ?? (bySpace.length > 1 ? pairUp(bySpace, form) : undefined);
    if (paired || byFigure.length > 1 || bySpace.length > 1) return paired;
  }
  // "合规性合规和健全性健全": 和 / 以及 / 还有 between two labelled values.
  if (parts.length === 1) parts = text.trim().split(/(?:和|以及|还有|及)/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2 || parts.length > 20) return undefined;
  const items: Array<{ ref: Ref; value: string }> = [];
  for (const p of parts) {
    const item = labelled(p, form) ?? labelledWord(p, form);
    if (!item) return undefined;
    items.push(item);
  }
  return items.length >= 2 ? items : undefined;
}

/** Pieces split on spaces, read as labelled values alone or two by two ("合规性 合规"). */
function pairUp(pieces: string[], form: Form): Array<{ ref: Ref; value: string }> | undefined {
  if (pieces.length > 12) return undefined;
  const items: Array<{ ref: Ref; value: string }> = [];
  for (let i = 0; i < pieces.length; ) {
    const one = labelled(pieces[i], form) ?? labelledWord(pieces[i], form);
    if (one) {
      items.push(one);
      i += 1;
      continue;
    }
    const two = i + 1 < pieces.length ? labelled(`${pieces[i]}${pieces[i + 1]}`, form) ?? labelledWord(`${pieces[i]} ${pieces[i + 1]}`, form) : undefined;
    if (!two) return undefined;
    items.push(two);
    i += 2;
  }
  return items.length >= 2 ? items : undefined;
}

/** A word answering a qualitative indicator: 合规, 健全, 较好, 不规范, 获得 (no figure, no question). */
const WORD_VALUE = /^(?!.*(吗|么|呢|吧|什么|啥|多少|怎么|为什么|哪|几))[\p{Script=Han}]{1,6}$/u;

/**
 * One indicator named, then a word ("合规性合规", "财务制度 健全", "资金使用合规性：合规"): the indicator
 * by its name, a short form, or the start of its name (财务制度 → 财务制度健全性), unique on the form.
 */
export function labelledWord(part: string, form: Form): { ref: Ref; value: string } | undefined {
  const raw = part.trim().replace(/\s*[:：=]\s*/, ' ');
  const key = nameKey(raw);
  // Cheap refusals first (a name and a word are short, with no figure and no question word).
  if (key.length < 3 || key.length > 18 || /\d|吗|么|呢|什么|啥|怎|为|哪|几|多少|谁|请|要|把/.test(key)) return undefined;
  // "财务制度 健全": a space says where the name ends.
  const spaced = /^(\S+)\s+(\S+)$/.exec(raw);
  const label = spaced ? nameKey(spaced[1]) : undefined;
  let ref: Ref | undefined;
  let end = 0;
  const f = findMentions(label ?? key, form, { fuzzy: false });
  const m = f.mentions[0];
  if (m && m.start === 0 && f.mentions.length === 1 && m.ref.kind === 'indicator' && (m.ref.part ?? 'actual') === 'actual' && (!label || m.end === label.length)) {
    ref = { kind: 'indicator', index: m.ref.index };
    end = m.end;
  } else if (f.mentions.length === 0 && !f.ambiguous) {
    // The start of a name, 4 characters or more, of one indicator only; without a space, the split
    // that leaves the indicator's own word (财务制度健全 → 财务制度 + 健全).
    const hits: Array<{ index: number; n: number }> = [];
    form.indicators.forEach((ind, index) => {
      const name = nameKey(ind.name);
      const target = nameKey(ind.target ?? '');
      for (let n = 4; n < name.length; n++) {
        const head = name.slice(0, n);
        if (label ? label === head : key.startsWith(head) && key.length > n && (target === '' || new RegExp(`^(不|未|没有?|基本|较|部分)?${target}$`).test(key.slice(n)))) {
          hits.push({ index, n });
          break;
        }
      }
    });
    if (hits.length === 1) [ref, end] = [{ kind: 'indicator', index: hits[0].index }, hits[0].n];
  }
  // "制度健全", "采购规范": part of one indicator's name, then its own word.
  if (!ref && !label) {
    const named: Array<{ index: number; n: number }> = [];
    form.indicators.forEach((ind, index) => {
      const word = nameKey(ind.target ?? '');
      if (word === '' || /\d/.test(word) || !key.endsWith(word)) return;
      const head = key.slice(0, key.length - word.length).replace(/(不|未|没有?|基本)$/, '');
      if (head.length >= 2 && nameKey(ind.name).includes(head)) named.push({ index, n: head.length });
    });
    if (named.length === 1) [ref, end] = [{ kind: 'indicator', index: named[0].index }, named[0].n];
  }
  if (!ref) return undefined;
  const value = key.slice(end).replace(/^(是|为|选|填)/, '');
  if (!WORD_VALUE.test(value)) return undefined;
  const ind = ref.kind === 'indicator' ? form.indicators[ref.index] : undefined;
  // Only an indicator answered in words (its target has no figure).
  if (!ind || /\d/.test(ind.target ?? '')) return undefined;
  return { ref, value };
}

/**
 * Names with a figure each where some name is not on the form yet ("装修面积5859平方米 布展面积3234平方米
 * 竣工完成度100%" while a category is filled): rows for the table reader, an indicator already on the
 * form as 名称 目标 实际 (its target kept), a new one as 名称 值.
 */
const INDICATOR_NOUN = /(面积|人数|人次|数量|个数|次数|率|度|量|额|时长|时间|周期|成本|费用|标准|长度|规模|数)$/;

export function namedFigures(text: string, form: Form): string[][] | undefined {
  const t = percentWords(text.trim());
  const re = /([^\d\s,，;；、:：=\-+]{2,16}?)\s*[:：=]?\s*((?:[-+]|负)?\d[\d,.]*\s*(?:万元|万|元|亿元|亿|%|％|[\p{Script=Han}a-zA-Z²]{1,4})?)(?=[\s,，;；、]|$)[\s,，;；、]*/uy;
  const rows: string[][] = [];
  let unknown = 0;
  while (re.lastIndex < t.length) {
    const m = re.exec(t);
    if (!m) return undefined;
    const name = m[1].replace(/(的|是|为)$/, '').trim();
    if (/(吗|么|呢|什么|啥|多少|怎么|为什么|哪|几|改|错|应该)/.test(name)) return undefined;
    // A part of the indicator being asked ("实际 10%，自评 2") is no new indicator's name.
    if (HEADER.test(nameKey(name)) || /^(实际|完成|目标|自评|预算|权重|得分|分数|说明|备注|合计|总计|小计)/.test(nameKey(name))) return undefined;
    const r = resolveRef(name, form, { partial: false });
    const f = r.ok ? undefined : findMentions(nameKey(name), form, { fuzzy: false });
    const hit = r.ok ? r.ref : f && f.mentions.length === 1 && f.mentions[0].start === 0 && f.mentions[0].end >= nameKey(name).length - 1 ? f.mentions[0].ref : undefined;
    if (hit && hit.kind !== 'indicator') return undefined;
    if (hit?.kind === 'indicator') rows.push([form.indicators[hit.index].name, form.indicators[hit.index].target ?? '', m[2].trim()]);
    else {
      // A new indicator's name sounds like one (面积, 人数, 完成度, 满意率…), not like a remark (比去年多了, 另外仓库).
      if (!INDICATOR_NOUN.test(name) || /(比|多了|少了|另外|其中|含|包括|大概|大约|约|去年|今年|上年|同比|环比)/.test(name)) return undefined;
      unknown += 1;
      rows.push([name, m[2].trim()]);
    }
  }
  // One name at least is an indicator of the form: the message lists indicators, not a remark.
  return rows.length >= 2 && unknown > 0 && unknown < rows.length ? rows : undefined;
}

/** One labelled value ("年初预算1800", "拨款：812.1"): a name of the form, then one figure. */
export function labelled(part: string, form: Form): { ref: Ref; value: string } | undefined {
  const m = SEGMENT.exec(percentWords(part.trim()));
  if (!m) return undefined;
  // "财政拨款数（万元）：": the unit copied with the label is no part of it.
  const label = m[1].replace(/\s*[(（](万元|元|万|%|％|人次|平方米|个)[)）]\s*[:：]?\s*$/, '').replace(/(也是|也|都是|都|的|是|为)$/, '');
  const r = resolveRef(label, form, { partial: false });
  let ref: Ref | undefined = r.ok ? r.ref : undefined;
  if (!ref) {
    const f = findMentions(nameKey(label), form, { fuzzy: false });
    // One thing named, perhaps twice ("调整数调减"), covering the label but for a character.
    const same = f.mentions.every((x) => sameRef(x.ref, f.mentions[0].ref));
    const covered = f.mentions.reduce((n, x) => n + x.end - x.start, 0);
    if (f.mentions.length >= 1 && same && covered >= nameKey(label).length - 1) ref = f.mentions[0].ref;
  }
  if (!ref || ref.kind === 'subItems' || ref.kind === 'derived') return undefined;
  if (ref.kind === 'subItem' && ref.part === undefined) return undefined;
  // "调减812.5" names the 调整数 and its sign.
  const value = m[2].trim();
  if (ref.kind === 'field' && ref.path === 'budget.adjustment' && /(调减|核减|压减|减少|减)$/.test(label) && !/^[-负]/.test(value)) return { ref, value: `-${value}` };
  return { ref, value };
}

/** The labels of the header's fields, as people write them before a value. */
const HEADER_LABELS: Array<[RegExp, 'project.name' | 'project.year' | 'project.department']> = [
  [/^(?:项目名称|项目名|名称)/, 'project.name'],
  [/^(?:项目年份|项目年度|年份|年度)/, 'project.year'],
  [/^(?:项目主管部门(?:[(（]单位[)）])?|主管部门|主管单位)/, 'project.department'],
];
/** A comma before one of those labels separates two parts. */
const BEFORE_HEADER_LABEL = new RegExp(`[；;\n]|[，,、](?=\\s*(?:${HEADER_LABELS.map(([re]) => re.source.slice(1)).join('|')}))`);

/**
 * The header given in one message ("名称：XX项目；年度2021；主管部门：XX局"): two or more parts, each a
 * label of the header and its value. Undefined unless every part is one.
 */
export function readHeader(text: string): Array<{ ref: Ref; value: string }> | undefined {
  const parts = text.split(BEFORE_HEADER_LABEL).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return undefined;
  const items: Array<{ ref: Ref; value: string }> = [];
  for (const p of parts) {
    const hit = HEADER_LABELS.map(([re, path]) => ({ m: re.exec(p), path })).find((h) => h.m);
    if (!hit?.m) return undefined;
    const value = p.slice(hit.m[0].length).replace(/^\s*(?:[:：=]|是|为)?\s*/, '').trim();
    if (value === '' || items.some((i) => i.ref.kind === 'field' && i.ref.path === hit.path)) return undefined;
    items.push({ ref: { kind: 'field', path: hit.path }, value });
  }
  return items;
}
