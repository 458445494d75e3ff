// Reads the national 项目支出绩效自评表 (财预〔2020〕10号) from the text layout of a Word export (one
// cell per line, rows separated by blank lines, merged cells as empty cells; CRLF and full-width
// digits accepted) and from its form JSON. Read by labels, never by line numbers. Never throws for
// input: what cannot be read becomes an issue with its line.
import { detectTemplate, isNationalForm, NationalForm, normalizeText, compact, type NationalIndicator, type NationalLevel, type FundRow } from '../../rules/index.js';
import type { ImportIssue } from '../../dialogs/ports.js';
import { cellKey, cellText, cellValue, splitLines, toRows, type Cell, type Row } from './layout.js';
import { issue, limitText, linePrefix, readAmount, type Issues } from './issues.js';
import { parseJsonFile } from './formJson.js';

export type NationalImportResult =
  | { ok: true; template: 'national'; form: NationalForm; issues: ImportIssue[]; format: 'text' | 'json' | 'docx' }
  | { ok: false; message: string };

/** Larger than any real form; protects the reader from abuse. */
const MAX_TEXT_LENGTH = 2_000_000;

/** Whether the text is the national form's layout (by its labels). */
export function looksNational(text: string): boolean {
  if (text.length > MAX_TEXT_LENGTH) return false;
  const rows = toRows(splitLines(text));
  return detectTemplate(rows.flatMap((r) => r.cells.map((c) => cellKey(c)))) === 'national';
}

const isBlankCell = (c: Cell | undefined) => cellKey(c) === '';

/** A cell's text with its own line breaks kept (for long texts). */
function multiline(cell: Cell | undefined): string {
  if (!cell) return '';
  return cell.raw
    .split('\n')
    .map((l) => l.replace(/\t/g, ' ').trim().replace(/^"(?=[^"]*$)|(?<=^[^"]*)"$/g, ''))
    .join('\n')
    .trim();
}

const PROJECT_LABELS = { name: ['项目名称'], department: ['主管部门', '主管部门(单位)', '项目主管部门'], implementer: ['实施单位', '项目实施单位'] } as const;
const ALL_LABELS = new Set<string>(Object.values(PROJECT_LABELS).flat());

function readProject(rows: readonly Row[], issues: Issues): NationalForm['project'] {
  const project: NationalForm['project'] = {};
  for (const [field, labels] of Object.entries(PROJECT_LABELS) as [keyof typeof PROJECT_LABELS, readonly string[]][]) {
    for (const row of rows) {
      const i = row.cells.findIndex((c) => labels.includes(cellKey(c)));
      if (i < 0) continue;
      const next = row.cells[i + 1];
      const value = next && !ALL_LABELS.has(cellKey(next)) ? cellText(next) : '';
      if (value) project[field] = limitText(value, 200, { line: next!.line, field: `project.${field}`, label: labels[0] }, issues);
      else issues.push(issue(row.cells[i].line, `project.${field}`, `${linePrefix(row.cells[i].line)}${labels[0]}没有填写。请补上。`));
      break;
    }
  }
  for (const row of rows) {
    for (const c of row.cells) {
      const m = /^[(（]?(\d{4})年度?[)）]?$/.exec(compact(cellText(c)));
      if (m) {
        const n = Number(m[1]);
        if (n >= 2000 && n <= 2100) project.year = n;
        else issues.push(issue(c.line, 'project.year', `${linePrefix(c.line)}年度“${m[1]}”不是有效年份。请填写四位年份，例如 2022。`));
        return project;
      }
    }
  }
  // "2022年度项目支出绩效自评表" or "年度：2022" elsewhere in a title-like cell.
  for (const row of rows) {
    for (const c of row.cells) {
      const k = compact(cellText(c));
      const m = /(\d{4})年度?/.exec(k);
      if (m && (k.includes('自评表') || k.startsWith('年度')) && Number(m[1]) >= 2000 && Number(m[1]) <= 2100) {
        project.year = Number(m[1]);
        return project;
      }
    }
  }
  issues.push(issue(undefined, 'project.year', '没有找到年度（例如“（2022年度）”），将按默认规则集评分。请在标题下写明年度。'));
  return project;
}

type Columns = { row: Row; index: number; at: Record<string, number> };

/** The first row (from `from`) holding every label; `at` maps a label to its cell index. */
function findHeader(rows: readonly Row[], labels: Record<string, (k: string) => boolean>, required: string[], from = 0): Columns | undefined {
  for (let r = from; r < rows.length; r++) {
    const keys = rows[r].cells.map((c) => cellKey(c));
    const at: Record<string, number> = {};
    for (const [name, match] of Object.entries(labels)) {
      const i = keys.findIndex(match);
      if (i >= 0) at[name] = i;
    }
    if (required.every((n) => n in at)) return { row: rows[r], index: r, at };
  }
  return undefined;
}

/** A data row's cell under a header column: same index when the row is as wide; else the missing cells are the leading merged ones. */
function under(row: Row, header: Columns, column: string): Cell | undefined {
  const i = header.at[column];
  if (i === undefined) return undefined;
  const shift = row.cells.length >= header.row.cells.length ? 0 : row.cells.length - header.row.cells.length;
  return row.cells[i + shift];
}

const FUND_LABELS: Record<keyof NationalForm['funds'] & ('total' | 'fiscal' | 'carryover' | 'other'), (k: string) => boolean> = {
  total: (k) => k.startsWith('年度资金总额'),
  fiscal: (k) => k.includes('当年财政拨款') || k.includes('财政拨款'),
  carryover: (k) => k.includes('上年结转'),
  other: (k) => k.startsWith('其他资金') || k.startsWith('其中:其他资金') || k.startsWith('其中：其他资金'),
};
const DASH = /^[-—–－/\\]*$/;

function readPoints(text: string, where: { line: number; field: string; label: string }, issues: Issues): string | undefined {
  const t = normalizeText(text).replace(/\s+/g, '').replace(/分$/, '');
  if (DASH.test(t)) return undefined;
  if (/^\d+(\.\d{1,2})?$/.test(t)) return t.replace(/^0+(?=\d)/, '');
  issues.push(issue(where.line, where.field, `${linePrefix(where.line)}${where.label}“${t.slice(0, 20)}”不是分数。请填写数字，最多两位小数，例如 15 或 9.5。`));
  return undefined;
}

function readFunds(rows: readonly Row[], issues: Issues): { funds: NationalForm['funds']; end: number } {
  const funds: NationalForm['funds'] = { total: {}, fiscal: {}, carryover: {}, other: {} };
  const header = findHeader(
    rows,
    {
      initial: (k) => k.startsWith('年初预算数'),
      annual: (k) => k.startsWith('全年预算数'),
      executed: (k) => k.startsWith('全年执行数'),
      points: (k) => k === '分值',
      rate: (k) => k.startsWith('执行率'),
      score: (k) => k === '得分',
    },
    ['initial', 'annual', 'executed'],
  );
  if (!header) {
    issues.push(issue(undefined, 'funds', '没有找到项目资金表（年初预算数、全年预算数、全年执行数）。请补上。'));
    return { funds, end: 0 };
  }
  // Each data row's label sits just before the first amount column, as in the header.
  const labelIndex = header.at.initial - 1;
  let r = header.index + 1;
  for (; r < rows.length; r++) {
    const row = rows[r];
    const keys = row.cells.map((c) => cellKey(c));
    if (keys.some((k) => k.startsWith('年度总体目标') || k === '一级指标' || k === '预期目标')) break;
    const found = (Object.entries(FUND_LABELS) as [keyof typeof FUND_LABELS, (k: string) => boolean][]).find(([, m]) => keys.some(m));
    if (!found) continue;
    const [id, match] = found;
    const L = keys.findIndex(match);
    const cell = (col: string) => {
      const i = header.at[col];
      return i === undefined ? undefined : row.cells[L + (i - labelIndex)];
    };
    const target: FundRow = {};
    for (const col of ['initial', 'annual', 'executed'] as const) {
      const c = cell(col);
      const text = cellValue(c);
      if (DASH.test(text.replace(/\s+/g, ''))) continue;
      const label = `${['年度资金总额', '当年财政拨款', '上年结转资金', '其他资金'][['total', 'fiscal', 'carryover', 'other'].indexOf(id)]}的${{ initial: '年初预算数', annual: '全年预算数', executed: '全年执行数' }[col]}`;
      const v = readAmount(text, { line: c?.line ?? row.line, field: `funds.${id}.${col}`, label }, issues);
      if (v !== undefined) target[col] = v;
    }
    funds[id] = target;
    if (id === 'total') {
      const p = cell('points');
      if (p && !isBlankCell(p)) {
        const v = readPoints(cellValue(p), { line: p.line, field: 'funds.points', label: '预算执行率分值' }, issues);
        if (v !== undefined) funds.points = v;
      }
      const rate = cell('rate');
      if (rate && !isBlankCell(rate) && !DASH.test(cellKey(rate))) funds.rateStated = cellValue(rate).slice(0, 40);
      const s = cell('score');
      if (s && !isBlankCell(s)) {
        const v = readPoints(cellValue(s), { line: s.line, field: 'funds.selfScore', label: '预算执行率得分' }, issues);
        if (v !== undefined) funds.selfScore = v;
      }
    }
  }
  if (Object.keys(funds.total).length === 0) issues.push(issue(header.row.line, 'funds.total', `${linePrefix(header.row.line)}没有读到年度资金总额。请补上年初预算数、全年预算数和全年执行数。`));
  return { funds, end: r };
}

function readGoals(rows: readonly Row[]): NationalForm['goals'] {
  const header = findHeader(rows, { expected: (k) => k.startsWith('预期目标'), actual: (k) => k.startsWith('实际完成情况') }, ['expected', 'actual']);
  if (!header) return {};
  const goals: NationalForm['goals'] = {};
  // The values are in the next row; or, when the labels share a row with the values, after each label.
  const next = rows[header.index + 1];
  const useNext = next && !next.cells.some((c) => cellKey(c) === '一级指标' || cellKey(c).startsWith('绩效指标'));
  const expected = useNext ? under(next, header, 'expected') : header.row.cells[header.at.expected + 2];
  const actual = useNext ? under(next, header, 'actual') : header.row.cells[header.at.actual + 2];
  const e = multiline(expected);
  const a = multiline(actual);
  if (e) goals.expected = e.slice(0, 20000);
  if (a) goals.actual = a.slice(0, 20000);
  return goals;
}

const isNumberCell = (c: Cell | undefined) => /^\d+(\.\d+)?分?$/.test(normalizeText(cellText(c)).replace(/\s+/g, ''));
const LEVEL_WORD = /产出|效益|效果|满意/;

/**
 * How far a data row's cells sit from the header's columns: exports drop or add the empty cells of
 * merged columns. Each candidate shift is judged by whether the cells look like what their column holds
 * (a level label or nothing, a name, numbers under 分值 and 得分); ties keep the cells where they are.
 */
function indicatorShift(row: Row, header: Columns): number {
  const d = row.cells.length - header.row.cells.length;
  const candidates = [...new Set([0, d, -1, -2, -3, 1, 2])];
  let best = { shift: 0, score: -Infinity };
  for (const shift of candidates) {
    const at = (col: string) => (header.at[col] === undefined ? undefined : header.at[col] + shift);
    const nameAt = at('name');
    if (nameAt === undefined || nameAt < 0 || nameAt >= row.cells.length) continue;
    const cell = (col: string) => {
      const i = at(col);
      return i === undefined || i < 0 ? undefined : row.cells[i];
    };
    const l1 = cellKey(cell('level1'));
    let score = 0;
    if (at('level1')! >= 0) score += l1 === '' || LEVEL_WORD.test(l1) ? 2 : -2;
    const l2 = cellKey(cell('level2'));
    if (header.at.level2 !== undefined && at('level2')! >= 0) score += l2 === '' || l2.endsWith('指标') ? 1 : -1;
    const name = cellKey(cell('name'));
    score += name !== '' && !isNumberCell(cell('name')) ? 2 : -2;
    if (header.at.weight !== undefined) score += cell('weight') === undefined ? -2 : isBlankCell(cell('weight')) || isNumberCell(cell('weight')) ? 2 : -2;
    if (header.at.score !== undefined) score += cell('score') === undefined ? -1 : isBlankCell(cell('score')) || isNumberCell(cell('score')) ? 1 : -1;
    if (!isBlankCell(cell('target'))) score += 1;
    if (shift === 0) score += 0.5;
    else if (shift === d) score += 0.25;
    if (score > best.score) best = { shift, score };
  }
  return best.shift;
}

const LEVEL_OF = (k: string): NationalLevel | undefined =>
  k.includes('产出') ? 'output' : k.includes('效益') || k.includes('效果') ? 'benefit' : k.includes('满意') ? 'satisfaction' : undefined;

function readIndicators(rows: readonly Row[], from: number, issues: Issues): { indicators: NationalIndicator[]; selfTotal?: string } {
  const header = findHeader(
    rows,
    {
      level1: (k) => k === '一级指标',
      level2: (k) => k === '二级指标',
      name: (k) => k === '三级指标',
      target: (k) => k.startsWith('年度指标值') || k === '指标值' || k === '年度目标值',
      actual: (k) => k.startsWith('实际完成值'),
      weight: (k) => k === '分值' || k.startsWith('分值(') || k === '权重' || k === '指标分值',
      score: (k) => k === '得分' || k === '自评得分' || k === '评分' || k.startsWith('得分('),
      deviation: (k) => k.startsWith('偏差原因'),
    },
    ['level1', 'name', 'target', 'actual'],
    from,
  );
  const indicators: NationalIndicator[] = [];
  let selfTotal: string | undefined;
  const readTotal = (row: Row, i: number) => {
    const values = row.cells.slice(i + 1).map((c) => ({ c, t: cellValue(c).replace(/\s+/g, '') })).filter((v) => /^\d+(\.\d+)?分?$/.test(v.t));
    // One figure only: 100 is the 分值 column (the unit's total was left empty), anything else the total.
    const last = values.length === 1 && Number(values[0].t.replace(/分$/, '')) === 100 ? undefined : values[values.length - 1];
    if (last) selfTotal = readPoints(last.t, { line: last.c.line, field: 'selfTotal', label: '总分' }, issues);
  };
  if (!header) {
    issues.push(issue(undefined, 'indicators', '没有找到绩效指标表（一级指标、三级指标、年度指标值、实际完成值）。请补上。'));
    return { indicators };
  }
  let level1: NationalLevel | undefined;
  let level2 = '';
  for (let r = header.index + 1; r < rows.length; r++) {
    const row = rows[r];
    const keys = row.cells.map((c) => cellKey(c));
    const t = keys.findIndex((k) => k === '总分' || k === '合计' || k === '总计');
    if (t >= 0) {
      readTotal(row, t);
      break;
    }
    if (keys.every((k) => k === '')) continue;
    const shift = indicatorShift(row, header);
    const get = (col: string) => (header.at[col] === undefined ? undefined : row.cells[header.at[col] + shift]);
    const l1 = cellKey(get('level1'));
    if (l1 !== '') {
      const lv = LEVEL_OF(l1);
      if (lv === undefined) {
        issues.push(issue(row.line, 'indicators', `${linePrefix(row.line)}一级指标“${cellText(get('level1')).slice(0, 20)}”不是产出、效益或满意度指标。这一行已跳过，请核对。`));
        continue;
      }
      if (lv !== level1) level2 = '';
      level1 = lv;
    }
    const l2 = cellText(get('level2'));
    if (l2 !== '') level2 = l2.slice(0, 100);
    const name = cellText(get('name'));
    if (name === '') {
      if ([get('target'), get('actual'), get('weight')].some((c) => !isBlankCell(c))) {
        issues.push(issue(row.line, 'indicators', `${linePrefix(row.line)}这一行指标没有三级指标名称，已跳过。请补上名称。`));
      }
      continue;
    }
    if (level1 === undefined) {
      issues.push(issue(row.line, 'indicators', `${linePrefix(row.line)}“${name.slice(0, 20)}”前面没有一级指标，已跳过。请写明产出、效益或满意度指标。`));
      continue;
    }
    const where = (field: string, label: string) => ({ line: row.line, field: `indicators.${indicators.length}.${field}`, label: `“${name.slice(0, 20)}”的${label}` });
    // Targets and actuals with full-width digits and signs folded (Ｎ％ → N%), as the scorer reads them.
    const ind: NationalIndicator = { level1, name: limitText(name, 200, where('name', '名称'), issues), target: limitText(cellValue(get('target')), 200, where('target', '年度指标值'), issues) };
    if (level2) ind.level2 = level2;
    const actual = cellValue(get('actual'));
    if (actual) ind.actual = limitText(actual, 500, where('actual', '实际完成值'), issues);
    const w = cellText(get('weight'));
    if (w) {
      const v = readPoints(w, where('weight', '分值'), issues);
      if (v !== undefined) ind.weight = v;
    }
    const s = cellText(get('score'));
    if (s) {
      const v = readPoints(s, where('selfScore', '得分'), issues);
      if (v !== undefined) ind.selfScore = v;
    }
    const d = multiline(get('deviation'));
    if (d && !DASH.test(d)) ind.deviation = limitText(d, 2000, where('deviation', '偏差原因'), issues);
    indicators.push(ind);
  }
  if (selfTotal === undefined) {
    for (const row of rows.slice(header.index)) {
      const t = row.cells.findIndex((c) => cellKey(c) === '总分');
      if (t >= 0) readTotal(row, t);
    }
  }
  return { indicators, ...(selfTotal !== undefined ? { selfTotal } : {}) };
}

const NOT_A_FORM = '这个文件不是项目支出绩效自评表（没有找到项目资金、绩效指标等栏目）。请上传自评表的文本导出、表单 JSON 或 DOCX。';

/** Reads rows already cut into cells (the text layout, or a DOCX table). */
export function importNationalRows(rows: readonly Row[], format: 'text' | 'docx', options: { force?: boolean } = {}): NationalImportResult {
  const template = detectTemplate(rows.flatMap((r) => r.cells.map((c) => cellKey(c))));
  if (options.force && template === 'suzhou') return { ok: false, message: '这个文件是苏州市级财政支出项目绩效自评表，不能按项目支出绩效自评表的规则集审核。请去掉 --rules，或改用 --rules suzhou-2021。' };
  if (template !== 'national' && !(options.force && template === undefined && rows.length > 0)) return { ok: false, message: NOT_A_FORM };
  const issues: Issues = [];
  const project = readProject(rows, issues);
  const { funds, end } = readFunds(rows, issues);
  const goals = readGoals(rows);
  const { indicators, selfTotal } = readIndicators(rows, end, issues);
  const parsed = NationalForm.safeParse({ template: 'national', project, funds, goals, indicators, ...(selfTotal !== undefined ? { selfTotal } : {}), overrides: [] });
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')).join('、');
    return { ok: false, message: `读取后的表单不完整（${where}），无法审核。请把这个文件发给维护人员。` };
  }
  return { ok: true, template: 'national', form: parsed.data, issues: issues.map((i) => issue(i.line, i.field, i.message)), format };
}

/** `force` (--rules names a national rule set): read a layout the labels do not recognise, unless it is clearly the Suzhou form. */
export function importNationalText(text: string, options: { force?: boolean } = {}): NationalImportResult {
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, message: `文件太大（${Math.round(text.length / 1000)} 千字），不像一份自评表。请检查是否选错了文件。` };
  return importNationalRows(toRows(splitLines(text)), 'text', options);
}

/** Whether a JSON text is a national form (its "template" says so). */
export function isNationalJson(text: string): boolean {
  if (text.length > MAX_TEXT_LENGTH) return false;
  try {
    return isNationalForm(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch {
    return false;
  }
}

export function importNationalJson(text: string): NationalImportResult {
  const json = parseJsonFile(text);
  if (!json.ok) return json;
  const data = json.data;
  if (!isNationalForm(data)) return { ok: false, message: '这个 JSON 不是项目支出绩效自评表（缺少 "template": "national"）。' };
  const parsed = NationalForm.safeParse({ ...(data as object), template: 'national' });
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '表单'}：${i.message}`);
    return { ok: false, message: `表单 JSON 有错：${problems.join('；')}。请改正后重新导入。` };
  }
  return { ok: true, template: 'national', form: parsed.data, issues: [], format: 'json' };
}

/** The national form as pretty JSON, ending with a newline. */
export function nationalFormToJson(form: NationalForm): string {
  return `${JSON.stringify(NationalForm.parse(form), null, 2)}\n`;
}

/** What the conversation says when handed a national form (it fills only the Suzhou form so far). */
export const NATIONAL_NOT_IN_CHAT =
  '这是财政部通用格式的《项目支出绩效自评表》。对话里暂时只能填写苏州市级自评表；这份表请用命令 jixiao audit <文件> 审核，或用 jixiao export 导出。';

/** Whether a decoded text (layout or JSON) is a national form. */
export function isNationalText(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  return body.startsWith('{') ? isNationalJson(body) : looksNational(text);
}
