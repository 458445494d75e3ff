// The national 项目支出绩效自评表 as a Word document in its official layout (A4 landscape: the
// indicator table has eight columns), with an appendix 评分说明 — and read back. The 得分 column holds
// the rule score (as the Suzhou export does); the unit's own scores are in the appendix, and the whole
// form is kept in custom document properties so that the round trip is exact. Reading: the page's
// table is read by labels with the text-layout reader (src/import/national.ts); every value the page
// shows wins when someone edited it after the export.
import { AlignmentType, Document, Footer, Packer, PageNumber, PageOrientation, Paragraph, TextRun, type Table } from 'docx';
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
  normalizeText,
  renderNationalFinding,
  renderWhatIf,
  scoreNationalForm,
  showNum,
  whatIf,
  type NationalRuleSet,
  type NationalScore,
} from '../../rules/index.js';
import type { ImportIssue } from '../../dialogs/ports.js';
import { checkXml, LIMIT_MESSAGES, LimitError } from '../import/limits.js';
import { ZipFormatError, ZipReader } from '../import/zip.js';
import type { Cell, Row } from '../import/layout.js';
import { importNationalRows, type NationalImportResult } from '../import/national.js';
import { FONT, gridTable, paragraphs, type CellSpec, type RowSpec, type TextStyle } from './docxKit.js';
import { readCustomProperties, readDocument, type DocTable } from './ooxml.js';

export { isNationalDocx, NATIONAL_HIDDEN_PREFIX } from './nationalDetect.js';
import { NATIONAL_HIDDEN_PREFIX } from './nationalDetect.js';
const PIECE = 240;

/** A4 landscape, 2 cm margins: 14570 twips of text width. */
const PAGE = { width: 16838, height: 11906, margin: 1134 };
const W = PAGE.width - 2 * PAGE.margin;
/** Indicator table columns: 绩效指标, 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因. */
const COL = [1100, 1300, 1500, 2400, 1700, 1700, 900, 900, W - 11500];
const SIZE = { title: 36, subtitle: 28, cell: 20, small: 18 };
const HEAD: TextStyle = { bold: true };
const LEFT: TextStyle = { align: 'left' };
const SHADE_MISMATCH = 'FFF2CC';

const c = (text: string, width: number, style?: TextStyle, extra: Partial<CellSpec> = {}): CellSpec => ({ text, width, style, ...extra });
const sumW = (from: number, to: number) => COL.slice(from, to).reduce((a, b) => a + b, 0);

/** What the page shows, computed once for the table and the appendix. */
type View = { form: NationalForm; score: NationalScore; rs: NationalRuleSet };

function formTable({ form, score }: View): Table {
  const p = form.project;
  const f = form.funds;
  const budget = score.rows[0];
  const half = (W - 2 * 2400) / 2;
  const fundW = [1100, 2800, 2000, 2000, 2000, 1200, 1600, W - 12700];
  const goalW = [1100, (W - 1100) / 2, (W - 1100) / 2];
  const rows: RowSpec[] = [
    { cells: [c('项目名称', 2400, HEAD), c(p.name ?? '', W - 2400)], minHeight: 460 },
    { cells: [c('主管部门', 2400, HEAD), c(p.department ?? '', half), c('实施单位', 2400, HEAD), c(p.implementer ?? '', half)], minHeight: 460 },
    {
      cantSplit: true,
      cells: [
        c('项目资金\n（万元）', fundW[0], HEAD, { vMerge: 'restart' }),
        c('', fundW[1]),
        c('年初预算数', fundW[2], HEAD),
        c('全年预算数', fundW[3], HEAD),
        c('全年执行数', fundW[4], HEAD),
        c('分值', fundW[5], HEAD),
        c('执行率', fundW[6], HEAD),
        c('得分', fundW[7], HEAD),
      ],
    },
    ...FUND_ROWS.map((id): RowSpec => {
      const r = f[id];
      const total = id === 'total';
      return {
        cantSplit: true,
        minHeight: 400,
        cells: [
          c('', fundW[0], undefined, { vMerge: 'continue' }),
          c(FUND_ROW_LABELS[id], fundW[1], total ? HEAD : LEFT),
          c(r.initial ?? '', fundW[2]),
          c(r.annual ?? '', fundW[3]),
          c(r.executed ?? '', fundW[4]),
          c(total ? showNum(score.rows[0].weight) : '—', fundW[5]),
          c(total && budget.completion !== undefined ? `${budget.completion}%` : '', fundW[6]),
          c(total ? budget.score : '—', fundW[7]),
        ],
      };
    }),
    { cantSplit: true, cells: [c('年度总体目标', goalW[0], HEAD, { vMerge: 'restart' }), c('预期目标', goalW[1], HEAD), c('实际完成情况', goalW[2], HEAD)] },
    {
      minHeight: 900,
      cells: [c('', goalW[0], undefined, { vMerge: 'continue' }), c(form.goals.expected ?? '', goalW[1], { align: 'justify' }), c(form.goals.actual ?? '', goalW[2], { align: 'justify' })],
    },
    {
      header: false,
      cantSplit: true,
      cells: ['绩效指标', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'].map((t, i) =>
        c(t, COL[i], HEAD, i === 0 ? { vMerge: 'restart' } : {}),
      ),
    },
  ];
  let last1 = '';
  let last2 = '';
  score.rows.slice(1).forEach((r) => {
    const ind = form.indicators[r.index];
    const new1 = LEVEL_LABELS[ind.level1] !== last1;
    const new2 = new1 || (ind.level2 ?? '') !== last2;
    last1 = LEVEL_LABELS[ind.level1];
    last2 = ind.level2 ?? '';
    rows.push({
      cantSplit: true,
      minHeight: 400,
      cells: [
        c('', COL[0], undefined, { vMerge: 'continue' }),
        c(new1 ? LEVEL_LABELS[ind.level1] : '', COL[1], HEAD, { vMerge: new1 ? 'restart' : 'continue' }),
        c(new2 ? (ind.level2 ?? '') : '', COL[2], undefined, { vMerge: new2 ? 'restart' : 'continue' }),
        c(ind.name, COL[3], LEFT),
        c(ind.target, COL[4]),
        c(ind.actual ?? '', COL[5]),
        c(ind.weight ?? '', COL[6]),
        c(r.score, COL[7]),
        c(ind.deviation ?? '', COL[8], LEFT),
      ],
    });
  });
  rows.push({ cantSplit: true, minHeight: 420, cells: [c('总分', sumW(0, 6), HEAD), c(showNum(score.maxTotal), COL[6], HEAD), c(score.total, COL[7], HEAD), c(`等级：${score.grade}`, COL[8], HEAD)] });
  return gridTable(rows);
}

function appendix({ form, score, rs }: View): (Paragraph | Table)[] {
  const h = (text: string) => new Paragraph({ spacing: { before: 200, after: 80 }, children: [new TextRun({ text, bold: true, size: 24, font: FONT.hei })] });
  const p = (text: string) => paragraphs(text, { align: 'justify', size: SIZE.cell });
  const list = (items: string[], none: string) => (items.length === 0 ? p(none) : items.flatMap((t, i) => p(`${i + 1}. ${t}`)));
  const w = [3000, 1100, 1300, 1300, 2400, W - 9100];
  const table = gridTable([
    { header: true, cantSplit: true, cells: ['指标', '分值', '规则得分', '单位自评得分', '档次', '说明'].map((t, i) => c(t, w[i], HEAD)) },
    ...score.rows.map((r): RowSpec => {
      const differs = r.selfScore !== undefined && !dec(r.selfScore).equals(dec(r.score));
      return {
        cantSplit: true,
        cells: [
          c(r.name, w[0], LEFT),
          c(showNum(r.weight), w[1]),
          c(r.score, w[2]),
          c(r.selfScore !== undefined ? showNum(r.selfScore) : '—', w[3], differs ? { bold: true } : undefined, differs ? { shade: SHADE_MISMATCH } : {}),
          c(r.band ? BAND_LABELS[r.band] : '', w[4]),
          c(dec(r.lost).greaterThan(0) ? deductionLine(r, rs) : '', w[5], LEFT),
        ],
      };
    }),
    { cells: [c('总分', w[0], HEAD), c(showNum(score.maxTotal), w[1]), c(score.total, w[2]), c(score.selfTotal !== undefined ? showNum(score.selfTotal) : '—', w[3]), c(score.grade, w[4]), c('', w[5])] },
  ]);
  const wi = whatIf(score, rs);
  const self = score.selfTotal !== undefined ? `；单位自评得分合计 ${showNum(score.selfTotal)} 分，见下表“单位自评得分”一栏。` : '。';
  return [
    new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [new TextRun({ text: '评分说明', bold: true, size: SIZE.subtitle, font: FONT.song })] }),
    ...p(`本表“得分”一栏为按规则集 ${rs.name}（${rs.title}）计算的得分，总分 ${score.total} 分（满分 ${showNum(score.maxTotal)} 分），等级“${score.grade}”${self}`),
    h('一、规则得分与单位自评得分对照'),
    table,
    h('二、扣分说明'),
    ...list(score.rows.filter((r) => dec(r.lost).greaterThan(0)).map((r) => `${r.name}：${deductionLine(r, rs)}`), '没有扣分的指标。'),
    h('三、等级说明'),
    ...p(explainGrade(score, rs)),
    ...(wi && !dec(wi.gap).isZero() ? p(renderWhatIf(wi)) : []),
    h('四、审核发现'),
    ...list(score.checks.map(renderNationalFinding), '没有发现问题。'),
    h('五、规则集与未核实的参数'),
    ...p(`规则集：${rs.name}（${rs.title}）。以下取值按通常表述，尚未与官方文件核对：`),
    ...list(rs.meta.unverified, '无。'),
    ...p(`本文件由绩效自评助手生成；${form.project.name ?? ''}`.replace(/；$/, '。')),
  ];
}

function hidden(form: NationalForm): { name: string; value: string }[] {
  const chars = Array.from(JSON.stringify(form));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += PIECE) pieces.push(chars.slice(i, i + PIECE).join(''));
  return [{ name: `${NATIONAL_HIDDEN_PREFIX}.count`, value: String(pieces.length) }, ...pieces.map((value, i) => ({ name: `${NATIONAL_HIDDEN_PREFIX}.${i}`, value }))];
}

function readHidden(props: ReadonlyMap<string, string>): NationalForm | undefined {
  const count = Number(props.get(`${NATIONAL_HIDDEN_PREFIX}.count`));
  if (!Number.isInteger(count) || count <= 0 || count > 100_000) return undefined;
  let json = '';
  for (let i = 0; i < count; i++) {
    const piece = props.get(`${NATIONAL_HIDDEN_PREFIX}.${i}`);
    if (piece === undefined) return undefined;
    json += piece;
  }
  try {
    const parsed = NationalForm.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function buildNationalDocx(input: NationalForm, score?: NationalScore): Promise<Buffer> {
  const form = NationalForm.parse(input);
  const rs = nationalRuleSetFor(form);
  const v: View = { form, score: score ?? scoreNationalForm(form, { ruleSet: rs }), rs };
  const title = (text: string, size: number, after: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [new TextRun({ text, bold: true, size, font: FONT.song })] });
  const run = (children: (string | (typeof PageNumber)[keyof typeof PageNumber])[]) => new TextRun({ children, size: SIZE.small, font: FONT.song });
  const doc = new Document({
    title: `${form.project.name ?? '项目支出绩效自评表'} ${form.project.year ?? ''}`.trim(),
    creator: '绩效自评助手',
    customProperties: hidden(form),
    styles: { default: { document: { run: { font: FONT.song, size: SIZE.cell, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: { line: 264 } } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.height, height: PAGE.width, orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, footer: 567 },
          },
        },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(['第 ', PageNumber.CURRENT, ' 页  共 ', PageNumber.TOTAL_PAGES, ' 页'])] })] }) },
        children: [
          title('项目支出绩效自评表', SIZE.title, 120),
          title(`（${form.project.year ?? '    '}年度）`, SIZE.subtitle, 200),
          formTable(v),
          ...appendix(v),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

// ---- reading back ------------------------------------------------------------------------------

/** A Word table as rows of cells in the text layout's terms (a merged continuation is an empty cell). */
function tableRows(table: DocTable): Row[] {
  return table.map((row, r) => ({ line: r + 1, cells: row.map((cell): Cell => ({ raw: cell.vMerge === 'continue' ? '' : cell.text, line: r + 1 })) }));
}

const sameText = (a: string | undefined, b: string | undefined) => normalizeText(a ?? '').replace(/\s+/g, '') === normalizeText(b ?? '').replace(/\s+/g, '');
const sameNumber = (a: string | undefined, b: string | undefined) => (a === undefined || b === undefined ? a === b : dec(a).equals(dec(b)));
/** The saved value while the page still shows it; else the page's. */
const keepText = (page: string | undefined, saved: string | undefined) => (sameText(page, saved) ? saved : page);
const keepNumber = (page: string | undefined, saved: string | undefined) => (sameNumber(page, saved) ? saved : page);

/** Page values over the saved form: what the page shows wins when it differs from what was exported. */
function merge(page: NationalForm, saved: NationalForm): NationalForm {
  const exported = scoreNationalForm(saved);
  const out: NationalForm = structuredClone(saved);
  for (const k of ['name', 'department', 'implementer'] as const) {
    const v = keepText(page.project[k], saved.project[k]);
    if (v === undefined) delete out.project[k];
    else out.project[k] = v;
  }
  if (page.project.year !== undefined) out.project.year = page.project.year;
  for (const id of FUND_ROWS) {
    for (const col of ['initial', 'annual', 'executed'] as const) {
      const v = keepNumber(page.funds[id][col], saved.funds[id][col]);
      if (v === undefined) delete out.funds[id][col];
      else out.funds[id][col] = v;
    }
  }
  // 得分, 执行率 and 总分 show the rule's values: a different figure on the page is the user's edit.
  if (page.funds.selfScore !== undefined && !sameNumber(page.funds.selfScore, exported.rows[0].score)) out.funds.selfScore = page.funds.selfScore;
  const rate = exported.rows[0].completion;
  if (page.funds.rateStated !== undefined && !sameText(page.funds.rateStated, rate !== undefined ? `${rate}%` : '')) out.funds.rateStated = page.funds.rateStated;
  if (page.selfTotal !== undefined && !sameNumber(page.selfTotal, exported.total)) out.selfTotal = page.selfTotal;
  out.goals = { ...(keepText(page.goals.expected, saved.goals.expected) !== undefined ? { expected: keepText(page.goals.expected, saved.goals.expected) } : {}), ...(keepText(page.goals.actual, saved.goals.actual) !== undefined ? { actual: keepText(page.goals.actual, saved.goals.actual) } : {}) };
  const sameRows = page.indicators.length === saved.indicators.length && page.indicators.every((p, i) => sameText(p.name, saved.indicators[i].name));
  out.indicators = page.indicators.map((p, i) => {
    const s = sameRows ? saved.indicators[i] : saved.indicators.find((x) => sameText(x.name, p.name));
    if (!s) return p;
    const ruleScore = exported.rows.find((r) => r.index === saved.indicators.indexOf(s))?.score;
    const merged = { ...s, level1: p.level1, name: keepText(p.name, s.name)!, target: keepText(p.target, s.target) ?? '' };
    const fields = { level2: keepText(p.level2, s.level2), actual: keepText(p.actual, s.actual), weight: keepNumber(p.weight, s.weight), deviation: keepText(p.deviation, s.deviation) };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) delete (merged as Record<string, unknown>)[k];
      else (merged as Record<string, unknown>)[k] = v;
    }
    if (p.selfScore !== undefined && ruleScore !== undefined && !sameNumber(p.selfScore, ruleScore)) merged.selfScore = p.selfScore;
    return merged;
  });
  return out;
}

const DAMAGED = 'Word 文件已损坏，无法读取。请在 Word 中重新保存后再发送。';

/**
 * Reads a DOCX as the national form: undefined when it is not one (then the Suzhou reader may try),
 * unless `force` (the CLI's --rules names a national rule set). The zip and its XML go through the
 * same limits as the Suzhou reader (src/import/limits.ts).
 */
export async function readNationalDocx(bytes: Uint8Array, options: { force?: boolean } = {}): Promise<NationalImportResult | undefined> {
  try {
    let zip: ZipReader;
    try {
      zip = new ZipReader(bytes);
    } catch (error) {
      if (error instanceof ZipFormatError) return options.force ? { ok: false, message: '文件无法打开：它不是有效的 Word（.docx）文件。请另存为 .docx 后重新发送。' } : undefined;
      throw error;
    }
    let saved: NationalForm | undefined;
    const customXml = zip.text('docProps/custom.xml');
    if (customXml !== undefined) {
      checkXml(customXml);
      saved = readHidden(readCustomProperties(customXml));
    }
    const documentXml = zip.text('word/document.xml');
    if (documentXml === undefined) return options.force ? { ok: false, message: DAMAGED } : undefined;
    checkXml(documentXml);
    const body = readDocument(documentXml);
    const rows: Row[] = [
      ...body.paragraphs.filter((t) => t.trim() !== '').slice(0, 5).map((t, i): Row => ({ line: i + 1, cells: [{ raw: t, line: i + 1 }] })),
      ...(body.tables[0] ? tableRows(body.tables[0]) : []),
    ];
    const page = importNationalRows(rows, 'docx', options);
    if (!page.ok) return saved || options.force ? page : undefined;
    // Rows of a Word table have no line numbers: the issues say the field instead.
    const issues: ImportIssue[] = page.issues.map(({ line: _line, ...rest }) => ({ ...rest, message: rest.message.replace(/^第\d+行 /, '') }));
    const form = saved ? NationalForm.parse(merge(page.form, saved)) : page.form;
    return { ok: true, template: 'national', form, issues, format: 'docx' };
  } catch (error) {
    if (error instanceof LimitError) return { ok: false, message: LIMIT_MESSAGES[error.kind] };
    if (error instanceof ZipFormatError) return { ok: false, message: DAMAGED };
    throw error;
  }
}
