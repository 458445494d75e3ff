// The finished form as an Excel workbook: sheet 自评表 (the same tables as the DOCX) and sheet 评分说明
// (rule scores against the user's own self-scores, every deduction and finding, the rule set).
// Numbers are stored as numbers with formats, totals as SUM formulas with their cached results,
// and text that Excel could take for a formula (= + - @ tab CR at the start) is stored as text with
// the text format and Excel's quote prefix, so "=5859平方米" stays visible text.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { dec, explainIndicator, str, sum, type Form, type FormScore } from '../../rules/index.js';
import { L } from './labels.js';
import { buildView, ruleSetOf, type FormView } from './view.js';

type Sheet = ExcelJS.Worksheet;
type Cell = ExcelJS.Cell;

const FONT_NAME = '宋体';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const MISMATCH_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** A text Excel would read as a formula or a command when typed. */
export const RISKY_TEXT = /^[=+\-@\t\r]/;

/** Number format showing exactly the decimals the value has: "0", "0.0", "0.000000". */
function amountFormat(canonical: string): string {
  const places = canonical.includes('.') ? canonical.length - canonical.indexOf('.') - 1 : 0;
  return places === 0 ? '0' : `0.${'0'.repeat(places)}`;
}

function setText(cell: Cell, text: string): void {
  cell.value = text;
  if (RISKY_TEXT.test(text)) cell.numFmt = '@';
}

/** A decimal string as a number cell (converted to a JS number only here, to be written). */
function setAmount(cell: Cell, canonical: string): void {
  if (canonical === '') return;
  cell.value = Number(canonical);
  cell.numFmt = amountFormat(canonical);
}

function setPoints(cell: Cell, value: string): void {
  if (value === '' || !/^-?\d+(\.\d+)?$/.test(value)) return setText(cell, value);
  cell.value = Number(value);
  cell.numFmt = '0.00';
}

function setSum(cell: Cell, range: string, result: string, numFmt: string): void {
  cell.value = { formula: `SUM(${range})`, result: Number(result === '' ? '0' : result) };
  cell.numFmt = numFmt;
}

function style(cell: Cell, opts: { bold?: boolean; size?: number; align?: 'left' | 'center' | 'justify'; border?: boolean } = {}): void {
  cell.font = { name: FONT_NAME, size: opts.size ?? 10.5, bold: opts.bold ?? false };
  cell.alignment = { horizontal: opts.align ?? 'center', vertical: 'middle', wrapText: true };
  if (opts.border !== false) cell.border = THIN;
}

/** Styles every cell of a block (merged ones too, so the borders print), then merges it. */
function block(ws: Sheet, range: string, opts: Parameters<typeof style>[1] = {}): Cell {
  const [from, to = from] = range.split(':');
  const a = ws.getCell(from);
  const b = ws.getCell(to);
  for (let r = Number(a.row); r <= Number(b.row); r++) for (let c = Number(a.col); c <= Number(b.col); c++) style(ws.getCell(r, c), opts);
  if (from !== to) ws.mergeCells(range);
  return a;
}

/** Row height (points) for wrapped text in a block `widthChars` wide; Excel does not fit merged cells itself. */
function heightFor(text: string, widthChars: number, size = 10.5): number {
  const perLine = Math.max(1, widthChars / (2 * (size / 11)));
  const lines = text.split('\n').reduce((n, line) => {
    const units = Array.from(line).reduce((u, ch) => u + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55), 0);
    return n + Math.max(1, Math.ceil(units / perLine));
  }, 0);
  return Math.min(409, Math.max(20, Math.ceil(lines * size * 1.45 + 6)));
}

const WIDTHS = [12, 13, 24, 16, 10, 16, 10];
const widthOf = (from: number, to: number) => WIDTHS.slice(from, to + 1).reduce((a, b) => a + b, 0);

function formSheet(wb: ExcelJS.Workbook, v: FormView): void {
  const ws = wb.addWorksheet('自评表', {
    views: [{ state: 'frozen', ySplit: 4, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  ws.columns = WIDTHS.map((width) => ({ width }));
  ws.pageSetup.margins = { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };

  setText(block(ws, 'A1:G1', { bold: true, size: 16, border: false }), L.reportTitle);
  setText(block(ws, 'A2:G2', { bold: true, size: 14, border: false }), L.tableTitle);
  ws.getRow(1).height = 30;
  ws.getRow(2).height = 26;

  const head = { bold: true };
  setText(block(ws, 'A3:B3', head), L.name);
  setText(block(ws, 'C3:E3'), v.name);
  setText(block(ws, 'F3', head), L.year);
  if (v.year) {
    const y = block(ws, 'G3');
    y.value = Number(v.year);
    y.numFmt = '0';
  } else block(ws, 'G3');
  setText(block(ws, 'A4:B4', head), L.department);
  setText(block(ws, 'C4:G4'), v.department);
  ws.getRow(3).height = ws.getRow(4).height = 24;

  setText(block(ws, 'A5:B6', head), L.budgetBlock);
  setText(block(ws, 'C5', head), L.initial);
  setText(block(ws, 'D5', head), L.adjustment);
  setText(block(ws, 'E5', head), L.appropriated);
  setText(block(ws, 'F5:G5', head), L.quotaBalance);
  ws.getRow(5).height = 44;
  setAmount(block(ws, 'C6'), v.budget.initial);
  setAmount(block(ws, 'D6'), v.budget.adjustment);
  setAmount(block(ws, 'E6'), v.budget.appropriated);
  setAmount(block(ws, 'F6:G6'), v.budget.quotaBalance);

  setText(block(ws, 'A7:B9', head), L.fundsBlock);
  setText(block(ws, 'C7:C8', head), L.appropriated);
  setText(block(ws, 'D7:D8', head), L.paid);
  setText(block(ws, 'E7:E8', head), L.balance);
  setText(block(ws, 'F7:G7', head), L.ofWhich);
  setText(block(ws, 'F8', head), L.carriedOver);
  setText(block(ws, 'G8', head), L.recovered);
  setAmount(block(ws, 'C9'), v.funds.appropriated);
  setAmount(block(ws, 'D9'), v.funds.paid);
  setAmount(block(ws, 'E9'), v.funds.balance);
  setAmount(block(ws, 'F9'), v.funds.carriedOver);
  setAmount(block(ws, 'G9'), v.funds.recovered);

  setText(block(ws, 'A10:G10', head), L.subItemsBlock);
  setText(block(ws, 'A11:C11', head), L.subItemName);
  setText(block(ws, 'D11:E11', head), L.subItemBudget);
  setText(block(ws, 'F11:G11', head), L.subItemActual);
  let r = 12;
  for (const s of v.subItems) {
    setText(block(ws, `A${r}:C${r}`), s.name);
    setAmount(block(ws, `D${r}:E${r}`), s.budget);
    setAmount(block(ws, `F${r}:G${r}`), s.actual);
    r++;
  }
  setText(block(ws, `A${r}:C${r}`, head), L.total);
  const subFmt = (key: 'budget' | 'actual') => amountFormat(longest([...v.subItems.map((s) => s[key]), v.subTotal[key]]));
  if (v.subItems.length > 0) {
    setSum(block(ws, `D${r}:E${r}`), `D12:D${r - 1}`, v.subTotal.budget, subFmt('budget'));
    setSum(block(ws, `F${r}:G${r}`), `F12:F${r - 1}`, v.subTotal.actual, subFmt('actual'));
  } else {
    block(ws, `D${r}:E${r}`);
    block(ws, `F${r}:G${r}`);
  }
  r++;

  const header = [L.project, L.category, L.indicatorName, L.target, L.weight, L.actual, L.selfScore];
  header.forEach((h, i) => setText(block(ws, ws.getCell(r, i + 1).address, head), h));
  ws.getRow(r).height = 24;
  r++;
  const first = r;
  for (const cat of v.categories) {
    const rows = cat.rows.length > 0 ? cat.rows : [undefined];
    const start = r;
    for (const row of rows) {
      block(ws, `C${r}`);
      block(ws, `D${r}`);
      block(ws, `E${r}`);
      block(ws, `F${r}`);
      block(ws, `G${r}`);
      if (row) {
        setText(ws.getCell(`C${r}`), row.name);
        setText(ws.getCell(`D${r}`), row.target);
        setPoints(ws.getCell(`E${r}`), row.weight);
        setText(ws.getCell(`F${r}`), row.actual);
        setPoints(ws.getCell(`G${r}`), row.selfScore);
        ws.getRow(r).height = Math.max(heightFor(row.name, WIDTHS[2]), heightFor(row.actual, WIDTHS[5]), heightFor(row.target, WIDTHS[3]));
      }
      r++;
    }
    setText(block(ws, `B${start}:B${r - 1}`, head), cat.label);
  }
  setText(block(ws, `A${first}:A${r - 1}`, head), v.performanceLabel);
  setText(block(ws, `A${r}:D${r}`, head), L.total);
  setSum(block(ws, `E${r}`, head), `E${first}:E${r - 1}`, v.total.weight, '0.00');
  block(ws, `F${r}`);
  setSum(block(ws, `G${r}`, head), `G${first}:G${r - 1}`, v.total.selfScore, '0.00');
  ws.getRow(r).height = 22;
  r++;

  setText(block(ws, `A${r}:G${r}`, { size: 9, align: 'justify', border: false }), v.instructions);
  ws.getRow(r).height = heightFor(v.instructions, widthOf(0, 6), 9);
  r += 2;

  setText(block(ws, `A${r}:G${r}`, { bold: true, size: 12 }), L.basicInfo);
  ws.getRow(r).height = 24;
  r++;
  for (const n of v.narrative) {
    setText(block(ws, `A${r}:B${r}`, head), n.label);
    setText(block(ws, `C${r}:G${r}`, { align: 'justify' }), n.text);
    ws.getRow(r).height = heightFor(n.text, widthOf(2, 6));
    r++;
  }
  setText(block(ws, `A${r}:G${r}`, { size: 9, align: 'left', border: false }), L.autoNote);
}

const longest = (values: string[]) => values.reduce((a, b) => (decimals(b) > decimals(a) ? b : a), '0');
const decimals = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

function scoreSheet(wb: ExcelJS.Workbook, form: Form, score: FormScore, v: FormView): void {
  const ws = wb.addWorksheet('评分说明', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  const widths = [9, 26, 9, 10, 12, 9, 70];
  ws.columns = widths.map((width) => ({ width }));
  const ruleSet = ruleSetOf(form, score);
  const head = { bold: true };
  [L.category, L.indicatorName, L.weight, L.ruleScore, L.userSelfScore, '差异', '扣分说明'].forEach((h, i) =>
    setText(block(ws, ws.getCell(1, i + 1).address, head), h),
  );
  ws.getRow(1).height = 30;
  const results = new Map(score.indicators.map((res) => [res.index, res]));
  let r = 2;
  for (const row of v.appendix.rows) {
    const res = results.get(row.index);
    const why = res && res.status !== 'full' && res.status !== 'not-applicable' ? explainIndicator(res, ruleSet) : '';
    for (let c = 1; c <= 7; c++) block(ws, ws.getCell(r, c).address, c === 7 ? { align: 'left' } : {});
    setText(ws.getCell(r, 1), row.category);
    setText(ws.getCell(r, 2), row.name);
    setPoints(ws.getCell(r, 3), row.weight);
    setPoints(ws.getCell(r, 4), row.ruleScore);
    setPoints(ws.getCell(r, 5), row.selfScore);
    if (row.differs) {
      const diff = ws.getCell(r, 6);
      diff.value = Number(str(dec(row.selfScore).minus(dec(row.ruleScore))));
      diff.numFmt = '+0.00;-0.00;0.00';
      for (let c = 1; c <= 6; c++) ws.getCell(r, c).fill = MISMATCH_FILL;
    }
    setText(ws.getCell(r, 7), [why, row.note ? `${L.note}：${row.note}` : ''].filter(Boolean).join('\n'));
    ws.getRow(r).height = heightFor(ws.getCell(r, 7).text, widths[6]);
    r++;
  }
  const last = r - 1;
  setText(block(ws, `A${r}:B${r}`, head), L.total);
  const weights = sum(v.appendix.rows.filter((x) => /^\d/.test(x.weight)).map((x) => dec(x.weight)));
  setSum(block(ws, `C${r}`, head), `C2:C${last}`, str(weights), '0.00');
  setSum(block(ws, `D${r}`, head), `D2:D${last}`, score.total, '0.00');
  setSum(block(ws, `E${r}`, head), `E2:E${last}`, v.appendix.selfTotal, '0.00');
  block(ws, `F${r}:G${r}`);
  r += 2;

  const section = (title: string, lines: string[], none: string) => {
    setText(block(ws, `A${r}:G${r}`, { bold: true, align: 'left', border: false }), title);
    r++;
    for (const line of lines.length ? lines : [none]) {
      setText(block(ws, `A${r}:G${r}`, { align: 'left', border: false }), line);
      ws.getRow(r).height = heightFor(line, widths.reduce((a, b) => a + b, 0));
      r++;
    }
    r++;
  };
  section('自评分与规则得分不一致的指标（及单位说明的原因）', v.appendix.mismatches, '单位自评分与规则得分一致。');
  if (v.appendix.missingSelf.length) section('未填报自评分的指标', [v.appendix.missingSelf.join('、')], '');
  section('审核发现', v.appendix.findings, '没有发现问题。');
  section(
    `规则集：${v.appendix.ruleSetName}（${v.appendix.ruleSetTitle}）——以下参数取自样表，尚未与官方文件核对`,
    v.appendix.unverified,
    '无。',
  );
}

/** Adds Excel's quote prefix to the text-format styles, so risky text stays text when edited. */
async function addQuotePrefix(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const file = zip.file('xl/styles.xml');
  if (!file) return xlsx;
  const xml = await file.async('string');
  const patched = xml.replace(/<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/, (xfs) =>
    xfs.replace(/<xf\b([^>]*?)(\/?)>/g, (tag, attrs: string, close: string) =>
      /\bnumFmtId="49"/.test(attrs) && !/quotePrefix=/.test(attrs) ? `<xf${attrs} quotePrefix="1"${close}>` : tag,
    ),
  );
  zip.file('xl/styles.xml', patched);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function buildXlsx(form: Form, score: FormScore): Promise<Buffer> {
  const v = buildView(form, score);
  const wb = new ExcelJS.Workbook();
  wb.creator = '绩效自评助手';
  wb.title = `${v.name || L.tableTitle} ${v.year}`.trim();
  formSheet(wb, v);
  scoreSheet(wb, form, score, v);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  let risky = false;
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => (risky ||= c.numFmt === '@'))));
  return risky ? addQuotePrefix(bytes) : bytes;
}
