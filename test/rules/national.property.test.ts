// The national scorer against an independent implementation written here: exact fractions of
// bigints, the rules of national.md read directly, and the forms built from structured random data
// (so the reference never parses the texts the product parses).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreNationalForm, type NationalFormInput, type NationalIndicator } from '../../rules/index.js';

const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 200) };

// ---- exact fractions ---------------------------------------------------------------------------
type Q = { n: bigint; d: bigint };
const q = (s: string): Q => {
  const [i, f = ''] = s.split('.');
  return { n: BigInt(i + f), d: 10n ** BigInt(f.length) };
};
const mulQ = (a: Q, b: Q): Q => ({ n: a.n * b.n, d: a.d * b.d });
const divQ = (a: Q, b: Q): Q => ({ n: a.n * b.d, d: a.d * b.n });
const cmpQ = (a: Q, b: Q) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
/** Non-negative fraction rounded half-up to hundredths, as "12.34". */
const cents = (a: Q): string => {
  const scaled = a.n * 100n;
  let c = scaled / a.d;
  if ((scaled % a.d) * 2n >= a.d) c += 1n;
  const s = c.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};
const addCents = (xs: string[]) => {
  const total = xs.reduce((acc, x) => acc + BigInt(x.replace('.', '')), 0n).toString().padStart(3, '0');
  return `${total.slice(0, -2)}.${total.slice(-2)}`;
};

// ---- random forms ------------------------------------------------------------------------------
const decimal = (max: number, places: number) =>
  fc.integer({ min: 0, max: max * 10 ** places }).map((v) => {
    if (places === 0) return String(v);
    const s = String(v).padStart(places + 1, '0');
    return `${s.slice(0, -places)}.${s.slice(-places)}`.replace(/\.?0+$/, '') || '0';
  });

type Quant = { kind: 'quant'; dir: 'atLeast' | 'atMost'; form: number; T: string; A?: string; unit: string; actualUnit: string };
type Qual = { kind: 'qual'; band: 'met' | 'partial' | 'unmet' | 'none'; viaField: boolean; wordIndex: number };
type Row = { spec: Quant | Qual; level1: 'output' | 'benefit' | 'satisfaction'; weight?: string; self?: string };

const UNITS = ['个', '人', '%', '元/人', '天', '万元'];
const quant = fc.record({
  kind: fc.constant('quant' as const),
  dir: fc.constantFrom('atLeast' as const, 'atMost' as const),
  form: fc.integer({ min: 0, max: 2 }),
  T: decimal(5000, 2),
  A: fc.option(decimal(8000, 2), { nil: undefined, freq: 6 }),
  unit: fc.constantFrom(...UNITS),
  moneyInYuan: fc.boolean(),
}).map(({ moneyInYuan, ...r }): Quant => ({ ...r, actualUnit: r.unit === '万元' && moneyInYuan ? '元' : r.unit }));
const qual = fc.record({
  kind: fc.constant('qual' as const),
  band: fc.constantFrom('met' as const, 'partial' as const, 'unmet' as const, 'none' as const),
  viaField: fc.boolean(),
  wordIndex: fc.integer({ min: 0, max: 1 }),
});
const row = fc.record({
  spec: fc.oneof(quant, qual),
  level1: fc.constantFrom('output' as const, 'benefit' as const, 'satisfaction' as const),
  weight: fc.option(decimal(30, 2), { nil: undefined, freq: 10 }),
  self: fc.option(decimal(30, 2), { nil: undefined, freq: 3 }),
});
const budget = fc.record({
  annual: fc.option(decimal(2000, 2), { nil: undefined, freq: 8 }),
  executed: fc.option(decimal(2500, 2), { nil: undefined, freq: 8 }),
});
const formArb = fc.record({ rows: fc.array(row, { minLength: 3, maxLength: 20 }), budget });

const WORDS = { met: ['达成', '已完成'], partial: ['部分达成', '基本达成'], unmet: ['未达成', '未完成'] } as const;
const targetText = (s: Quant) =>
  s.dir === 'atLeast' ? [`≥${s.T}${s.unit}`, `不低于${s.T}${s.unit}`, `${s.T}${s.unit}`][s.form] : [`≤${s.T}${s.unit}`, `不超过${s.T}${s.unit}`, `${s.T}${s.unit}以内`][s.form];
/** The actual as written: in 元 when the target is in 万元 and the row says so (万元 with ≤ 2 decimals × 10000 is whole). */
const actualText = (s: Quant) => {
  if (s.A === undefined) return undefined;
  if (s.actualUnit !== '元') return `${s.A}${s.unit}`;
  const v = mulQ(q(s.A), q('10000'));
  return `${v.n / v.d}元`;
};

function toForm(f: { rows: Row[]; budget: { annual?: string; executed?: string } }): NationalFormInput {
  const indicators: NationalIndicator[] = f.rows.map((r, i) => {
    const base = { level1: r.level1, name: `指标${i + 1}`, ...(r.weight !== undefined ? { weight: r.weight } : {}), ...(r.self !== undefined ? { selfScore: r.self } : {}) };
    if (r.spec.kind === 'quant') {
      const a = actualText(r.spec);
      return { ...base, target: targetText(r.spec), ...(a !== undefined ? { actual: a } : {}) };
    }
    const s = r.spec;
    if (s.band === 'none') return { ...base, target: '有效提升', actual: '见附件' };
    if (s.viaField) return { ...base, target: '有效提升', actual: '见附件', band: s.band };
    return { ...base, target: ['按时拨付', '建立'][s.wordIndex], actual: WORDS[s.band][s.wordIndex] };
  });
  return { template: 'national', project: { year: 2022 }, funds: { total: { ...f.budget }, fiscal: {}, carryover: {}, other: {} }, indicators };
}

// ---- the reference scorer ----------------------------------------------------------------------
const BANDS = { met: ['80', '100'], partial: ['60', '80'], unmet: ['0', '60'] } as const;

function referenceRow(r: Row): string {
  if (r.weight === undefined) return '0.00';
  const w = q(r.weight);
  const s = r.spec;
  if (s.kind === 'quant') {
    if (s.A === undefined) return '0.00';
    const T = q(s.T);
    const A = q(s.A); // the 元 actual converts back to exactly this
    if (s.dir === 'atLeast') return cmpQ(A, T) >= 0 ? cents(w) : cents(divQ(mulQ(w, A), T));
    if (cmpQ(A, T) <= 0) return cents(w);
    return cents(divQ(mulQ(w, T), A));
  }
  let band: keyof typeof BANDS;
  if (s.band !== 'none') band = s.band;
  else if (r.self !== undefined && w.n !== 0n) {
    // no 档 in the words: the 档 the self-score's share of 分值 lies in
    const share = divQ(mulQ(q(r.self), q('100')), w);
    band = cmpQ(share, q('80')) >= 0 ? 'met' : cmpQ(share, q('60')) >= 0 ? 'partial' : 'unmet';
  } else return '0.00';
  const [lo, hi] = BANDS[band];
  const upper = divQ(mulQ(w, q(hi)), q('100'));
  if (r.self !== undefined && w.n !== 0n) {
    const share = divQ(mulQ(q(r.self), q('100')), w);
    if (cmpQ(share, q(lo)) >= 0 && cmpQ(share, q(hi)) <= 0) return cents(q(r.self));
  }
  return cents(upper);
}

function referenceBudget(b: { annual?: string; executed?: string }): string {
  if (b.annual === undefined || b.executed === undefined || q(b.annual).n === 0n) return '0.00';
  const rate = divQ(q(b.executed), q(b.annual));
  const raw = mulQ(q('10'), rate);
  return cmpQ(raw, q('10')) > 0 ? '10.00' : cents(raw);
}

const grade = (total: string) => (cmpQ(q(total), q('90')) >= 0 ? '优' : cmpQ(q(total), q('80')) >= 0 ? '良' : cmpQ(q(total), q('60')) >= 0 ? '中' : '差');

describe('national scorer = independent reference', () => {
  it('every row, the total and the grade, over random national forms (3–20 indicators, both directions, three 档, missing values)', () => {
    fc.assert(
      fc.property(formArb, (f) => {
        const score = scoreNationalForm(toForm(f));
        const expected = [referenceBudget(f.budget), ...f.rows.map(referenceRow)];
        expect(score.rows.map((r) => r.score)).toEqual(expected);
        const total = addCents(expected);
        expect(score.total).toBe(total);
        expect(score.grade).toBe(grade(total));
      }),
      RUNS,
    );
  });

  it('0 ≤ score ≤ 分值, and a row below 分值 without 偏差原因 is always a finding', () => {
    fc.assert(
      fc.property(formArb, (f) => {
        const score = scoreNationalForm(toForm(f));
        for (const r of score.rows) {
          expect(Number(r.score)).toBeGreaterThanOrEqual(0);
          expect(cmpQ(q(r.score), q(r.weight))).toBeLessThanOrEqual(0);
        }
        const flagged = new Set(score.checks.filter((c) => c.code === 'indicator.deviation-missing').map((c) => c.indicatorIndex));
        score.rows.slice(1).forEach((r) => expect(flagged.has(r.index)).toBe(cmpQ(q(r.score), q(r.weight)) < 0));
      }),
      RUNS,
    );
  });

  it('the order of the indicators changes no row score and not the total', () => {
    fc.assert(
      fc.property(formArb, (f) => {
        const a = scoreNationalForm(toForm(f));
        const b = scoreNationalForm(toForm({ ...f, rows: [...f.rows].reverse() }));
        expect(b.total).toBe(a.total);
        expect(b.rows.slice(1).map((r) => r.score).reverse()).toEqual(a.rows.slice(1).map((r) => r.score));
      }),
      { numRuns: Math.max(20, Math.floor(RUNS.numRuns / 4)) },
    );
  });
});
