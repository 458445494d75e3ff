// Targets (目标值) and actuals (实际完成值): "=5859平方米", "100%", "≥85%", "15%及其以下", "合规".
import { dec, type Dec } from '../core/decimal.js';
import { canonicalUnit } from './units.js';
import { normalizeText } from './normalize.js';
import { parseChineseNumber } from './chineseNumber.js';

export type Direction = 'atLeast' | 'equal' | 'atMost';

export type Quantity = {
  kind: 'quantitative';
  direction: Direction;
  /** Whether the text said the direction (≥, 以上, =) or it was read as `equal` by default. */
  explicit: boolean;
  value: Dec;
  unit: string;
};
export type Qualitative = { kind: 'qualitative'; word: string };
export type Empty = { kind: 'empty' };

export type ParsedTarget = Quantity | Qualitative | Empty;

const PREFIXES: ReadonlyArray<[RegExp, Direction]> = [
  [/^(>=|≥|≧|大于等于|大于或等于|不低于|不少于|不小于|至少|达到|>|大于|高于|超过)/, 'atLeast'],
  [/^(<=|≤|≦|小于等于|小于或等于|不超过|不高于|不大于|不多于|至多|控制在|<|小于|低于)/, 'atMost'],
  [/^(==|=|等于)/, 'equal'],
];
const SUFFIXES: ReadonlyArray<[RegExp, Direction]> = [
  [/(及其以上|及以上|或以上|以上)$/, 'atLeast'],
  [/(及其以下|及以下|或以下|以下|以内|之内)$/, 'atMost'],
];

const NUMBER = /^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)/;

/** Parses a target or an actual as written. A text with no number is qualitative. */
export function parseQuantityText(input: string): ParsedTarget {
  let text = normalizeText(input).replace(/\s+/g, '');
  if (text === '') return { kind: 'empty' };
  let direction: Direction = 'equal';
  let explicit = false;
  for (const [re, dir] of PREFIXES) {
    const m = re.exec(text);
    if (m) {
      direction = dir;
      explicit = true;
      text = text.slice(m[0].length);
      break;
    }
  }
  for (const [re, dir] of SUFFIXES) {
    const m = re.exec(text);
    if (m) {
      if (explicit && dir !== direction) return { kind: 'qualitative', word: normalizeText(input) };
      direction = dir;
      explicit = true;
      text = text.slice(0, -m[0].length);
      break;
    }
  }
  const num = NUMBER.exec(text);
  let value: Dec | undefined;
  let rest = '';
  if (num) {
    value = dec(num[1].replace(/,/g, ''));
    rest = text.slice(num[1].length);
  } else {
    const cn = /^[零〇一二两三四五六七八九十百千万亿点]+/.exec(text);
    const parsed = cn ? parseChineseNumber(cn[0]) : undefined;
    if (cn && parsed) {
      value = parsed;
      rest = text.slice(cn[0].length);
    }
  }
  if (value === undefined || /\d/.test(rest)) return { kind: 'qualitative', word: normalizeText(input) };
  return { kind: 'quantitative', direction, explicit, value, unit: canonicalUnit(rest) };
}

export type ParsedActual =
  | { kind: 'number'; value: Dec; unit: string }
  | { kind: 'word'; word: string }
  | { kind: 'not-a-number'; text: string }
  | { kind: 'empty' };

/**
 * Parses an actual. A concrete number is a number with an optional unit and no operator:
 * "15%及其以下" or "≥85%" is not a concrete value, and a negative number is never an actual.
 */
export function parseActualText(input: string): ParsedActual {
  const text = normalizeText(input);
  if (text === '') return { kind: 'empty' };
  const negative = /^(-|负)\s*\d/.test(text);
  const parsed = parseQuantityText(negative ? text.replace(/^(-|负)\s*/, '') : text);
  if (parsed.kind === 'empty') return { kind: 'empty' };
  if (parsed.kind === 'qualitative') {
    return /\d/.test(text) ? { kind: 'not-a-number', text } : { kind: 'word', word: parsed.word };
  }
  if (parsed.explicit && parsed.direction !== 'equal') return { kind: 'not-a-number', text };
  if (/约|左右|大约|余|多|近|超/.test(text)) return { kind: 'not-a-number', text };
  return { kind: 'number', value: negative ? parsed.value.negated() : parsed.value, unit: parsed.unit };
}
