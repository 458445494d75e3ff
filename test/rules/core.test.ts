import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, fixed, round, str, type RoundingName } from '../../rules/index.js';
import { add, cmp, div, mul, ratio, roundRatio, roundToInteger, sub, toDec } from '../../rules/core/ratio.js';

describe('decimals (rules/core/decimal.ts)', () => {
  it('refuses floats and malformed strings', () => {
    expect(() => dec(0.1)).toThrow('floats are not accepted');
    expect(() => dec('1e3')).toThrow('not a decimal string');
    expect(() => dec('')).toThrow();
    expect(str(dec('0.1').plus(dec('0.2')))).toBe('0.3');
  });

  it('fixed writes exactly the places asked for, half-up by default', () => {
    expect(fixed(dec('74.675955954'), 2)).toBe('74.68');
    expect(fixed(dec('0'), 2)).toBe('0.00');
    expect(fixed(dec('-0.001'), 2)).toBe('0.00');
    expect(fixed(dec('2.675'), 2)).toBe('2.68');
    expect(fixed(dec('2.675'), 2, 'floor')).toBe('2.67');
    expect(str(dec('-0'))).toBe('0');
  });
});

describe('exact ratios (rules/core/ratio.ts)', () => {
  it('keeps 7.5 ÷ 9 exact so that 1.35 × (1 − 0.05 × (100 − c)) is exactly 0.225', () => {
    const c = div(mul(ratio('7.5'), ratio('100')), ratio('9'));
    const factor = sub(ratio('1'), mul(ratio('0.05'), sub(ratio('100'), c)));
    expect(roundRatio(mul(ratio('1.35'), factor), 2, 'halfUp').toString()).toBe('0.23');
    expect(str(toDec(c))).toBe('83.33333333333333333333333333333333333333');
  });

  it('rounds like the decimal rounding for every mode', () => {
    const modes: RoundingName[] = ['halfUp', 'floor', 'ceil', 'down'];
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom(...modes), fc.integer({ min: 0, max: 4 }), (n, scale, mode, places) => {
        const d = dec(n).dividedBy(dec(10).pow(scale));
        expect(str(roundRatio(ratio(d), places, mode))).toBe(str(round(d, places, mode)));
      }),
    );
  });

  it('adds, compares and rounds to integers exactly', () => {
    expect(cmp(add(div(ratio('1'), ratio('3')), div(ratio('2'), ratio('3'))), ratio('1'))).toBe(0);
    expect(str(toDec(roundToInteger(div(ratio('-5'), ratio('2')), 'floor')))).toBe('-3');
    expect(str(toDec(roundToInteger(div(ratio('-5'), ratio('2')), 'ceil')))).toBe('-2');
    expect(str(toDec(roundToInteger(div(ratio('5'), ratio('2')), 'halfUp')))).toBe('3');
    expect(() => div(ratio('1'), ratio('0'))).toThrow('division by zero');
  });
});

describe('no floats in rules/', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });

  it('no parseFloat, Number(), toFixed(, Math.round/floor/ceil, and decimal.js only through core/decimal.ts', () => {
    const offences: string[] = [];
    for (const file of files('rules')) {
      const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
      for (const re of [/parseFloat\(/, /\bNumber\(/, /\.toFixed\(/, /Math\.(round|floor|ceil)\(/]) {
        if (re.test(text)) offences.push(`${file}: ${re.source}`);
      }
      if (/from 'decimal\.js'/.test(text) && !file.endsWith(join('core', 'decimal.ts'))) offences.push(`${file}: imports decimal.js`);
    }
    expect(offences).toEqual([]);
  });
});
