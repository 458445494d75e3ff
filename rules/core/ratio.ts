// Exact rational numbers for the scoring arithmetic. A completion such as 7.5 ÷ 9 = 83.333… has no
// exact decimal; carrying it as a 40-digit decimal and multiplying on makes a score that should be
// exactly 0.225 come out as 0.22499…9 and round to 0.22 instead of 0.23. A Ratio keeps numerator and
// denominator as integers (bigint), so the score is rounded once, exactly, from the exact value.
import { Dec, str, type RoundingName } from './decimal.js';

/** num ÷ den, den > 0, always reduced. */
export type Ratio = { readonly num: bigint; readonly den: bigint };

const abs = (a: bigint) => (a < 0n ? -a : a);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(num: bigint, den: bigint): Ratio {
  if (den === 0n) throw new Error('ratio: division by zero');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** The exact value of a decimal. */
export function ratio(value: Dec | string): Ratio {
  const s = typeof value === 'string' ? value : str(value);
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new Error(`ratio: not a decimal: ${s}`);
  const negative = s.startsWith('-');
  const [intPart, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const num = BigInt(intPart + frac) * (negative ? -1n : 1n);
  return make(num, 10n ** BigInt(frac.length));
}

export const R0 = ratio('0');
export const R1 = ratio('1');
export const R100 = ratio('100');

export const add = (a: Ratio, b: Ratio) => make(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Ratio, b: Ratio) => make(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Ratio, b: Ratio) => make(a.num * b.num, a.den * b.den);
export const div = (a: Ratio, b: Ratio) => make(a.num * b.den, a.den * b.num);

/** -1, 0 or 1. */
export function cmp(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const isZero = (a: Ratio) => a.num === 0n;
export const rmax = (a: Ratio, b: Ratio) => (cmp(a, b) >= 0 ? a : b);

/** The integer part rounded as named (floor, ceil, down, halfUp away from zero). */
function integerPart(a: Ratio, mode: RoundingName): bigint {
  const q = a.num / a.den; // truncates toward zero
  const r = a.num % a.den;
  if (r === 0n) return q;
  const negative = a.num < 0n;
  switch (mode) {
    case 'down':
      return q;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'halfUp':
      return 2n * abs(r) >= a.den ? q + (negative ? -1n : 1n) : q;
  }
}

/** Rounds to an integer (as a Ratio) with the named mode. */
export function roundToInteger(a: Ratio, mode: RoundingName): Ratio {
  return make(integerPart(a, mode), 1n);
}

/** Rounds exactly to `places` decimals: the one rounding a score goes through. */
export function roundRatio(a: Ratio, places: number, mode: RoundingName): Dec {
  const scale = 10n ** BigInt(places);
  const q = integerPart(make(a.num * scale, a.den), mode);
  const digits = abs(q).toString().padStart(places + 1, '0');
  const body = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return new Dec(q < 0n ? `-${body}` : body);
}

/** The value as a decimal: one division, correctly rounded to the decimal's precision. */
export function toDec(a: Ratio): Dec {
  return new Dec(a.num.toString()).dividedBy(new Dec(a.den.toString()));
}
