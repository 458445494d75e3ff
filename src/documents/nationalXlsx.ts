// The national 项目支出绩效自评表 as an Excel workbook: sheet 自评表 in the official layout (merged
// cells for the groups, landscape print setup) and sheet 评分说明 (rule scores against the unit's own,
// every deduction, the grade, the findings, the unverified rule values). Amounts and points are number
// cells with formats; text Excel could take for a formula is stored as text.
import ExcelJS from 'exceljs';
import {
  BAND_LABELS,
  deductionLine,
  dec,
  explainGrade,
  FUND_ROWS,
  FUND_ROW_LABELS,
  LEVEL_LABELS,
  NationalForm,
  nationalRuleSetFor,
  renderNationalFinding,
  renderWhatIf,
  scoreNationalForm,
  showNum,
  whatIf,
  type NationalScore,
} from '../../rules/index.js';

type Sheet = ExcelJS.Worksheet;
const FONT = '宋体';
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
const MISMATCH: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const RISKY = /^[=+\-@\t\r]/;

function put(sheet: Sheet, ref: string, value: string, opts: { bold?: boolean; align?: 'left' | 'center'; number?: boolean; places?: number; fill?: ExcelJS.Fill } = {}): void {
  const cell = sheet.getCell(ref);
  if (opts.number && /^\d+(\.\d+)?$/.test(value)) {
    cell.value = Number(value);
    const p = opts.places ?? (value.includes('.') ? value.length - value.indexOf('.') - 1 : 0);
    cell.numFmt = p === 0 ? '0' : `0.${'0'.repeat(p)}`;
  } else {
    cell.value = value;
    if (RISKY.test(value)) cell.numFmt = '@';
  }
  cell.font = { name: FONT, size: 10.5, bold: opts.bold ?? false };
  cell.alignment = { horizontal: opts.align ?? 'center', vertical: 'middle', wrapText: true };
  cell.border = THIN;
  if (opts.fill) cell.fill = opts.fill;
}

/** Writes `value` into the top-left cell of a range and merges it (borders on every cell). */
function block(sheet: Sheet, range: string, value: string, opts: Parameters<typeof put>[3] = {}): void {
  const [a, b] = range.split(':');
  if (b && a !== b) {
    sheet.mergeCells(range);
  }
  put(sheet, a, value, opts);
}

const COLS = 'ABCDEFGHI';

function formSheet(wb: ExcelJS.Workbook, form: NationalForm, score: NationalScore): void {
  const s = wb.addWorksheet('自评表', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  s.columns = [10, 12, 14, 22, 14, 14, 8, 8, 30].map((width) => ({ width }));
  let r = 1;
  s.mergeCells(`A${r}:I${r}`);
  Object.assign(s.getCell(`A${r}`), { value: '项目支出绩效自评表', font: { name: FONT, size: 18, bold: true }, alignment: { horizontal: 'center' } });
  r++;
  s.mergeCells(`A${r}:I${r}`);
  Object.assign(s.getCell(`A${r}`), { value: `（${form.project.year ?? '    '}年度）`, font: { name: FONT, size: 14 }, alignment: { horizontal: 'center' } });
  r++;
  block(s, `A${r}:B${r}`, '项目名称', { bold: true });
  block(s, `C${r}:I${r}`, form.project.name ?? '');
  r++;
  block(s, `A${r}:B${r}`, '主管部门', { bold: true });
  block(s, `C${r}:D${r}`, form.project.department ?? '');
  block(s, `E${r}:F${r}`, '实施单位', { bold: true });
  block(s, `G${r}:I${r}`, form.project.implementer ?? '');
  r++;
  const fundTop = r;
  ['', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((t, i) => (i === 0 ? block(s, `B${r}:C${r}`, t) : put(s, `${COLS[i + 2]}${r}`, t, { bold: true })));
  const budget = score.rows[0];
  for (const id of FUND_ROWS) {
    r++;
    const row = form.funds[id];
    const total = id === 'total';
    block(s, `B${r}:C${r}`, FUND_ROW_LABELS[id], { bold: total, align: 'left' });
    put(s, `D${r}`, row.initial ?? '', { number: true });
    put(s, `E${r}`, row.annual ?? '', { number: true });
    put(s, `F${r}`, row.executed ?? '', { number: true });
    put(s, `G${r}`, total ? showNum(budget.weight) : '—', { number: true });
    put(s, `H${r}`, total && budget.completion !== undefined ? `${budget.completion}%` : '');
    put(s, `I${r}`, total ? budget.score : '—', { number: true, places: 2 });
  }
  block(s, `A${fundTop}:A${r}`, '项目资金（万元）', { bold: true });
  r++;
  block(s, `A${r}:A${r + 1}`, '年度总体目标', { bold: true });
  block(s, `B${r}:E${r}`, '预期目标', { bold: true });
  block(s, `F${r}:I${r}`, '实际完成情况', { bold: true });
  r++;
  block(s, `B${r}:E${r}`, form.goals.expected ?? '', { align: 'left' });
  block(s, `F${r}:I${r}`, form.goals.actual ?? '', { align: 'left' });
  s.getRow(r).height = 60;
  r++;
  const indTop = r;
  ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].forEach((t, i) => put(s, `${COLS[i + 1]}${r}`, t, { bold: true }));
  const rows = score.rows.slice(1);
  // Group runs of the same 一级 / 二级 label into merged cells.
  let start1 = r + 1;
  let start2 = r + 1;
  rows.forEach((row, i) => {
    r++;
    const ind = form.indicators[row.index];
    const next = rows[i + 1] ? form.indicators[rows[i + 1].index] : undefined;
    put(s, `D${r}`, ind.name, { align: 'left' });
    put(s, `E${r}`, ind.target);
    put(s, `F${r}`, ind.actual ?? '');
    put(s, `G${r}`, ind.weight ?? '', { number: true });
    put(s, `H${r}`, row.score, { number: true, places: 2 });
    put(s, `I${r}`, ind.deviation ?? '', { align: 'left' });
    const end1 = !next || next.level1 !== ind.level1;
    const end2 = end1 || (next?.level2 ?? '') !== (ind.level2 ?? '');
    if (end2) {
      block(s, `C${start2}:C${r}`, ind.level2 ?? '');
      start2 = r + 1;
    }
    if (end1) {
      block(s, `B${start1}:B${r}`, LEVEL_LABELS[ind.level1], { bold: true });
      start1 = r + 1;
    }
  });
  block(s, `A${indTop}:A${r}`, '绩效指标', { bold: true });
  r++;
  block(s, `A${r}:F${r}`, '总分', { bold: true });
  put(s, `G${r}`, showNum(score.maxTotal), { number: true, bold: true });
  put(s, `H${r}`, score.total, { number: true, places: 2, bold: true });
  put(s, `I${r}`, `等级：${score.grade}`, { bold: true });
}

function notesSheet(wb: ExcelJS.Workbook, score: NationalScore, rsName: string): void {
  const rs = nationalRuleSetFor({ ruleSet: rsName });
  const s = wb.addWorksheet('评分说明');
  s.columns = [26, 8, 10, 12, 18, 70].map((width) => ({ width }));
  let r = 1;
  const line = (text: string, bold = false) => {
    s.mergeCells(`A${r}:F${r}`);
    const cell = s.getCell(`A${r}`);
    cell.value = text;
    cell.font = { name: FONT, size: 10.5, bold };
    cell.alignment = { wrapText: true, vertical: 'top' };
    r++;
  };
  line(`本表“得分”为按规则集 ${rs.name}（${rs.title}）计算的得分：总分 ${score.total} 分（满分 ${showNum(score.maxTotal)} 分），等级“${score.grade}”。`, true);
  line('一、规则得分与单位自评得分对照', true);
  ['指标', '分值', '规则得分', '单位自评得分', '档次', '说明'].forEach((t, i) => put(s, `${'ABCDEF'[i]}${r}`, t, { bold: true }));
  for (const row of score.rows) {
    r++;
    const differs = row.selfScore !== undefined && !dec(row.selfScore).equals(dec(row.score));
    put(s, `A${r}`, row.name, { align: 'left' });
    put(s, `B${r}`, showNum(row.weight), { number: true });
    put(s, `C${r}`, row.score, { number: true, places: 2 });
    put(s, `D${r}`, row.selfScore !== undefined ? showNum(row.selfScore) : '—', { number: true, ...(differs ? { fill: MISMATCH, bold: true } : {}) });
    put(s, `E${r}`, row.band ? BAND_LABELS[row.band] : '');
    put(s, `F${r}`, dec(row.lost).greaterThan(0) ? deductionLine(row, rs) : '', { align: 'left' });
  }
  r += 2;
  line('二、等级说明', true);
  line(explainGrade(score, rs));
  const w = whatIf(score, rs);
  if (w && !dec(w.gap).isZero()) line(renderWhatIf(w));
  line('三、审核发现', true);
  const findings = score.checks.map(renderNationalFinding);
  (findings.length ? findings : ['没有发现问题。']).forEach((f, i) => line(findings.length ? `${i + 1}. ${f}` : f));
  line('四、规则集与未核实的参数', true);
  rs.meta.unverified.forEach((u, i) => line(`${i + 1}. ${u}`));
}

export async function buildNationalXlsx(input: NationalForm, score?: NationalScore): Promise<Buffer> {
  const form = NationalForm.parse(input);
  const rs = nationalRuleSetFor(form);
  const sc = score ?? scoreNationalForm(form, { ruleSet: rs });
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效自评助手';
  formSheet(wb, form, sc);
  notesSheet(wb, sc, rs.name);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
