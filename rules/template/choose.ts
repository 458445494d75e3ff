// Which form a new project fills: the Suzhou 市级 form or the national 项目支出绩效自评表. Decided by
// what the user already said — a place named in the project name or the 主管部门, the year — and by
// the region the deployment serves; when none of them decides, the conversation asks. Pure.
import { compact } from '../parse/normalize.js';
import type { TemplateId } from './index.js';

/** The first year the Suzhou 市级 form (rule set suzhou-2021) applies to. */
export const SUZHOU_FIRST_YEAR = 2021;

export type TemplateChoice =
  | { decided: TemplateId; because: 'named-suzhou' | 'named-other' | 'year' | 'region'; place?: string }
  | { decided?: undefined; because: 'unknown' };

/** "苏州", "全国"/"other" (the deployment serves units outside Suzhou) or "ask" (always ask). */
export type DeploymentRegion = string | undefined;

/** 苏州 itself, its districts and the county-level cities under it. */
const SUZHOU = /苏州|姑苏区|虎丘区|吴中区|相城区|吴江区|张家港|常熟|太仓|昆山/;
/** A provincial or central unit: their projects fill the national form. */
const ABOVE_CITY = /(省|自治区|厅|中央|国家|国务院|财政部|发展改革委|发改委|(部|总局|总署)$|^中国)/;
/** Another city or county at the start of a name ("南京市民政局", "沭阳县…"); 某市 / 本市 / 市 alone name none. */
const OTHER_PLACE = /^([\u4e00-\u9fa5]{2,3}?)(市|县)/g;
const NOT_A_PLACE = /^(某|本|我|全|该|各)/;

function placeIn(text: string): { suzhou: boolean; above: boolean; other?: string } {
  const t = compact(text);
  if (t === '') return { suzhou: false, above: false };
  const suzhou = SUZHOU.test(t);
  const above = ABOVE_CITY.test(t) && !suzhou;
  let other: string | undefined;
  if (!suzhou) {
    for (const m of t.matchAll(OTHER_PLACE)) {
      const name = m[1];
      if (!NOT_A_PLACE.test(name)) {
        other = `${name}${m[2]}`;
        break;
      }
    }
  }
  return { suzhou, above, ...(other ? { other } : {}) };
}

/**
 * The form for a project: a place named in its name or 主管部门 first (苏州 → Suzhou; a province,
 * a ministry or another city → national), then the year (before 2021 the Suzhou form did not
 * exist), then the deployment's region ("苏州" → Suzhou, "全国"/"other" → national); else unknown.
 */
export function chooseTemplate(input: { name?: string; department?: string; year?: number; region?: DeploymentRegion }): TemplateChoice {
  const places = [placeIn(input.department ?? ''), placeIn(input.name ?? '')];
  if (places.some((p) => p.suzhou)) return { decided: 'suzhou', because: 'named-suzhou' };
  const above = places.find((p) => p.above);
  if (above) return { decided: 'national', because: 'named-other', place: compact(input.department ?? '') || compact(input.name ?? '') };
  const other = places.find((p) => p.other)?.other;
  if (other) return { decided: 'national', because: 'named-other', place: other };
  if (input.year !== undefined && input.year < SUZHOU_FIRST_YEAR) return { decided: 'national', because: 'year' };
  const region = compact(input.region ?? '苏州');
  if (region === '' || /^ask$/i.test(region)) return { because: 'unknown' };
  if (SUZHOU.test(region)) return { decided: 'suzhou', because: 'region' };
  return { decided: 'national', because: 'region' };
}
