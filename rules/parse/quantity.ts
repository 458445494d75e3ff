// Targets (目标值) and actuals (实际完成值): "=5859平方米", "100%", "≥85%", "15%及其以下", "合规".
import { dec, type Dec } from '../core/decimal.js';
import { canonicalUnit } from './units.js';
import { normalizeText } from './normalize.js';
import { parseChineseNumeral } from './chineseNumber.js';

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

/** What may follow a Chinese numeral for it to be a number: a unit or a measure word. */
const MEASURE_WORD = /^[个人次项家件场批篇天日月年周套台户名所座条部本册期元米吨克平公千万亿%‰倍门辆棵株头只张份小分秒]/;

const NUMBER = /^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)/;

/**
 * Percentages said in words, as figures: 百分百 / 百分之百 → 100%, 百分之95 → 95%, 百分之九十五 → 95%
 * ("专款专用率百分之百" → "专款专用率100%"). Anything else is left as it is.
 */
export function percentWords(text: string): string {
  return text.replace(/百分之百|百分百/g, '100%').replace(/百分之\s*(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千点]+)/g, (all, n: string) => {
    if (/^\d/.test(n)) return `${n}%`;
    const v = parseChineseNumeral(n);
    return v ? `${v.toString()}%` : all;
  });
}

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
  // 百分之九十五, 百分之95, 百分百: a percentage said in words (the whole text only: 百分之九十五左右 stays words).
  const percent = percentWords(text);
  if (/^\d+(\.\d+)?%$/.test(percent)) text = percent;
  const num = NUMBER.exec(text);
  let value: Dec | undefined;
  let rest = '';
  if (num) {
    value = dec(num[1].replace(/,/g, ''));
    rest = text.slice(num[1].length);
    // 1万人次, 1.2万平方米: 万/亿 before a unit other than 元 multiply the number.
    const big = /^(万|亿)(?!元|$)/.exec(rest);
    if (big) {
      value = value.times(dec(big[1] === '万' ? '10000' : '100000000'));
      rest = rest.slice(1);
    }
  } else {
    const cn = /^[零〇一二两三四五六七八九十百千万亿点]+/.exec(text);
    const parsed = cn ? parseChineseNumeral(cn[0]) : undefined;
    // A numeral must stand alone or before a measure word: 一千人, 三个 — but 一般, 一致, 十佳 are words.
    if (cn && parsed && (text.length === cn[0].length || MEASURE_WORD.test(text.slice(cn[0].length)))) {
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
  // "-0" is zero, not a negative actual.
  const value = negative && !parsed.value.isZero() ? parsed.value.negated() : parsed.value;
  return { kind: 'number', value, unit: parsed.unit };
}
