// Several answers in one message: labelled values ("年初预算1900，调整-812.5，拨款812.101021") and
// rows pasted from Excel or Word (tab- or comma-separated: 名称 目标 实际 [自评分], or 子项 名称 预算 实际).
import type { Form } from '../../rules/index.js';
import { nameKey, resolveRef, type Ref } from '../engine/match.js';
import type { Slot } from '../engine/slots.js';
import { findMentions } from './lexicon.js';

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

const SEGMENT = /^([^\d\-+负]+?)\s*(?:[:：=]|是|为)?\s*((?:[-+]|负)?\d[\d,.]*\s*(?:万元|万|元|亿元|亿|%|％|[\p{Script=Han}]{0,4})?)$/u;

/** "年初预算1900，调整-812.5，拨款812.101021，支付812.101021": two or more labelled values. */
export function readAnswers(text: string, form: Form): Array<{ ref: Ref; value: string }> | undefined {
  let parts = text.split(/[，；;、\n]|,(?!\d{3}(?!\d))|\s{2,}/).map((p) => p.trim()).filter(Boolean);
  // "拨款812.1 支付812.1": one space between labelled values (a space before a label, never before a figure).
  if (parts.length === 1) parts = text.trim().split(/(?<=\d[\d.]*\s*(?:万元|万|元|亿元|亿|%|％)?)\s+(?=[^\d\s\-+=])/u).filter(Boolean);
  if (parts.length < 2 || parts.length > 20) return undefined;
  const items: Array<{ ref: Ref; value: string }> = [];
  for (const p of parts) {
    const item = labelled(p, form);
    if (!item) return undefined;
    items.push(item);
  }
  return items.length >= 2 ? items : undefined;
}

/** One labelled value ("年初预算1800", "拨款：812.1"): a name of the form, then one figure. */
export function labelled(part: string, form: Form): { ref: Ref; value: string } | undefined {
  const m = SEGMENT.exec(part.trim());
  if (!m) return undefined;
  const label = m[1].replace(/(的|是|为)$/, '');
  const r = resolveRef(label, form, { partial: false });
  let ref: Ref | undefined = r.ok ? r.ref : undefined;
  if (!ref) {
    const f = findMentions(nameKey(label), form, { fuzzy: false });
    if (f.mentions.length === 1 && f.mentions[0].end - f.mentions[0].start >= nameKey(label).length - 1) ref = f.mentions[0].ref;
  }
  if (!ref || ref.kind === 'subItems' || ref.kind === 'derived') return undefined;
  if (ref.kind === 'subItem' && ref.part === undefined) return undefined;
  return { ref, value: m[2].trim() };
}
