// The national form's text layout written from a form value, with the variations real Word exports
// show: CRLF, full-width digits, merged cells left empty or dropped, second-level cells repeated.
// Independent of src/: the tests read back what this writes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NationalFormInput } from '../../rules/index.js';

const SHARED = fileURLToPath(new URL('../../../shared/spec/national-example.txt', import.meta.url));
const COPY = fileURLToPath(new URL('./national-example.txt', import.meta.url));
export const NATIONAL_EXAMPLE_PATH = existsSync(SHARED) ? SHARED : COPY;
export const nationalExampleText = () => readFileSync(NATIONAL_EXAMPLE_PATH, 'utf8');

export type LayoutOptions = {
  crlf?: boolean;
  fullWidthDigits?: boolean;
  /** Drop the empty cells of merged first/second-level columns instead of writing them. */
  dropMerged?: boolean;
  /** Write the second-level label on every row. */
  repeatLevel2?: boolean;
};

const L1: Record<string, string> = { output: '产出指标', benefit: '效益指标', satisfaction: '满意度指标' };
const full = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

export function writeNationalLayout(form: NationalFormInput, o: LayoutOptions = {}): string {
  const num = (s: string | undefined) => (s === undefined ? '' : o.fullWidthDigits ? full(s) : s);
  const rows: string[][] = [];
  rows.push(['项目支出绩效自评表']);
  rows.push([`（${num(String(form.project?.year ?? ''))}年度）`]);
  rows.push(['项目名称', form.project?.name ?? '']);
  rows.push(['主管部门', form.project?.department ?? '', '实施单位', form.project?.implementer ?? '']);
  rows.push(['项目资金（万元）', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分']);
  const f = form.funds ?? {};
  const fund = (label: string, r: { initial?: string; annual?: string; executed?: string } | undefined, tail: string[]) => ['', label, num(r?.initial), num(r?.annual), num(r?.executed), ...tail];
  rows.push(fund('年度资金总额', f.total, [num(f.points ?? '10'), num(f.rateStated ?? ''), num(f.selfScore ?? '')]));
  rows.push(fund('其中：当年财政拨款', f.fiscal, ['—', '', '—']));
  rows.push(fund('上年结转资金', f.carryover, ['—', '', '—']));
  rows.push(fund('其他资金', f.other, ['—', '', '—']));
  rows.push(['年度总体目标', '预期目标', '实际完成情况']);
  rows.push(['', form.goals?.expected ?? '', form.goals?.actual ?? '']);
  rows.push(['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施']);
  let last1 = '';
  let last2 = '';
  for (const ind of form.indicators ?? []) {
    const l1 = L1[ind.level1];
    const l2 = ind.level2 ?? '';
    const show1 = l1 !== last1;
    const show2 = show1 || l2 !== last2 || o.repeatLevel2;
    const lead = ['', show1 ? l1 : '', show2 ? l2 : ''];
    const rest = [ind.name, num(ind.target), num(ind.actual ?? ''), num(ind.weight ?? ''), num(ind.selfScore ?? ''), ind.deviation ?? ''];
    // Dropping merged cells removes the empty leading cells only (a Word export that skips them).
    let cells = [...lead, ...rest];
    if (o.dropMerged) {
      let k = 0;
      while (k < 3 && cells[0] === '') {
        cells = cells.slice(1);
        k++;
      }
    }
    rows.push(cells);
    last1 = l1;
    last2 = l2;
  }
  rows.push(['总分', '100', num(form.selfTotal ?? '')]);
  const nl = o.crlf ? '\r\n' : '\n';
  return `${nl}${nl}${rows.map((r) => r.map((c) => `\t${c}`).join(nl)).join(nl + nl)}${nl}`;
}
