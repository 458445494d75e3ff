// The only module of rules/ that imports decimal.js. Everything else uses these few operations,
// so the number type can be swapped by supplying another implementation of this file.
import { Decimal as BaseDecimal } from 'decimal.js';

/** A decimal configured for money, ratios and scores: 40 significant digits, no exponent notation. */
export const Dec = BaseDecimal.clone({
  precision: 40,
  rounding: BaseDecimal.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Dec = InstanceType<typeof Dec>;

/** A decimal that has left the core: a plain string such as "812.101021" or "-0.5". */
export type DecString = string & { readonly __brand?: 'DecString' };

export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export function dec(value: string | Dec | number | bigint): Dec {
  if (typeof value === 'string') {
    if (!DECIMAL_PATTERN.test(value)) throw new Error(`not a decimal string: ${JSON.stringify(value)}`);
    return new Dec(value);
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new Error('floats are not accepted; pass a decimal string');
  }
  if (typeof value === 'bigint') return new Dec(value.toString());
  return new Dec(value);
}

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

export type RoundingName = 'halfUp' | 'floor' | 'ceil' | 'down';

const MODES: Record<RoundingName, BaseDecimal.Rounding> = {
  halfUp: BaseDecimal.ROUND_HALF_UP,
  floor: BaseDecimal.ROUND_FLOOR,
  ceil: BaseDecimal.ROUND_CEIL,
  down: BaseDecimal.ROUND_DOWN,
};

/** Rounds to `places` decimals with the named mode. */
export function round(value: Dec, places: number, mode: RoundingName = 'halfUp'): Dec {
  return value.toDecimalPlaces(places, MODES[mode]);
}

/** Rounds to `places` decimals (half-up unless told) and writes exactly that many: "74.68", "0.00". */
export function fixed(value: Dec, places: number, mode: RoundingName = 'halfUp'): DecString {
  const r = round(value, places, mode);
  const negative = r.isNegative() && !r.isZero();
  const [intPart, frac = ''] = r.abs().toString().split('.');
  const body = places > 0 ? `${intPart}.${frac.padEnd(places, '0')}` : intPart;
  return negative ? `-${body}` : body;
}

/** The canonical string of a decimal: no trailing zeros, no exponent ("1900", "-812.5"). */
export function str(value: Dec): DecString {
  const s = value.toString();
  return s === '-0' ? '0' : s;
}

/** Number of decimal places the value needs. */
export function places(value: Dec): number {
  return value.decimalPlaces();
}

export function max(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
}

export function min(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}

export function sum(values: readonly Dec[]): Dec {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}

export function isDec(value: unknown): value is Dec {
  return value instanceof Dec;
}
