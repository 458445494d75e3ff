// Laws of the scoring rules, checked on random input (fast-check): bounds, monotonicity, full marks
// inside the band, the trace adds up, exact weights, order independence, no float drift.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dec,
  equalSplit,
  fixed,
  parseActualText,
  parseAmount,
  parseQuantityText,
  round,
  str,
  sum,
  ZERO,
  type Indicator,
  type Parameters,
  type TraceStep,
} from '../../rules/index.js';
import { scoreAll, scoreOne, withParams } from './helpers.js';

const RUNS = { numRuns: 300 };

/** A decimal string: integer part up to maxInt, up to maxPlaces decimals. */
const decimal = (maxInt: number, maxPlaces: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxPlaces }), fc.integer({ min: 0, max: 999_999 }))
    .map(([i, p, f]) => (p === 0 ? `${i}` : `${i}.${String(f).padStart(6, '0').slice(0, p)}`));
const positive = (maxInt: number, maxPlaces: number) => decimal(maxInt, maxPlaces).filter((v) => !dec(v).isZero());
/** A weight: 0.01 … 30.00 with two decimals at most. */
const weight = fc.integer({ min: 1, max: 3000 }).map((c) => str(dec(c).dividedBy(100)));
const category = fc.constantFrom('input', 'output', 'outcome', 'impact') as fc.Arbitrary<Indicator['category']>;
const direction = fc.constantFrom('=', '≥', '≤', '');
const unit = fc.constantFrom('', '%', '人次', '平方米');
const params: fc.Arbitrary<Partial<Parameters>> = fc.record({
  fractionalPoints: fc.constantFrom('linear', 'floor', 'ceil'),
  percentReading: fc.constantFrom('ratio', 'points'),
  atMostUpperPenalty: fc.boolean(),
}) as fc.Arbitrary<Partial<Parameters>>;

const upper = (c: Indicator['category']) => (c === 'outcome' || c === 'impact' ? '200' : '130');
/** T × k ÷ 1000, cut to 6 decimals (down or up). */
const scaled = (t: string, k: number, mode: 'down' | 'ceil') => str(round(dec(t).times(k).dividedBy(1000), 6, mode));

describe('score bounds and shape', () => {
  it('0 ≤ score ≤ weight, as a string with exactly 2 decimals, for any target, actual, direction, unit and parameters', () => {
    fc.assert(
      fc.property(category, direction, decimal(100_000, 6), unit, decimal(300_000, 6), weight, params, (cat, dir, t, u, a, w, p) => {
        const r = scoreOne({ category: cat, target: `${dir}${t}${u}`, actual: `${a}${u}`, weight: w }, { ruleSet: withParams(p) });
        expect(r.score).toMatch(/^\d+\.\d{2}$/);
        expect(dec(r.score).greaterThanOrEqualTo(0)).toBe(true);
        expect(dec(r.score).lessThanOrEqualTo(dec(w))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('monotonicity below the target', () => {
  it('atLeast/equal: as the actual rises towards the target, the score never falls', () => {
    fc.assert(
      fc.property(category, fc.constantFrom('=', '≥'), positive(100_000, 4), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), weight, params, (cat, dir, t, k1, k2, w, p) => {
        const [lo, hi] = k1 <= k2 ? [k1, k2] : [k2, k1];
        const ruleSet = withParams(p);
        const s1 = scoreOne({ category: cat, target: `${dir}${t}`, actual: scaled(t, lo, 'down'), weight: w }, { ruleSet }).score;
        const s2 = scoreOne({ category: cat, target: `${dir}${t}`, actual: scaled(t, hi, 'down'), weight: w }, { ruleSet }).score;
        expect(dec(s1).lessThanOrEqualTo(dec(s2))).toBe(true);
      }),
      RUNS,
    );
  });

  it('atMost: as the actual rises past the target, the score never rises', () => {
    fc.assert(
      fc.property(category, positive(1000, 4), fc.integer({ min: 1000, max: 4000 }), fc.integer({ min: 1000, max: 4000 }), weight, params, (cat, t, k1, k2, w, p) => {
        const [lo, hi] = k1 <= k2 ? [k1, k2] : [k2, k1];
        const ruleSet = withParams({ ...p, atMostUpperPenalty: false });
        const s1 = scoreOne({ category: cat, target: `≤${t}%`, actual: `${scaled(t, lo, 'ceil')}%`, weight: w }, { ruleSet }).score;
        const s2 = scoreOne({ category: cat, target: `≤${t}%`, actual: `${scaled(t, hi, 'ceil')}%`, weight: w }, { ruleSet }).score;
        expect(dec(s1).greaterThanOrEqualTo(dec(s2))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('full marks inside the band', () => {
  it('atLeast/equal: target ≤ actual ≤ upper band (130 % for 投入/产出, 200 % for 结果/影响力) → full weight', () => {
    fc.assert(
      fc.property(category, fc.constantFrom('=', '≥', ''), positive(100_000, 6), fc.integer({ min: 1000, max: 2000 }), weight, params, (cat, dir, t, k, w, p) => {
        fc.pre(k <= Number.parseInt(upper(cat), 10) * 10);
        const r = scoreOne({ category: cat, target: `${dir}${t}`, actual: scaled(t, k, 'down'), weight: w }, { ruleSet: withParams(p) });
        expect(r.score).toBe(fixed(dec(w), 2));
        expect(r.status).toBe('full');
      }),
      RUNS,
    );
  });

  it('atMost: actual ≤ target → full weight', () => {
    fc.assert(
      fc.property(category, positive(1000, 4), fc.integer({ min: 0, max: 1000 }), weight, (cat, t, k, w) => {
        const r = scoreOne({ category: cat, target: `${t}%及其以下`, actual: `${scaled(t, k, 'down')}%`, weight: w });
        expect(r.score).toBe(fixed(dec(w), 2));
      }),
      RUNS,
    );
  });
});

describe('the trace adds up', () => {
  const deductions = (trace: TraceStep[]) =>
    trace.flatMap((s) => (s.code === 'below_target' || s.code === 'above_band' ? [dec(s.deduction)] : []));

  it('weight − Σ deductions × weight = the raw score (before the floor at 0), and the score is the raw score rounded', () => {
    fc.assert(
      fc.property(category, direction, positive(100_000, 6), decimal(300_000, 6), weight, params, (cat, dir, t, a, w, p) => {
        const r = scoreOne({ category: cat, target: `${dir}${t}`, actual: a, weight: w }, { ruleSet: withParams(p) });
        const scoreStep = r.trace.find((s) => s.code === 'score');
        if (!scoreStep || scoreStep.code !== 'score') throw new Error('no score step');
        const d = sum(deductions(r.trace));
        const floored = r.trace.some((s) => s.code === 'floor_applied');
        const W = dec(w);
        const expected = floored ? ZERO : W.minus(d.times(W));
        expect(floored).toBe(d.greaterThan(1));
        // Deductions such as 1/6 are shown with 40 significant digits: equal to within 1e-30.
        expect(dec(scoreStep.raw).minus(expected).abs().lessThan(dec('0.000000000000000000000000000001'))).toBe(true);
        expect(scoreStep.score).toBe(r.score);
        expect(dec(r.score).minus(dec(scoreStep.raw)).abs().lessThanOrEqualTo(dec('0.005'))).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('weights', () => {
  it('an equal split of any total sums exactly to it, for n = 1 … 40, each share with at most 2 decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom('middle', 'first', 'last'), (cents, n, to) => {
        const total = dec(cents).dividedBy(100);
        const shares = equalSplit(total, n, to as 'middle' | 'first' | 'last');
        expect(shares).toHaveLength(n);
        expect(sum(shares).equals(total)).toBe(true);
        for (const w of shares) {
          expect(w.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(w.greaterThanOrEqualTo(0)).toBe(true);
        }
        // All shares are equal but one.
        expect(new Set(shares.map(str)).size).toBeLessThanOrEqual(2);
      }),
      RUNS,
    );
  });

  it('the default weights of every category of a form sum exactly to the category total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (nOut, nRes, nImp) => {
        const mk = (cat: Indicator['category'], n: number): Indicator[] => Array.from({ length: n }, (_, i) => ({ category: cat, name: `${cat}${i}`, target: '=1', actual: '1' }));
        const score = scoreAll([...mk('output', nOut), ...mk('outcome', nRes), ...mk('impact', nImp)]);
        expect(score.categories.slice(1).map((c) => c.weight)).toEqual(['26.00', '26.00', '6.00']);
        expect(score.checks.filter((c) => c.code === 'weights.category-sum' && c.subject !== 'input' && c.subject !== 'all').map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
      }),
      { numRuns: 60 },
    );
  });
});

describe('order of the indicators does not matter', () => {
  const indicator = (i: number) =>
    fc
      .record({
        category,
        dir: direction,
        t: positive(10_000, 3),
        a: fc.option(decimal(20_000, 3), { nil: undefined }),
        u: unit,
        w: weight,
        word: fc.constantFrom<string | undefined>(undefined, '合规', '不合规', '较好', '部分合规'),
      })
      .map(({ category: cat, dir, t, a, u, w, word }): Indicator =>
        word
          ? { category: cat, name: `定性${i}`, target: '合规', actual: word, weight: w }
          : { category: cat, name: `定量${i}`, target: `${dir}${t}${u}`, ...(a !== undefined ? { actual: `${a}${u}` } : {}), weight: w },
      );
  const indicators = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => indicator(i))));

  it('each indicator scores the same, and the totals are the same, in any order', () => {
    fc.assert(
      fc.property(indicators.chain((inds) => fc.tuple(fc.constant(inds), fc.shuffledSubarray(inds, { minLength: inds.length }))), ([inds, shuffled]) => {
        const a = scoreAll(inds);
        const b = scoreAll(shuffled);
        // The rule's own equal-split weight (ruleWeight, shown next to a given weight) is positional by
        // design — the remainder goes to the middle indicator — so it is left out of the comparison.
        const byName = (s: typeof a) =>
          Object.fromEntries(
            s.indicators.map(({ index: _i, ...r }) => [r.name, { ...r, trace: r.trace.map((t) => (t.code === 'weight' ? { ...t, ruleWeight: undefined } : t)) }]),
          );
        expect(byName(b)).toEqual(byName(a));
        expect(b.total).toBe(a.total);
        expect(b.categories).toEqual(a.categories);
        const findings = (s: typeof a) => s.findings.map(({ indicatorIndex: _i, ...f }) => JSON.stringify(f)).sort();
        expect(findings(b)).toEqual(findings(a));
      }),
      { numRuns: 150 },
    );
  });

  it('the common 投入 indicators keep their weights wherever they stand', () => {
    const common: Indicator[] = [
      { category: 'input', name: '资金使用合规性', target: '合规', actual: '合规' },
      { category: 'input', name: '专款专用率', target: '100%', actual: '96%' },
      { category: 'input', name: '预算执行率', target: '100%', actual: '' },
      { category: 'input', name: '资金节约率', target: '15%及其以下', actual: '3%' },
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(common, { minLength: common.length }), (shuffled) => {
        const score = scoreAll(shuffled, { rest: { budget: { initial: '100', adjustment: '0' }, funds: { paid: '95' } } });
        const weights = Object.fromEntries(score.indicators.map((r) => [r.name, [r.weight, r.score]]));
        expect(weights).toEqual({ 资金使用合规性: ['4.00', '4.00'], 专款专用率: ['4.00', '3.20'], 预算执行率: ['8.00', '6.00'], 资金节约率: ['2.00', '2.00'] });
      }),
      { numRuns: 30 },
    );
  });
});

describe('no float drift', () => {
  /** Exact rational oracle of §4.2 with the default parameters, written with bigint only. */
  function oracle(dir: '=' | '≥' | '≤', t: string, a: string, w: string, upperBand: bigint): string {
    const frac = (s: string): [bigint, bigint] => {
      const [i, f = ''] = s.split('.');
      return [BigInt(i + f), 10n ** BigInt(f.length)];
    };
    const [tn, td] = frac(t);
    const [an, ad] = frac(a);
    const [wn, wd] = frac(w);
    // factor = num / den
    let num: bigint;
    let den: bigint;
    if (dir === '≤') {
      if (an * td <= tn * ad) return `${(wn * 100n) / wd / 100n}.${String(((wn * 100n) / wd) % 100n).padStart(2, '0')}`;
      // c = 100 T / A; deduction = 0.05 (100 − c) = 5 − 5 T/A; factor = 1 − 5 + 5T/A = (5 T/A − 4)
      num = 5n * tn * ad - 4n * an * td;
      den = an * td;
    } else {
      // c = 100 A / T
      const cNum = 100n * an * td;
      const cDen = ad * tn;
      if (cNum < 100n * cDen) {
        // deduction = 0.05 × (100 − c) = (100 cDen − cNum) / (20 cDen)
        num = 20n * cDen - (100n * cDen - cNum);
        den = 20n * cDen;
      } else if (cNum > upperBand * cDen) {
        // deduction = 0.01 × (c − U) = (cNum − U cDen) / (100 cDen)
        num = 100n * cDen - (cNum - upperBand * cDen);
        den = 100n * cDen;
      } else {
        num = 1n;
        den = 1n;
      }
    }
    if (num <= 0n) return '0.00';
    // score = w × factor rounded half-up to 2 places
    const scaledNum = wn * num * 100n;
    const scaledDen = wd * den;
    let q = scaledNum / scaledDen;
    if (2n * (scaledNum % scaledDen) >= scaledDen) q += 1n;
    return `${q / 100n}.${String(q % 100n).padStart(2, '0')}`;
  }

  it('every score equals the exact rational rule, rounded once', () => {
    fc.assert(
      fc.property(category, fc.constantFrom<'=' | '≥' | '≤'>('=', '≥', '≤'), positive(1000, 3), decimal(3000, 3), weight, (cat, dir, t, a, w) => {
        const r = scoreOne({ category: cat, target: `${dir}${t}`, actual: a, weight: w });
        expect(r.score).toBe(oracle(dir, t, a, w, BigInt(upper(cat))));
      }),
      { numRuns: 1000 },
    );
  });

  it('rounds 7.5 of 9 at weight 1.35 (exactly 0.225) up, as the oracle does', () => {
    expect(oracle('=', '9', '7.5', '1.35', 130n)).toBe('0.23');
    expect(scoreOne({ target: '=9', actual: '7.5', weight: '1.35' }).score).toBe('0.23');
  });

  it('summing 1000 scores through the core equals the exact sum', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(positive(1000, 2), decimal(1500, 2), weight), { minLength: 1000, maxLength: 1000 }), (rows) => {
        const scores = rows.map(([t, a, w]) => scoreOne({ target: `=${t}`, actual: a, weight: w }).score);
        const cents = scores.reduce((acc, sc) => acc + BigInt(sc.replace('.', '')), 0n);
        const exact = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        expect(fixed(sum(scores.map((sc) => dec(sc))), 2)).toBe(exact);
        // JavaScript numbers would drift: this is why scores never become floats.
        expect(scores.every((sc) => /^\d+\.\d{2}$/.test(sc))).toBe(true);
      }),
      { numRuns: 3 },
    );
  });

  it('a form total is the exact sum of its rounded indicator scores', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(positive(1000, 2), decimal(1500, 2), weight), { minLength: 1, maxLength: 60 }), (rows) => {
        const score = scoreAll(rows.map(([t, a, w], i) => ({ category: 'output', name: `指标${i}`, target: `=${t}`, actual: a, weight: w })));
        const cents = score.indicators.reduce((acc, r) => acc + BigInt(r.score.replace('.', '')), 0n);
        expect(score.total).toBe(`${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`);
      }),
      { numRuns: 50 },
    );
  });
});

describe('user input never throws', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.stringMatching(/^[-+=≥≤<>约负０-９0-9.,，%％万亿元千百十一二两三点人次以上下内及其 ]{0,16}$/),
  );

  it('parseAmount, parseQuantityText and parseActualText return a value for any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const a = parseAmount(t, { allowNegative: true });
        expect(typeof a.ok).toBe('boolean');
        expect(['quantitative', 'qualitative', 'empty']).toContain(parseQuantityText(t).kind);
        expect(['number', 'word', 'not-a-number', 'empty']).toContain(parseActualText(t).kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('scoring any target and actual text gives a score within the weight', () => {
    fc.assert(
      fc.property(category, text, text, fc.option(text, { nil: undefined }), weight, (cat, t, a, note, w) => {
        const r = scoreOne({ category: cat, target: t, actual: a, weight: w, ...(note !== undefined ? { note } : {}) });
        expect(r.score).toMatch(/^\d+\.\d{2}$/);
        expect(dec(r.score).lessThanOrEqualTo(dec(w))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
