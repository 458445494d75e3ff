// Chinese numerals as people write amounts: 一千九百, 八百一十二点五, 两万, 一亿零五百.
import { Dec, dec, ZERO } from '../core/decimal.js';

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, string> = { 万: '10000', 亿: '100000000' };

export const CHINESE_NUMERAL_CHARS = '零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿点';

/** Parses a Chinese numeral (with an optional 点 and decimal digits); undefined when it is not one. */
export function parseChineseNumeral(text: string): Dec | undefined {
  if (text.length === 0) return undefined;
  for (const ch of text) if (!CHINESE_NUMERAL_CHARS.includes(ch)) return undefined;
  const [intText, fracText, extra] = text.split('点');
  if (extra !== undefined) return undefined;
  const intValue = intText === '' ? ZERO : parseInteger(intText);
  if (intValue === undefined) return undefined;
  if (fracText === undefined) return intValue;
  if (fracText === '') return undefined;
  let digits = '';
  for (const ch of fracText) {
    const d = DIGITS[ch];
    if (d === undefined) return undefined;
    digits += String(d);
  }
  return intValue.plus(dec(`0.${digits}`));
}

function parseInteger(text: string): Dec | undefined {
  // Split on the big units from the largest: 一亿零五百万 → (一)亿 + (零五百)万.
  for (const [unit, factor] of [['亿', BIG_UNITS['亿']], ['万', BIG_UNITS['万']]] as const) {
    const at = text.lastIndexOf(unit);
    if (at >= 0) {
      const head = text.slice(0, at);
      const tail = text.slice(at + 1);
      const headValue = head === '' ? undefined : parseInteger(head);
      if (headValue === undefined) return undefined;
      const tailValue = tail === '' ? ZERO : parseInteger(tail);
      if (tailValue === undefined) return undefined;
      return headValue.times(factor).plus(tailValue);
    }
  }
  return parseSection(text);
}

/** A section below 万: 九千九百九十九, 十二, 零五. */
function parseSection(text: string): Dec | undefined {
  let total = 0;
  let pending: number | undefined;
  let lastUnit = 100000;
  let sawAny = false;
  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (pending !== undefined && pending !== 0 && d !== 0) return undefined; // 一二 is not a numeral
      pending = d;
      sawAny = true;
      continue;
    }
    const unit = SMALL_UNITS[ch];
    if (unit === undefined || unit >= lastUnit) return undefined;
    total += (pending ?? (unit === 10 ? 1 : NaN)) * unit;
    if (Number.isNaN(total)) return undefined;
    pending = undefined;
    lastUnit = unit;
    sawAny = true;
  }
  if (!sawAny) return undefined;
  total += pending ?? 0;
  return new Dec(total);
}
