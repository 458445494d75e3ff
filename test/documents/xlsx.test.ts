// The XLSX: the same tables as numbers with formats, totals as formulas with cached results, frozen
// headers, one page wide on A4, and text that could become a formula kept as text.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreForm, type Form } from '../../rules/index.js';
import { buildXlsx } from '../../src/documents/xlsx.js';
import { seedFromFile } from './helpers.js';

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // exceljs declares its own Buffer (extends ArrayBuffer); hand it the exact bytes as an ArrayBuffer.
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

/** The cell right of the first cell whose text is `label` (merged cells count once). */
function rightOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (!found && cell.value === label && !cell.isMerged) found = cell;
      else if (!found && cell.value === label && cell.isMerged && cell.master.address === cell.address) found = cell;
    }),
  );
  if (!found) throw new Error(`no ${label}`);
  const row = ws.getRow(Number(found.row));
  for (let c = Number(found.col) + 1; c <= ws.columnCount; c++) {
    const cell = row.getCell(c);
    if (cell.master.address !== found.master.address) return cell.master;
  }
  throw new Error(`nothing right of ${label}`);
}

function rowsWhere(ws: ExcelJS.Worksheet, pred: (values: unknown[]) => boolean): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  ws.eachRow((row) => {
    if (pred((row.values as unknown[]).slice(1))) out.push(row);
  });
  return out;
}

let form: Form;
let wb: ExcelJS.Workbook;
let bytes: Buffer;

beforeAll(async () => {
  form = await seedFromFile();
  bytes = await buildXlsx(form, scoreForm(form, { final: true }));
  wb = await load(bytes);
});

describe('the seed as XLSX', () => {
  it('has the sheets 自评表 and 评分说明', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['自评表', '评分说明']);
  });

  it('stores the header and amounts, amounts as numbers showing their decimals', () => {
    const ws = wb.getWorksheet('自评表')!;
    expect(rightOf(ws, '项目名称').value).toBe('苏州市智能制造融合发展中心项目');
    expect(rightOf(ws, '项目年份').value).toBe(2021);
    expect(rightOf(ws, '项目主管部门(单位)').value).toBe('苏州市工业和信息化局');
    const [budget] = rowsWhere(ws, (v) => v.includes('年初预算数'));
    const values = ws.getRow(budget.number + 1);
    expect([3, 4, 5, 6].map((c) => values.getCell(c).value)).toEqual([1900, -812.5, 812.101021, 275.398979]);
    expect([3, 4, 5, 6].map((c) => values.getCell(c).numFmt)).toEqual(['0', '0.0', '0.000000', '0.000000']);
    const [funds] = rowsWhere(ws, (v) => v.includes('实际支付数'));
    expect([3, 4, 5, 6, 7].map((c) => ws.getRow(funds.number + 2).getCell(c).value)).toEqual([812.101021, 812.101021, 0, 0, 0]);
  });

  it('stores the indicator table with the unit\'s self-scores as numbers in 0.00 (rule scores in 评分说明), merged like the form', () => {
    const ws = wb.getWorksheet('自评表')!;
    const [budgetRate] = rowsWhere(ws, (v) => v.includes('预算执行率'));
    expect([4, 5, 6, 7].map((c) => budgetRate.getCell(c).value)).toEqual(['100%', 8, '74.68%', 8]);
    expect(budgetRate.getCell(7).numFmt).toBe('0.00');
    expect(budgetRate.getCell(1).master.value).toBe('项目绩效实现情况（80分）');
    expect(budgetRate.getCell(2).master.value).toBe('投入目标');
    const [visitors] = rowsWhere(ws, (v) => v.includes('参观人数'));
    expect(visitors.getCell(2).master.value).toBe('结果目标');
    expect(visitors.getCell(1).master.address).toBe(budgetRate.getCell(1).master.address);
  });

  it('writes totals as SUM formulas with cached results, and no other formula', () => {
    const formulas: { sheet: string; formula: string; result: unknown }[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula) formulas.push({ sheet: ws.name, formula: cell.formula, result: cell.result });
        }),
      ),
    );
    expect(formulas.map((f) => [f.sheet, f.formula.replace(/\d+/g, 'n'), f.result])).toEqual([
      ['自评表', 'SUM(Dn:Dn)', 1900],
      ['自评表', 'SUM(Fn:Fn)', 812.101021],
      ['自评表', 'SUM(En:En)', 80],
      ['自评表', 'SUM(Gn:Gn)', 80],
      ['评分说明', 'SUM(Cn:Cn)', 80],
      ['评分说明', 'SUM(Dn:Dn)', 70],
      ['评分说明', 'SUM(En:En)', 80],
    ]);
  });

  it('freezes the header rows and fits one A4 page wide', () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen' });
      expect((ws.views[0] as { ySplit?: number }).ySplit).toBeGreaterThan(0);
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
  });

  it('lists rule score against the user self-score, with the deduction explained', () => {
    const ws = wb.getWorksheet('评分说明')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['类别', '指标名称', '权重', '规则得分', '自评分（用户填报）', '差异', '扣分说明']);
    const [row] = rowsWhere(ws, (v) => v.includes('预算执行率'));
    expect([3, 4, 5, 6].map((c) => row.getCell(c).value)).toEqual([8, 0, 8, 8]);
    expect(String(row.getCell(7).value)).toContain('低于目标 25.32 个百分点');
    const text = JSON.stringify(rowsWhere(ws, () => true).map((r) => r.values));
    expect(text).toContain('报告中写的 11723人次');
    expect(text).toContain('suzhou-2021');
  });
});

describe('formula injection', () => {
  const risky = ['=5859平方米', '+86 512 6000', '-1', '@SUM(A1:A9)', '\t=1+1', '=HYPERLINK("http://x","点我")'];

  it('keeps text that starts with = + - @ or a tab as visible text, never a formula', async () => {
    const f: Form = {
      ...form,
      project: { ...form.project, name: risky[5], department: risky[1] },
      subItems: [{ name: risky[3], budget: '1900', actual: '812.101021' }],
      indicators: form.indicators.map((ind, i) => (i < 4 ? { ...ind, target: risky[0], actual: risky[2], note: risky[4] } : ind)),
      narrative: { ...form.narrative, overview: risky[0] },
    };
    const out = await buildXlsx(f, scoreForm(f));
    const book = await load(out);
    const texts: string[] = [];
    const formulas: string[] = [];
    book.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula) formulas.push(cell.formula);
          if (typeof cell.value === 'string' && /^[=+\-@\t]/.test(cell.value)) {
            texts.push(cell.value);
            expect(cell.numFmt).toBe('@');
          }
        }),
      ),
    );
    expect(formulas.every((x) => x.startsWith('SUM('))).toBe(true);
    for (const r of risky.slice(0, 4)) expect(texts).toContain(r);
    expect(texts).toContain(risky[5]);
    // Excel's quote prefix on the text style, as when one types '=5859平方米
    const styles = await (await JSZip.loadAsync(out)).file('xl/styles.xml')!.async('string');
    expect(styles).toMatch(/<xf [^>]*numFmtId="49"[^>]*quotePrefix="1"/);
    const sheet = await (await JSZip.loadAsync(out)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).not.toMatch(/<f>(?!SUM\()/);
  });

  it('leaves the styles alone when nothing is risky', async () => {
    const f: Form = { ...form, indicators: form.indicators.map((ind) => ({ ...ind, target: ind.target.replace(/^=/, '') })) };
    const out = await buildXlsx(f, scoreForm(f));
    const styles = await (await JSZip.loadAsync(out)).file('xl/styles.xml')!.async('string');
    expect(styles).not.toContain('quotePrefix');
  });
});
