// narrative.figure-mismatch: a figure in the report that the text ties to an indicator and that
// disagrees with the table (the seed's report says "服务11723人次，超额完成既定目标（8000人次）" while the
// table says 参观人数 8757人次, target 8000人次).
//
// A shared unit alone never ties a figure to an indicator ("已定制鼠标累计2378个" says nothing about
// 展项数量 38个): a false finding in an official document is worse than none. A figure is tied to an
// indicator only when
//  - the indicator's name, or its core (装修面积 → 装修, 项目布展面积 → 布展) or a listed synonym of the
//    core, stands in the same clause as the figure (the nearest such mention wins), or
//  - no indicator is named there, and the same sentence cites exactly one indicator's own target
//    figure as a target (超额完成既定目标（8000人次）: 目标/计划/预期 just before it).
// Only units that are specific enough are read (not %, whose figures are everywhere), and approximate
// figures (约3373平方米, 5000余次) are left alone.
import { dec, str, type Dec } from '../core/decimal.js';
import { NARRATIVE_KEYS, type Form } from '../model/form.js';
import { normalizeText } from '../parse/normalize.js';
import { parseActualText, parseQuantityText } from '../parse/quantity.js';
import { canonicalUnit, isPercent } from '../parse/units.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import { result, type CheckResult } from './types.js';

/** Units that share a first character with a shorter one: a figure followed by one of these is not in the shorter unit. */
const OTHER_UNITS = ['人次', '人天', '人日', '人月', '人年', '万人', '万人次', '万元', '亿元', '千元', '平方米', '平方公里', '平方', '千米', '千克', '户次', '家次', '场次', '批次', '个月', '年度'];

/** Generic heads of indicator names: what is left before them names the thing counted. */
const GENERIC_SUFFIXES = ['完成数量', '完成数', '完成量', '总数量', '总数', '总量', '数量', '人数', '人次', '次数', '个数', '面积', '规模', '数', '量'];
const GENERIC_PREFIXES = ['项目', '年度', '全年', '累计'];

/** Words a report uses for the same thing as an indicator's core (a short, reviewed list). */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  参观: ['参访', '观众', '访客', '来访'],
  培训: ['受训', '学员'],
  装修: ['装饰'],
  布展: ['展陈', '布置展'],
};

/** Sentence ends and clause separators (after normalizeText: full-width commas are ASCII). */
const SENTENCE_END = /[。；;！!？?\n]/;
const CLAUSE_END = /[。；;！!？?\n，,：:]/;

type Candidate = { r: IndicatorResult; unit: string; keys: string[]; figures: Dec[]; target?: Dec; actual?: string };

/** The name, its core without generic heads, and the core's synonyms (at least 2 characters each). */
export function nameKeys(name: string): string[] {
  const keys = new Set<string>([name]);
  let core = name;
  for (const p of GENERIC_PREFIXES) if (core.startsWith(p) && core.length > p.length + 1) core = core.slice(p.length);
  for (const s of GENERIC_SUFFIXES) {
    if (core.endsWith(s) && core.length - s.length >= 2) {
      core = core.slice(0, -s.length);
      break;
    }
  }
  if ([...core].length >= 2) keys.add(core);
  for (const syn of SYNONYMS[core] ?? []) keys.add(syn);
  return [...keys].sort((a, b) => b.length - a.length);
}

function bounds(text: string, at: number, end: RegExp): { start: number; stop: number } {
  let start = at;
  while (start > 0 && !end.test(text[start - 1])) start--;
  let stop = at;
  while (stop < text.length && !end.test(text[stop])) stop++;
  return { start, stop };
}

/** Distance from a mention of one of `keys` in `text[start, stop)` to the figure at [at, atEnd): before counts first. */
function nearestMention(text: string, keys: readonly string[], start: number, stop: number, at: number, atEnd: number): number | undefined {
  let best: number | undefined;
  for (const key of keys) {
    for (let i = text.indexOf(key, start); i >= 0 && i + key.length <= stop; i = text.indexOf(key, i + 1)) {
      // Before the figure: distance from the end of the mention; after it: penalised so that a
      // mention before the figure always wins.
      const d = i + key.length <= at ? at - (i + key.length) : i >= atEnd ? 10_000 + (i - atEnd) : undefined;
      if (d !== undefined && (best === undefined || d < best)) best = d;
    }
  }
  return best;
}

/** Whether the figure at `at` is given as a target: 目标/计划/预期 shortly before it, in its clause (既定目标（8000人次）). */
function citesTarget(text: string, at: number): boolean {
  const { start } = bounds(text, at, CLAUSE_END);
  return /(目标|计划|预期|预定)[^\d]{0,4}$/.test(text.slice(Math.max(start, at - 8), at));
}

export function checkNarrative(form: Form, results: readonly IndicatorResult[]): CheckResult[] {
  const text = NARRATIVE_KEYS.map((k) => form.narrative[k] ?? '').map(normalizeText).join('\n');
  const out: CheckResult[] = [];
  if (text.trim() === '') return out;
  // Every quantitative indicator with a specific unit: its names and the figures the table states.
  const candidates: Candidate[] = [];
  for (const r of results) {
    if (r.kind !== 'quantitative') continue;
    const t = parseQuantityText(r.target);
    const a = parseActualText(form.indicators[r.index].actual ?? '');
    const unit = canonicalUnit(t.kind === 'quantitative' && t.unit ? t.unit : a.kind === 'number' ? a.unit : '');
    if (unit === '' || isPercent(unit)) continue;
    const figures: Dec[] = [];
    if (t.kind === 'quantitative') figures.push(t.value);
    if (a.kind === 'number') figures.push(a.value);
    candidates.push({
      r,
      unit,
      keys: nameKeys(r.name),
      figures,
      ...(t.kind === 'quantitative' ? { target: t.value } : {}),
      ...(a.kind === 'number' ? { actual: str(a.value) } : {}),
    });
  }
  if (candidates.length === 0) return out;
  // Each figure in the text, with the longest unit right after it (人次 before 人). Units the table
  // does not use count too, so that "11723人次" is never read as 11723 人.
  const tableUnits = new Set(candidates.map((c) => c.unit));
  const units = [...new Set([...tableUnits, ...OTHER_UNITS])].sort((a, b) => b.length - a.length);
  type Figure = { at: number; end: number; value: Dec; unit: string; approx: boolean };
  const figures: Figure[] = [];
  for (const m of text.matchAll(/(约|近|逾|超过|大约)?(\d+(?:,\d{3})*(?:\.\d+)?)/g)) {
    const at = m.index ?? 0;
    const after = text.slice(at + m[0].length);
    const unit = units.find((u) => after.startsWith(u));
    if (!unit || /[\d.]$/.test(text.slice(0, at))) continue;
    figures.push({ at: at + (m[1]?.length ?? 0), end: at + m[0].length + unit.length, value: dec(m[2].replace(/,/g, '')), unit, approx: Boolean(m[1]) || /^(余|多)/.test(after.slice(unit.length)) });
  }
  const stray = new Map<Candidate, string[]>();
  for (const f of figures) {
    if (f.approx || !tableUnits.has(f.unit)) continue;
    const sameUnit = candidates.filter((c) => c.unit === f.unit);
    const clause = bounds(text, f.at, CLAUSE_END);
    // 1. Named in the figure's clause: the nearest mention wins.
    let tied: Candidate | undefined;
    let best = Infinity;
    for (const c of sameUnit) {
      const d = nearestMention(text, c.keys, clause.start, clause.stop, f.at, f.end);
      if (d !== undefined && d < best) {
        best = d;
        tied = c;
      }
    }
    // 2. The sentence cites exactly one indicator's own target figure (another figure than this one).
    if (!tied) {
      const sentence = bounds(text, f.at, SENTENCE_END);
      const cited = sameUnit.filter(
        (c) => c.target !== undefined && figures.some((g) => g !== f && !g.approx && g.unit === f.unit && g.at >= sentence.start && g.end <= sentence.stop && g.value.equals(c.target!) && citesTarget(text, g.at)),
      );
      if (cited.length === 1) tied = cited[0];
    }
    if (!tied || tied.figures.some((x) => x.equals(f.value))) continue;
    stray.set(tied, [...(stray.get(tied) ?? []), str(f.value)]);
  }
  for (const c of candidates) {
    const found = stray.get(c);
    // No actual in the table yet: nothing to disagree with.
    if (!found || c.actual === undefined) continue;
    out.push(result('narrative.figure-mismatch', 'fail', { unit: c.unit, narrative: [...new Set(found)].join('、'), table: c.actual }, { subject: c.r.name, indicatorIndex: c.r.index }));
  }
  return out;
}
