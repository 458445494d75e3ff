// Units of targets and actuals, and the conversions that are meaningful (万元/元/亿元, %, area …).
// Units outside a group (人, 人次, 个, 家 …) only match themselves: 人 is not 人次.
import { Dec, dec } from '../core/decimal.js';

type Group = { name: string; factors: Record<string, string> };

const GROUPS: readonly Group[] = [
  { name: 'money', factors: { 元: '1', 千元: '1000', 万元: '10000', 亿元: '100000000' } },
  { name: 'percent', factors: { '%': '1', 百分比: '1', '‰': '0.1' } },
  { name: 'area', factors: { 平方米: '1', 平米: '1', '㎡': '1', m2: '1', 公顷: '10000', 平方公里: '1000000' } },
  { name: 'length', factors: { 米: '1', m: '1', 千米: '1000', 公里: '1000', km: '1000' } },
  { name: 'mass', factors: { 克: '0.001', 千克: '1', 公斤: '1', kg: '1', 吨: '1000' } },
  { name: 'days', factors: { 天: '1', 日: '1' } },
];

const ALIASES: Record<string, string> = { 平方: '平方米', '㎡': '㎡', 万: '万元', 亿: '亿元' };

/** The canonical spelling of a unit ("" for none). */
export function canonicalUnit(unit: string): string {
  const u = unit.trim();
  return Object.hasOwn(ALIASES, u) ? ALIASES[u] : u;
}

function groupOf(unit: string): Group | undefined {
  return GROUPS.find((g) => Object.hasOwn(g.factors, unit));
}

/**
 * Converts `value` from one unit to another. Undefined when the units do not convert (人 vs 人次).
 * A missing unit on either side is read as the other side's unit.
 */
export function convertUnit(value: Dec, from: string, to: string): Dec | undefined {
  const f = canonicalUnit(from);
  const t = canonicalUnit(to);
  if (f === t || f === '' || t === '') return value;
  const g = groupOf(f);
  if (!g || g !== groupOf(t)) return undefined;
  return value.times(dec(g.factors[f])).dividedBy(dec(g.factors[t]));
}

export function isPercent(unit: string): boolean {
  return groupOf(canonicalUnit(unit))?.name === 'percent';
}
