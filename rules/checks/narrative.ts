// narrative.figure-mismatch: a figure in the report with an indicator's unit that disagrees with the
// table (the seed's report says 服务11723人次 while the table says 参观人数 8757人次).
// Only units that are specific enough are read (not %, whose figures are everywhere), and
// approximate figures (约3373平方米, 5000余次) are left alone.
import { dec, str, type Dec } from '../core/decimal.js';
import { NARRATIVE_KEYS, type Form } from '../model/form.js';
import { normalizeText } from '../parse/normalize.js';
import { parseActualText, parseQuantityText } from '../parse/quantity.js';
import { canonicalUnit, isPercent } from '../parse/units.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import { result, type CheckResult } from './types.js';

/** Units that share a first character with a shorter one: a figure followed by one of these is not in the shorter unit. */
const OTHER_UNITS = ['人次', '人天', '人日', '人月', '人年', '万人', '万人次', '万元', '亿元', '千元', '平方米', '平方公里', '平方', '千米', '千克', '户次', '家次', '场次', '批次', '个月', '年度'];

export function checkNarrative(form: Form, results: readonly IndicatorResult[]): CheckResult[] {
  const text = NARRATIVE_KEYS.map((k) => form.narrative[k] ?? '').map(normalizeText).join('\n');
  // Every figure the table states, by unit: actuals and targets.
  const tableFigures = new Map<string, Dec[]>();
  const byUnit = new Map<string, IndicatorResult[]>();
  for (const r of results) {
    if (r.kind !== 'quantitative') continue;
    const t = parseQuantityText(r.target);
    const a = parseActualText(form.indicators[r.index].actual ?? '');
    const unit = canonicalUnit(t.kind === 'quantitative' && t.unit ? t.unit : a.kind === 'number' ? a.unit : '');
    if (unit === '' || isPercent(unit)) continue;
    const figures = tableFigures.get(unit) ?? [];
    if (t.kind === 'quantitative') figures.push(t.value);
    if (a.kind === 'number') figures.push(a.value);
    tableFigures.set(unit, figures);
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), r]);
  }
  const out: CheckResult[] = [];
  if (text.trim() === '') return out;
  // Each figure in the text, with the longest unit right after it (人次 before 人). Units the table
  // does not use count too, so that "11723人次" is never read as 11723 人.
  const units = [...new Set([...byUnit.keys(), ...OTHER_UNITS])].sort((a, b) => b.length - a.length);
  const stray = new Map<string, string[]>();
  for (const m of text.matchAll(/(约|近|逾|超过|大约)?(\d+(?:,\d{3})*(?:\.\d+)?)/g)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    const unit = units.find((u) => after.startsWith(u));
    if (!unit || !byUnit.has(unit) || m[1] || /^(余|多)/.test(after.slice(unit.length))) continue;
    const before = text.slice(0, m.index ?? 0);
    if (/[\d.]$/.test(before)) continue;
    const value = dec(m[2].replace(/,/g, ''));
    if (!tableFigures.get(unit)!.some((f) => f.equals(value))) stray.set(unit, [...(stray.get(unit) ?? []), str(value)]);
  }
  for (const [unit, figures] of stray) {
    for (const r of byUnit.get(unit)!) {
      const a = parseActualText(form.indicators[r.index].actual ?? '');
      out.push(
        result('narrative.figure-mismatch', 'fail', {
          unit,
          narrative: [...new Set(figures)].join('、'),
          table: a.kind === 'number' ? str(a.value) : '',
        }, { subject: r.name, indicatorIndex: r.index }),
      );
    }
  }
  return out;
}
