// Scores a national form: 预算执行率, every third-level indicator (quantitative by ratio, qualitative
// by 档), the total and the grade, plus the checks. Pure; every step leaves a machine-readable trace
// (codes and figures as strings) that ./explain.ts words in Chinese. Exact arithmetic: each score is
// a Ratio rounded once (rules/core/ratio.ts).
import { dec, fixed, str, sum, type DecString } from '../core/decimal.js';
import { cmp, div, mul, R0, R100, ratio, roundRatio, toDec, type Ratio } from '../core/ratio.js';
import { compact, normalizeText } from '../parse/normalize.js';
import { parseActualText, parseQuantityText, type Direction } from '../parse/quantity.js';
import { convertUnit } from '../parse/units.js';
import { FUND_ROWS, LEVEL_LABELS, NationalForm, NATIONAL_LEVELS, type Band, type FundRow, type NationalIndicator, type NationalLevel } from './model.js';
import { nationalRuleSetFor, type NationalRuleSet } from './ruleset.js';
import { nationalTemplate } from '../template/index.js';

export type NationalStep =
  | { code: 'budget_rate'; executed: DecString; annual: DecString; rate: DecString; points: DecString; scoring: 'proportional' | 'tiered'; share: DecString; capped: boolean }
  | { code: 'budget_missing'; missing: ('annual' | 'executed')[] }
  | { code: 'budget_zero'; }
  | { code: 'weight_missing' }
  | { code: 'target_missing' }
  | { code: 'missing_actual' }
  | { code: 'not_a_number'; text: string; negative: boolean }
  | { code: 'unit_mismatch'; targetUnit: string; actualUnit: string }
  | { code: 'quant_met'; direction: Direction; target: DecString; actual: DecString; unit: string; completion?: DecString }
  | { code: 'quant_short'; direction: Direction; target: DecString; actual: DecString; unit: string; completion: DecString }
  | { code: 'over_completion'; completion: DecString; threshold: DecString }
  | { code: 'band'; band: Band; from: 'user' | 'actual' | 'self'; lower: DecString; upper: DecString }
  | { code: 'band_self'; self: DecString; share: DecString }
  | { code: 'band_upper'; self?: DecString; share?: DecString; inside: boolean }
  | { code: 'needs_band'; actual: string }
  | { code: 'word_for_number'; actual: string; band: Band }
  | { code: 'approximate_actual'; text: string; value: DecString }
  | { code: 'band_from_self'; share: DecString }
  | { code: 'score'; raw: DecString; score: DecString; weight: DecString };

export type NationalStatus = 'full' | 'partial' | 'zero' | 'needs-band';

export type NationalRowResult = {
  /** -1 for 预算执行率, else the indicator's index in form.indicators. */
  index: number;
  kind: 'budget' | 'quantitative' | 'qualitative';
  level1: NationalLevel | 'budget';
  level1Label: string;
  level2: string;
  name: string;
  target: string;
  actual: string;
  weight: DecString;
  selfScore?: DecString;
  deviation?: string;
  score: DecString;
  /** weight − score */
  lost: DecString;
  status: NationalStatus;
  band?: Band;
  /** Completion in percent (2 decimals) for quantitative rows and 预算执行率. */
  completion?: DecString;
  direction?: Direction;
  trace: NationalStep[];
};

export type NationalFindingCode =
  | 'funds.missing'
  | 'funds.sum'
  | 'funds.executed-over-budget'
  | 'funds.rate-stated'
  | 'weights.level-sum'
  | 'weights.total'
  | 'indicators.none'
  | 'indicator.weight-missing'
  | 'indicator.target-missing'
  | 'indicator.missing-actual'
  | 'indicator.not-a-number'
  | 'indicator.unit-mismatch'
  | 'indicator.needs-band'
  | 'indicator.word-for-number'
  | 'indicator.approximate-actual'
  | 'indicator.band-from-self'
  | 'indicator.deviation-missing'
  | 'indicator.over-completion'
  | 'indicator.self-score-mismatch'
  | 'indicator.level2-unknown'
  | 'total.self-mismatch';

export type NationalCheck = {
  code: NationalFindingCode;
  severity: 'error' | 'warning';
  subject?: string;
  indicatorIndex?: number;
  params: Record<string, string>;
};

export type NationalLevelScore = { id: NationalLevel; label: string; points: DecString; weight: DecString; score: DecString; count: number };

export type NationalScore = {
  template: 'national';
  ruleSet: string;
  /** 预算执行率 first, then the indicators in form order. */
  rows: NationalRowResult[];
  levels: NationalLevelScore[];
  total: DecString;
  maxTotal: DecString;
  /** Σ of the self-scores given (预算执行率 included); undefined when none. */
  selfTotal?: DecString;
  /** 总分 as the unit wrote it. */
  statedTotal?: DecString;
  grade: string;
  checks: NationalCheck[];
};

const SEVERITY: Record<NationalFindingCode, 'error' | 'warning'> = {
  'funds.missing': 'error',
  'funds.sum': 'error',
  'funds.executed-over-budget': 'error',
  'funds.rate-stated': 'warning',
  'weights.level-sum': 'warning',
  'weights.total': 'warning',
  'indicators.none': 'error',
  'indicator.weight-missing': 'error',
  'indicator.target-missing': 'warning',
  'indicator.missing-actual': 'warning',
  'indicator.not-a-number': 'warning',
  'indicator.unit-mismatch': 'warning',
  'indicator.needs-band': 'warning',
  'indicator.word-for-number': 'warning',
  'indicator.approximate-actual': 'warning',
  'indicator.band-from-self': 'warning',
  'indicator.deviation-missing': 'warning',
  'indicator.over-completion': 'warning',
  'indicator.self-score-mismatch': 'warning',
  'indicator.level2-unknown': 'warning',
  'total.self-mismatch': 'warning',
};

const check = (code: NationalFindingCode, params: Record<string, string> = {}, extra: { subject?: string; indicatorIndex?: number } = {}): NationalCheck => ({
  code,
  severity: SEVERITY[code],
  ...extra,
  params,
});

const pctOf = (r: Ratio) => fixed(toDec(mul(r, R100)), 2);

/** Rounds a raw score the rule set's way. */
function rounded(raw: Ratio, rs: NationalRuleSet): DecString {
  return fixed(roundRatio(raw, rs.parameters.scorePlaces, rs.parameters.scoreRounding), rs.parameters.scorePlaces);
}

/** 预算执行率: 全年执行数 ÷ 全年预算数, scored proportionally (capped) or by tier. */
export function scoreBudget(form: NationalForm, rs: NationalRuleSet): NationalRowResult {
  const points = ratio(rs.points.budget);
  const { annual, executed } = form.funds.total;
  const trace: NationalStep[] = [];
  let raw = R0;
  let completion: DecString | undefined;
  const missing = [...(annual === undefined ? (['annual'] as const) : []), ...(executed === undefined ? (['executed'] as const) : [])];
  if (missing.length > 0) trace.push({ code: 'budget_missing', missing });
  else if (dec(annual!).isZero()) trace.push({ code: 'budget_zero' });
  else {
    const rate = div(ratio(executed!), ratio(annual!));
    const ratePct = mul(rate, R100);
    completion = pctOf(rate);
    let share: Ratio;
    let capped = false;
    if (rs.parameters.budgetScoring === 'tiered') {
      const tier = rs.budgetTiers.find((t) => cmp(ratePct, ratio(t.minRate)) >= 0);
      share = ratio(tier?.share ?? '0');
    } else {
      capped = cmp(rate, ratio('1')) > 0;
      share = capped ? ratio('1') : rate;
    }
    raw = mul(points, share);
    trace.push({ code: 'budget_rate', executed: executed!, annual: annual!, rate: completion, points: rs.points.budget, scoring: rs.parameters.budgetScoring, share: str(toDec(share)), capped });
  }
  const score = rounded(raw, rs);
  trace.push({ code: 'score', raw: str(toDec(raw)), score, weight: rs.points.budget });
  const weight = fixed(dec(rs.points.budget), 2);
  return {
    index: -1,
    kind: 'budget',
    level1: 'budget',
    level1Label: '预算执行率',
    level2: '',
    name: '预算执行率',
    target: '100%',
    actual: completion !== undefined ? `${completion}%` : '',
    weight,
    ...(form.funds.selfScore !== undefined ? { selfScore: form.funds.selfScore } : {}),
    score,
    lost: fixed(dec(weight).minus(dec(score)), 2),
    status: statusOf(score, weight, false),
    ...(completion !== undefined ? { completion } : {}),
    trace,
  };
}

function statusOf(score: DecString, weight: DecString, needsBand: boolean): NationalStatus {
  if (needsBand) return 'needs-band';
  if (dec(score).equals(dec(weight)) && !dec(weight).isZero()) return 'full';
  return dec(score).isZero() ? 'zero' : 'partial';
}

/** The 档 an actual's words say, if they say one. */
export function readBand(actualText: string, targetText: string, rs: NationalRuleSet): Band | undefined {
  const a = compact(actualText).replace(/[。.!！]+$/, '');
  const t = compact(targetText);
  if (a === '') return undefined;
  for (const b of ['unmet', 'partial', 'met'] as const) if (rs.bands[b].words.includes(a)) return b;
  if (rs.bands.partial.words.some((w) => w.length >= 2 && a.includes(w)) || /^(基本|部分|大部分|较为|比较)/.test(a)) return 'partial';
  if (rs.unmetPrefixes.some((p) => a.startsWith(p) && a.length > p.length)) return 'unmet';
  if (t !== '' && (a === t || a.includes(t))) return 'met';
  const core = a.replace(/^(已经|均已|已全部|全部|全面|均|已)/, '');
  if (core !== a && (core === t || rs.bands.met.words.includes(core) || (core.length >= 2 && t.includes(core)))) return 'met';
  if (rs.bands.met.words.some((w) => w.length >= 2 && a.includes(w))) return 'met';
  return undefined;
}

/** The score of a 档: the self-score inside the band (self-within-band), else the band's upper bound. */
function bandScore(band: Band, ind: NationalIndicator, weight: Ratio, rs: NationalRuleSet, trace: NationalStep[], from: 'user' | 'actual' | 'self'): Ratio {
  const b = rs.bands[band];
  trace.push({ code: 'band', band, from, lower: b.lower, upper: b.upper });
  const upper = div(mul(weight, ratio(b.upper)), R100);
  const self = ind.selfScore !== undefined ? ratio(ind.selfScore) : undefined;
  const share = self !== undefined && weight.num !== 0n ? div(mul(self, R100), weight) : undefined;
  const inside = share !== undefined && cmp(share, ratio(b.lower)) >= 0 && cmp(share, ratio(b.upper)) <= 0;
  if (rs.parameters.qualitativeBandPoint === 'self-within-band' && inside) {
    trace.push({ code: 'band_self', self: ind.selfScore!, share: fixed(toDec(share!), 2) });
    return self!;
  }
  trace.push({ code: 'band_upper', inside, ...(self !== undefined ? { self: ind.selfScore! } : {}), ...(share !== undefined ? { share: fixed(toDec(share), 2) } : {}) });
  return upper;
}

/** One third-level indicator. */
export function scoreNationalIndicator(ind: NationalIndicator, index: number, rs: NationalRuleSet): NationalRowResult {
  const trace: NationalStep[] = [];
  const weightGiven = ind.weight !== undefined;
  const weight = weightGiven ? ratio(ind.weight!) : R0;
  const target = parseQuantityText(ind.target);
  const actualText = normalizeText(ind.actual ?? '');
  const base = {
    index,
    level1: ind.level1,
    level1Label: LEVEL_LABELS[ind.level1],
    level2: ind.level2 ?? '',
    name: ind.name,
    target: ind.target,
    actual: ind.actual ?? '',
    weight: fixed(toDec(weight), 2),
    ...(ind.selfScore !== undefined ? { selfScore: ind.selfScore } : {}),
    ...(ind.deviation !== undefined && ind.deviation.trim() !== '' ? { deviation: ind.deviation } : {}),
  };
  if (!weightGiven) trace.push({ code: 'weight_missing' });
  let raw = R0;
  let band: Band | undefined;
  let completion: DecString | undefined;
  let direction: Direction | undefined;
  let needsBand = false;
  const kind: 'quantitative' | 'qualitative' = target.kind === 'quantitative' ? 'quantitative' : 'qualitative';

  if (target.kind === 'empty') trace.push({ code: 'target_missing' });
  if (actualText === '' && ind.band === undefined) {
    trace.push({ code: 'missing_actual' });
  } else if (target.kind === 'quantitative') {
    direction = target.direction === 'atMost' ? 'atMost' : 'atLeast';
    let parsed = parseActualText(actualText);
    if (parsed.kind === 'not-a-number') {
      // "约12600人", "95%以上": the figure it names is taken, and the exact value asked for.
      const loose = parseQuantityText(actualText.replace(/^(约|大约|近|超过|达到)|(左右|余|多|以上|及以上|以下|以内)$/g, '').replace(/^(≥|>=|≤|<=|>|<|=)/, ''));
      if (loose.kind === 'quantitative') {
        trace.push({ code: 'approximate_actual', text: actualText, value: str(loose.value) });
        parsed = { kind: 'number', value: loose.value, unit: loose.unit };
      }
    }
    const wordBand = parsed.kind === 'word' ? (ind.band ?? readBand(actualText, ind.target, rs)) : undefined;
    if (wordBand !== undefined) {
      // "达成" against "≥95%": scored by its 档 like a qualitative indicator, and the figure is asked for.
      trace.push({ code: 'word_for_number', actual: actualText, band: wordBand });
      band = wordBand;
      raw = bandScore(wordBand, ind, weight, rs, trace, ind.band !== undefined ? 'user' : 'actual');
    } else if (parsed.kind !== 'number' || parsed.value.isNegative()) {
      trace.push({ code: 'not_a_number', text: actualText, negative: parsed.kind === 'number' });
    } else {
      const converted = convertUnit(parsed.value, parsed.unit, target.unit);
      if (converted === undefined) {
        trace.push({ code: 'unit_mismatch', targetUnit: target.unit, actualUnit: parsed.unit });
      } else {
        const T = ratio(str(target.value));
        // The conversion multiplies and divides by powers of ten: exact as a decimal.
        const A = ratio(str(converted));
        const shown = { direction, target: str(target.value), actual: str(converted), unit: target.unit };
        const met = direction === 'atMost' ? cmp(A, T) <= 0 : cmp(A, T) >= 0;
        // Completion: actual ÷ target (atLeast), target ÷ actual (atMost); undefined against a zero.
        const c = direction === 'atMost' ? (A.num === 0n ? undefined : div(T, A)) : T.num === 0n ? undefined : div(A, T);
        completion = c !== undefined ? pctOf(c) : undefined;
        if (met) {
          raw = weight;
          trace.push({ code: 'quant_met', ...shown, ...(completion !== undefined ? { completion } : {}) });
          const threshold = ratio(rs.parameters.overCompletionNoteAbove);
          if (c !== undefined && cmp(mul(c, R100), threshold) > 0) trace.push({ code: 'over_completion', completion: completion!, threshold: rs.parameters.overCompletionNoteAbove });
        } else {
          raw = mul(weight, c ?? R0);
          trace.push({ code: 'quant_short', ...shown, completion: completion ?? '0.00' });
        }
      }
    }
  } else {
    band = ind.band ?? readBand(actualText, ind.target, rs);
    let from: 'user' | 'actual' | 'self' = ind.band !== undefined ? 'user' : 'actual';
    if (band === undefined && ind.selfScore !== undefined && weight.num !== 0n) {
      // The words say no 档 but the unit's score does: the 档 its share of 分值 lies in (confirmation asked).
      const share = div(mul(ratio(ind.selfScore), R100), weight);
      band = (['met', 'partial', 'unmet'] as const).find((b) => cmp(share, ratio(rs.bands[b].lower)) >= 0) ?? 'unmet';
      trace.push({ code: 'band_from_self', share: fixed(toDec(share), 2) });
      from = 'self';
    }
    if (band === undefined) {
      needsBand = true;
      trace.push({ code: 'needs_band', actual: actualText });
    } else {
      raw = bandScore(band, ind, weight, rs, trace, from);
    }
  }
  const score = rounded(raw, rs);
  trace.push({ code: 'score', raw: str(toDec(raw)), score, weight: base.weight });
  return {
    ...base,
    kind,
    score,
    lost: fixed(dec(base.weight).minus(dec(score)), 2),
    status: statusOf(score, base.weight, needsBand),
    ...(band !== undefined ? { band } : {}),
    ...(completion !== undefined ? { completion } : {}),
    ...(direction !== undefined ? { direction } : {}),
    trace,
  };
}

/** The grade of a total. */
export function gradeOf(total: DecString, rs: NationalRuleSet): string {
  const bands = rs.gradeBands.slice().sort((a, b) => dec(b.min).comparedTo(dec(a.min)));
  return (bands.find((b) => dec(total).greaterThanOrEqualTo(dec(b.min))) ?? bands[bands.length - 1]).label;
}

function fundChecks(form: NationalForm, budget: NationalRowResult): NationalCheck[] {
  const out: NationalCheck[] = [];
  const f = form.funds;
  const miss = budget.trace.find((s) => s.code === 'budget_missing');
  if (miss && miss.code === 'budget_missing') out.push(check('funds.missing', { fields: miss.missing.join(',') }, { subject: 'funds.total' }));
  for (const col of ['initial', 'annual', 'executed'] as const) {
    const total = f.total[col];
    const parts = (['fiscal', 'carryover', 'other'] as const).map((r) => f[r][col]);
    if (total === undefined || parts.every((p) => p === undefined)) continue;
    const s = sum(parts.map((p) => dec(p ?? '0')));
    if (!s.equals(dec(total))) out.push(check('funds.sum', { column: col, total, sum: str(s) }, { subject: `funds.${col}` }));
  }
  for (const row of FUND_ROWS) {
    const r: FundRow = f[row];
    if (r.annual !== undefined && r.executed !== undefined && dec(r.executed).greaterThan(dec(r.annual))) {
      out.push(check('funds.executed-over-budget', { row, annual: r.annual, executed: r.executed }, { subject: `funds.${row}` }));
    }
  }
  if (f.rateStated !== undefined && budget.completion !== undefined) {
    const m = /^(\d+(?:\.\d+)?)%?$/.exec(normalizeText(f.rateStated).replace(/\s+/g, ''));
    if (m && !dec(m[1]).toDecimalPlaces(2).equals(dec(budget.completion))) out.push(check('funds.rate-stated', { stated: f.rateStated, rate: budget.completion }, { subject: 'funds.rate' }));
  }
  return out;
}

function indicatorChecks(r: NationalRowResult, ind: NationalIndicator, rs: NationalRuleSet): NationalCheck[] {
  const out: NationalCheck[] = [];
  const at = { subject: r.name, indicatorIndex: r.index };
  const has = (code: NationalStep['code']) => r.trace.find((s) => s.code === code);
  if (has('weight_missing')) out.push(check('indicator.weight-missing', { name: r.name }, at));
  if (has('target_missing')) out.push(check('indicator.target-missing', { name: r.name }, at));
  if (has('missing_actual')) out.push(check('indicator.missing-actual', { name: r.name }, at));
  const nan = has('not_a_number');
  if (nan && nan.code === 'not_a_number') out.push(check('indicator.not-a-number', { name: r.name, text: nan.text, negative: String(nan.negative) }, at));
  const unit = has('unit_mismatch');
  if (unit && unit.code === 'unit_mismatch') out.push(check('indicator.unit-mismatch', { name: r.name, targetUnit: unit.targetUnit, actualUnit: unit.actualUnit }, at));
  if (has('needs_band')) out.push(check('indicator.needs-band', { name: r.name, actual: r.actual }, at));
  const approx = has('approximate_actual');
  if (approx && approx.code === 'approximate_actual') out.push(check('indicator.approximate-actual', { name: r.name, text: approx.text, value: approx.value }, at));
  if (has('band_from_self')) out.push(check('indicator.band-from-self', { name: r.name, actual: r.actual, band: r.band ?? '' }, at));
  if (has('word_for_number')) out.push(check('indicator.word-for-number', { name: r.name, actual: r.actual, target: r.target }, at));
  const over = has('over_completion');
  if (over && over.code === 'over_completion') out.push(check('indicator.over-completion', { name: r.name, completion: over.completion, threshold: over.threshold }, at));
  if (dec(r.lost).greaterThan(0) && (ind.deviation ?? '').trim() === '') out.push(check('indicator.deviation-missing', { name: r.name, lost: r.lost }, at));
  if (ind.selfScore !== undefined && !dec(ind.selfScore).equals(dec(r.score))) out.push(check('indicator.self-score-mismatch', { name: r.name, self: ind.selfScore, score: r.score }, at));
  const level = nationalTemplate.indicatorTable.levels.find((l) => l.id === ind.level1);
  const l2 = compact(ind.level2 ?? '');
  if (l2 !== '' && level && !level.children.some((c) => compact(c) === l2 || compact(c) === `${l2}指标`)) {
    out.push(check('indicator.level2-unknown', { name: r.name, level2: ind.level2 ?? '', level1: level.label, allowed: level.children.join('、') }, at));
  }
  void rs;
  return out;
}

export type NationalScoreOptions = { ruleSet?: NationalRuleSet };

export function scoreNationalForm(input: unknown, options: NationalScoreOptions = {}): NationalScore {
  const form = NationalForm.parse(input);
  const rs = options.ruleSet ?? nationalRuleSetFor(form);
  const budget = scoreBudget(form, rs);
  const rows = [budget, ...form.indicators.map((ind, i) => scoreNationalIndicator(ind, i, rs))];
  const places = rs.parameters.scorePlaces;
  const total = sum(rows.map((r) => dec(r.score)));
  const levels: NationalLevelScore[] = NATIONAL_LEVELS.map((id) => {
    const members = rows.filter((r) => r.level1 === id);
    return {
      id,
      label: LEVEL_LABELS[id],
      points: rs.points[id],
      weight: fixed(sum(members.map((r) => dec(r.weight))), 2),
      score: fixed(sum(members.map((r) => dec(r.score))), places),
      count: members.length,
    };
  });
  const checks: NationalCheck[] = [...fundChecks(form, budget)];
  if (form.indicators.length === 0) checks.push(check('indicators.none'));
  for (const l of levels) {
    if (l.count > 0 && !dec(l.weight).equals(dec(l.points))) checks.push(check('weights.level-sum', { level: l.label, weight: l.weight, points: l.points }, { subject: `level.${l.id}` }));
  }
  const allWeights = sum(rows.map((r) => dec(r.weight)));
  if (form.indicators.length > 0 && !allWeights.equals(dec(rs.maxTotal))) checks.push(check('weights.total', { weight: fixed(allWeights, 2), max: rs.maxTotal }));
  rows.slice(1).forEach((r, i) => checks.push(...indicatorChecks(r, form.indicators[i], rs)));
  if (budget.selfScore !== undefined && !dec(budget.selfScore).equals(dec(budget.score))) {
    checks.push(check('indicator.self-score-mismatch', { name: budget.name, self: budget.selfScore, score: budget.score }, { subject: budget.name, indicatorIndex: -1 }));
  }
  const selfs = rows.filter((r) => r.selfScore !== undefined).map((r) => dec(r.selfScore!));
  const selfTotal = selfs.length > 0 ? fixed(sum(selfs), places) : undefined;
  if (form.selfTotal !== undefined && selfTotal !== undefined && !dec(form.selfTotal).equals(dec(selfTotal))) {
    checks.push(check('total.self-mismatch', { stated: form.selfTotal, sum: selfTotal }));
  }
  checks.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const totalStr = fixed(total, places);
  return {
    template: 'national',
    ruleSet: rs.name,
    rows,
    levels,
    total: totalStr,
    maxTotal: fixed(dec(rs.maxTotal), places),
    ...(selfTotal !== undefined ? { selfTotal } : {}),
    ...(form.selfTotal !== undefined ? { statedTotal: form.selfTotal } : {}),
    grade: gradeOf(totalStr, rs),
    checks,
  };
}

