// The finished form as a Word document in the official layout of the 苏州市级财政支出项目绩效自评表:
// title, the 自评表 (header, budget and funds blocks with merged headers, 项目资金构成, the indicator
// table merged per category, 合计), the 填表说明, the 自评价报告 sections, and an appendix 评分说明.
// Pure: form and score in, bytes out. The 自评分 column holds the unit's own self-scores (blank where
// none was given); the rule scores are in the appendix's 规则得分 column, with every difference and
// the unit's reason for it; the form itself is in custom properties (see hidden.ts).
import { AlignmentType, Document, Footer, Packer, PageNumber, Paragraph, TextRun, type Table } from 'docx';
import type { Form, FormScore } from '../../rules/index.js';
import { FONT, gridTable, paragraphs, split, type CellSpec, type RowSpec, type TextStyle } from './docxKit.js';
import { encodeHidden } from './hidden.js';
import { L } from './labels.js';
import { buildView, type FormView } from './view.js';

/** A4 with 2 cm side margins: 9638 twips of text width. */
const PAGE = { width: 11906, height: 16838, top: 1440, bottom: 1304, side: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.side;

/** Column widths of the indicator table; the other blocks align to its first two columns. */
const COL = { project: 1150, category: 1300, name: 2388, target: 1500, weight: 800, actual: 1500, score: 1000 };
const LABEL = COL.project + COL.category;
const REST = TEXT_WIDTH - LABEL;

const SIZE = { title: 36, subtitle: 32, cell: 21, small: 18, narrative: 22 };
const HEAD: TextStyle = { bold: true };
const LEFT: TextStyle = { align: 'left' };
const SHADE_MISMATCH = 'FFF2CC';

const c = (text: string, width: number, style?: TextStyle, extra: Partial<CellSpec> = {}): CellSpec => ({ text, width, style, ...extra });

/** 市级预算执行情况（万元） → two lines, as on the printed form. */
const twoLines = (label: string) => label.replace('（', '\n（');

function formTable(v: FormView): Table {
  const b = split(REST, 4);
  const f = split(REST, 5);
  const subName = LABEL + COL.name;
  const subBudget = COL.target + COL.weight;
  const subActual = COL.actual + COL.score;
  const rows: RowSpec[] = [
    { cells: [c(L.name, LABEL, HEAD), c(v.name, COL.name + COL.target + COL.weight), c(L.year, COL.actual, HEAD), c(v.year, COL.score)], minHeight: 500 },
    { cells: [c(L.department, LABEL, HEAD), c(v.department, REST)], minHeight: 500 },
    {
      cells: [
        c(twoLines(L.budgetBlock), LABEL, HEAD, { vMerge: 'restart' }),
        c(L.initial, b[0], HEAD),
        c(L.adjustment, b[1], HEAD),
        c(L.appropriated, b[2], HEAD),
        c(L.quotaBalance, b[3], HEAD),
      ],
      cantSplit: true,
    },
    {
      cells: [
        c('', LABEL, undefined, { vMerge: 'continue' }),
        c(v.budget.initial, b[0]),
        c(v.budget.adjustment, b[1]),
        c(v.budget.appropriated, b[2]),
        c(v.budget.quotaBalance, b[3]),
      ],
      minHeight: 420,
    },
    {
      cells: [
        c(twoLines(L.fundsBlock), LABEL, HEAD, { vMerge: 'restart' }),
        c(L.appropriated, f[0], HEAD, { vMerge: 'restart' }),
        c(L.paid, f[1], HEAD, { vMerge: 'restart' }),
        c(L.balance, f[2], HEAD, { vMerge: 'restart' }),
        c(L.ofWhich, f[3] + f[4], HEAD),
      ],
    },
    {
      cells: [
        c('', LABEL, undefined, { vMerge: 'continue' }),
        c('', f[0], undefined, { vMerge: 'continue' }),
        c('', f[1], undefined, { vMerge: 'continue' }),
        c('', f[2], undefined, { vMerge: 'continue' }),
        c(L.carriedOver, f[3], HEAD),
        c(L.recovered, f[4], HEAD),
      ],
    },
    {
      cells: [
        c('', LABEL, undefined, { vMerge: 'continue' }),
        c(v.funds.appropriated, f[0]),
        c(v.funds.paid, f[1]),
        c(v.funds.balance, f[2]),
        c(v.funds.carriedOver, f[3]),
        c(v.funds.recovered, f[4]),
      ],
      minHeight: 420,
    },
    { cells: [c(L.subItemsBlock, TEXT_WIDTH, HEAD)], minHeight: 420 },
    { cells: [c(L.subItemName, subName, HEAD), c(L.subItemBudget, subBudget, HEAD), c(L.subItemActual, subActual, HEAD)], cantSplit: true, minHeight: 400 },
    ...v.subItems.map((s) => ({ cells: [c(s.name, subName), c(s.budget, subBudget), c(s.actual, subActual)], cantSplit: true, minHeight: 400 })),
    { cells: [c(L.total, subName, HEAD), c(v.subTotal.budget, subBudget), c(v.subTotal.actual, subActual)], cantSplit: true, minHeight: 400 },
  ];
  return gridTable(rows);
}

function indicatorTable(v: FormView): Table {
  const header: RowSpec = {
    header: true,
    cantSplit: true,
    minHeight: 400,
    cells: [
      c(L.project, COL.project, HEAD),
      c(L.category, COL.category, HEAD),
      c(L.indicatorName, COL.name, HEAD),
      c(L.target, COL.target, HEAD),
      c(L.weight, COL.weight, HEAD),
      c(L.actual, COL.actual, HEAD),
      c(L.selfScore, COL.score, HEAD),
    ],
  };
  const body: RowSpec[] = [];
  for (const block of v.categories) {
    const rows = block.rows.length > 0 ? block.rows : [undefined];
    rows.forEach((r, i) => {
      body.push({
        cantSplit: true,
        minHeight: 400,
        cells: [
          c(body.length === 0 ? v.performanceLabel : '', COL.project, HEAD, { vMerge: body.length === 0 ? 'restart' : 'continue' }),
          c(i === 0 ? block.label : '', COL.category, HEAD, { vMerge: i === 0 ? 'restart' : 'continue' }),
          c(r?.name ?? '', COL.name),
          c(r?.target ?? '', COL.target),
          c(r?.weight ?? '', COL.weight),
          c(r?.actual ?? '', COL.actual),
          c(r?.selfScore ?? '', COL.score),
        ],
      });
    });
  }
  const total: RowSpec = {
    cantSplit: true,
    minHeight: 400,
    cells: [
      c(L.total, COL.project + COL.category + COL.name + COL.target, HEAD),
      c(v.total.weight, COL.weight, HEAD),
      c('', COL.actual),
      c(v.total.selfScore, COL.score, HEAD),
    ],
  };
  return gridTable([header, ...body, total]);
}

function narrativeTable(v: FormView): Table {
  return gridTable([
    { cells: [c(L.basicInfo, TEXT_WIDTH, { bold: true, size: 24 })], minHeight: 500, cantSplit: true },
    ...v.narrative.map((n) => ({
      cells: [c(n.label, LABEL, HEAD), c(n.text, REST, { align: 'justify', font: 'fang', size: SIZE.narrative })],
      minHeight: 800,
    })),
  ]);
}

function appendix(v: FormView): (Paragraph | Table)[] {
  const a = v.appendix;
  const h = (text: string) => new Paragraph({ spacing: { before: 200, after: 80 }, children: [new TextRun({ text, bold: true, size: 24, font: FONT.hei })] });
  const p = (text: string) => paragraphs(text, { align: 'justify', size: SIZE.cell });
  const list = (items: string[], none: string) => (items.length === 0 ? p(none) : items.flatMap((t, i) => p(`${i + 1}. ${t}`)));
  const w = [1000, 2638, 900, 1000, 1300, 2800];
  const table = gridTable([
    {
      header: true,
      cantSplit: true,
      cells: [c(L.category, w[0], HEAD), c(L.indicatorName, w[1], HEAD), c(L.weight, w[2], HEAD), c(L.ruleScore, w[3], HEAD), c(L.userSelfScore, w[4], HEAD), c(L.note, w[5], HEAD)],
    },
    ...a.rows.map((r) => ({
      cantSplit: true,
      cells: [
        c(r.category, w[0]),
        c(r.name, w[1]),
        c(r.weight, w[2]),
        c(r.ruleScore, w[3]),
        c(r.selfScore, w[4], r.differs ? { bold: true } : undefined, r.differs ? { shade: SHADE_MISMATCH } : {}),
        c(r.note, w[5], LEFT),
      ],
    })),
    { cells: [c(L.total, w[0] + w[1], HEAD), c(v.total.weight, w[2]), c(v.total.score, w[3]), c(a.selfTotal, w[4]), c('', w[5])] },
  ]);
  return [
    new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: L.appendixTitle, bold: true, size: SIZE.subtitle, font: FONT.song })] }),
    ...p(
      `本表“自评分”一栏为项目单位填报的自评分${a.selfTotal ? `，合计 ${a.selfTotal} 分` : '（尚未填报）'}；` +
        `按规则集 ${a.ruleSetName}（${a.ruleSetTitle}${a.ruleSetChosenBy === 'year' ? `，${L.chosenByYear}` : ''}）计算的规则得分合计 ${v.total.score} 分（满分 ${v.maxTotal} 分），见下表“${L.ruleScore}”一栏。`,
    ),
    h('一、规则得分与单位自评分对照'),
    table,
    ...p(a.mismatches.length ? '底色标出的是单位自评分与规则得分不一致的指标及单位说明的原因：' : '单位自评分与规则得分一致。'),
    ...a.mismatches.flatMap((m, i) => p(`${i + 1}. ${m}`)),
    ...(a.missingSelf.length ? p(`未填报自评分的指标：${a.missingSelf.join('、')}。`) : []),
    h('二、扣分说明'),
    ...list(a.deductions, '没有扣分的指标。'),
    h('三、审核发现'),
    ...list(a.findings, '没有发现问题。'),
    h('四、规则集与未核实的参数'),
    ...p(`规则集：${a.ruleSetName}（${a.ruleSetTitle}）。以下参数取自样表，尚未与官方文件核对：`),
    ...list(a.unverified, '无。'),
  ];
}

function footer(): Footer {
  const run = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) => new TextRun({ children, size: SIZE.small, font: FONT.song });
  return new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(['第 ', PageNumber.CURRENT, ' 页  共 ', PageNumber.TOTAL_PAGES, ' 页'])] })],
  });
}

export async function buildDocx(form: Form, score: FormScore): Promise<Buffer> {
  const v = buildView(form, score);
  const title = (text: string, size: number, after: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [new TextRun({ text, bold: true, size, font: FONT.song })] });
  const doc = new Document({
    title: `${v.name || L.tableTitle} ${v.year}`.trim(),
    creator: '绩效自评助手',
    customProperties: encodeHidden(form),
    styles: {
      default: {
        document: { run: { font: FONT.song, size: SIZE.cell, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: { line: 276 } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.side, right: PAGE.side, footer: 567 },
          },
        },
        footers: { default: footer() },
        children: [
          title(L.reportTitle, SIZE.title, 240),
          title(L.tableTitle, SIZE.subtitle, 200),
          formTable(v),
          indicatorTable(v),
          ...paragraphs(v.instructions, { size: SIZE.small, align: 'justify' }),
          new Paragraph({ spacing: { after: 120 }, children: [] }),
          narrativeTable(v),
          ...paragraphs(L.autoNote, { size: SIZE.small }),
          ...appendix(v),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
