// Reads a DOCX made by buildDocx back into the form model, so last year's file can start this
// year's form. Tables are found by their labels (项目名称, 年初预算数, 子项名称, 指标名称 …), merged cells
// are resolved on the table grid, amounts read with parseAmount. The form saved in the custom
// properties (hidden.ts) restores what the page does not show (grades, 不适用 indicators, overrides,
// the rule set); every value the page shows wins when someone edited it after the export.
import {
  Amount,
  Form,
  NARRATIVE_KEYS,
  NonNegativeAmount,
  Points,
  categoryFromLabel,
  compact,
  getRuleSet,
  normalizeText,
  parseAmount,
  scoreForm,
  str,
  type CategoryId,
  type Indicator,
  type NarrativeKey,
  type SubItem,
} from '../../rules/index.js';
import type { ImportIssue, ImportResult } from '../../dialogs/ports.js';
import { checkXml, LIMIT_MESSAGES, LimitError } from '../import/limits.js';
import { ZipFormatError, ZipReader } from '../import/zip.js';
import { decodeHidden } from './hidden.js';
import { L } from './labels.js';
import { readCustomProperties, readDocument, type DocBody, type DocCell, type DocTable } from './ooxml.js';
import { buildView, narrativeValue, type FormView } from './view.js';
import { FIELD_LABELS } from '../../rules/index.js';

type VisibleIndicator = { category?: CategoryId; categoryText: string; name: string; target: string; weight: string; actual: string };
type VisibleAppendixRow = { category?: CategoryId; name: string; selfScore: string; note: string };

/** What the page shows, as text; undefined where a label was not found. */
type Visible = {
  ruleSet?: string;
  name?: string;
  year?: string;
  department?: string;
  budget: { initial?: string; adjustment?: string; appropriated?: string; quotaBalance?: string };
  funds: { appropriated?: string; paid?: string; balance?: string; carriedOver?: string; recovered?: string };
  subItems?: { name: string; budget: string; actual: string }[];
  indicators?: VisibleIndicator[];
  appendix?: VisibleAppendixRow[];
  narrative: Partial<Record<NarrativeKey, string>>;
};

/** The appendix names the rule set: “按规则集 suzhou-2021（…）计算的得分”. */
const RULE_SET_MENTION = /按规则集\s*([a-z0-9-]+)/;

/** Text as typed, only line ends unified and the ends trimmed (full-width （） stay as they are). */
const clean = (s: string) => s.replace(/\r\n?/g, '\n').trim();

const same = (a: string, b: string) => compact(a) === compact(b);

type Pos = { t: number; r: number; i: number };

function locate(tables: DocTable[], label: string, where?: (row: DocCell[]) => boolean): Pos | undefined {
  for (let t = 0; t < tables.length; t++) {
    for (let r = 0; r < tables[t].length; r++) {
      const row = tables[t][r];
      if (where && !where(row)) continue;
      const i = row.findIndex((c) => c.vMerge !== 'continue' && same(c.text, label));
      if (i >= 0) return { t, r, i };
    }
  }
  return undefined;
}

const cellAt = (tables: DocTable[], p: Pos) => tables[p.t][p.r][p.i];

function rightOf(tables: DocTable[], p: Pos | undefined): string | undefined {
  if (!p) return undefined;
  return tables[p.t][p.r][p.i + 1]?.text;
}

/** The value under a header cell: the first row below, at the same grid column, that is not merged into it. */
function below(tables: DocTable[], p: Pos | undefined): string | undefined {
  if (!p) return undefined;
  const col = cellAt(tables, p).col;
  const rows = tables[p.t];
  for (let r = p.r + 1; r < rows.length; r++) {
    const cell = rows[r].find((c) => c.col === col);
    if (!cell) return undefined;
    if (cell.vMerge === 'continue') continue;
    return cell.text;
  }
  return undefined;
}

function inRow(tables: DocTable[], p: Pos | undefined, label: string): Pos | undefined {
  if (!p) return undefined;
  const i = tables[p.t][p.r].findIndex((c) => c.vMerge !== 'continue' && same(c.text, label));
  return i >= 0 ? { ...p, i } : undefined;
}

const rowHas = (...labels: string[]) => (row: DocCell[]) => labels.every((l) => row.some((c) => same(c.text, l)));

/** Reads the rows under a header row, by the header's columns, until a 合计 row or the table ends. */
function readRows(tables: DocTable[], header: Pos, labels: Record<string, string>): { cells: Record<string, DocCell | undefined> }[] {
  const head = tables[header.t][header.r];
  const cols: Record<string, number | undefined> = {};
  for (const [key, label] of Object.entries(labels)) cols[key] = head.find((c) => same(c.text, label))?.col;
  const out: { cells: Record<string, DocCell | undefined> }[] = [];
  const rows = tables[header.t];
  for (let r = header.r + 1; r < rows.length; r++) {
    const row = rows[r];
    const first = row.find((c) => c.vMerge !== 'continue');
    if (first && same(first.text, L.total) && first.col <= (cols.name ?? 0)) break;
    const cells: Record<string, DocCell | undefined> = {};
    for (const [key, col] of Object.entries(cols)) cells[key] = col === undefined ? undefined : row.find((c) => c.col === col);
    out.push({ cells });
  }
  return out;
}

const textOf = (c: DocCell | undefined) => (c && c.vMerge !== 'continue' ? c.text : '');

function readVisible({ tables, paragraphs }: DocBody): Visible {
  const v: Visible = { budget: {}, funds: {}, narrative: {} };
  for (const p of paragraphs) {
    const m = RULE_SET_MENTION.exec(p);
    if (m && getRuleSet(m[1])) {
      if (!p.includes(L.chosenByYear)) v.ruleSet = m[1];
      break;
    }
  }
  v.name = rightOf(tables, locate(tables, L.name));
  v.year = rightOf(tables, locate(tables, L.year));
  v.department = rightOf(tables, locate(tables, L.department));

  const budgetHead = locate(tables, L.initial);
  v.budget = {
    initial: below(tables, budgetHead),
    adjustment: below(tables, inRow(tables, budgetHead, L.adjustment)),
    appropriated: below(tables, inRow(tables, budgetHead, L.appropriated)),
    quotaBalance: below(tables, inRow(tables, budgetHead, L.quotaBalance)),
  };
  const fundsHead = locate(tables, L.paid, rowHas(L.paid, L.balance));
  v.funds = {
    appropriated: below(tables, inRow(tables, fundsHead, L.appropriated)),
    paid: below(tables, fundsHead),
    balance: below(tables, inRow(tables, fundsHead, L.balance)),
    carriedOver: below(tables, locate(tables, L.carriedOver)),
    recovered: below(tables, locate(tables, L.recovered)),
  };

  const subHead = locate(tables, L.subItemName);
  if (subHead) {
    v.subItems = readRows(tables, subHead, { name: L.subItemName, budget: L.subItemBudget, actual: L.subItemActual })
      .map(({ cells }) => ({ name: textOf(cells.name), budget: textOf(cells.budget), actual: textOf(cells.actual) }))
      .filter((s) => s.name.trim() !== '' || s.budget.trim() !== '' || s.actual.trim() !== '');
  }

  const indHead = locate(tables, L.indicatorName, rowHas(L.indicatorName, L.target, L.actual));
  if (indHead) {
    let category: CategoryId | undefined;
    let categoryText = '';
    v.indicators = [];
    const rows = readRows(tables, indHead, { category: L.category, name: L.indicatorName, target: L.target, weight: L.weight, actual: L.actual });
    for (const { cells } of rows) {
      const cat = cells.category;
      if (cat && cat.vMerge !== 'continue' && cat.text.trim() !== '') {
        categoryText = cat.text;
        category = categoryFromLabel(cat.text);
      }
      const row = { category, categoryText, name: textOf(cells.name), target: textOf(cells.target), weight: textOf(cells.weight), actual: textOf(cells.actual) };
      if ([row.name, row.target, row.weight, row.actual].every((s) => s.trim() === '')) continue;
      v.indicators.push(row);
    }
  }

  const appHead = locate(tables, L.userSelfScore, rowHas(L.indicatorName, L.userSelfScore));
  if (appHead) {
    v.appendix = readRows(tables, appHead, { category: L.category, name: L.indicatorName, self: L.userSelfScore, note: L.note }).map(({ cells }) => ({
      category: categoryFromLabel(textOf(cells.category)),
      name: textOf(cells.name),
      selfScore: textOf(cells.self),
      note: textOf(cells.note),
    }));
  }

  for (const key of NARRATIVE_KEYS) {
    v.narrative[key] = rightOf(tables, locate(tables, FIELD_LABELS[`narrative.${key}`]));
  }
  return v;
}

/** Turns page text into field values, recording what could not be read. */
class Reader {
  readonly issues: ImportIssue[] = [];

  text(field: string, value: string, max = 200): string | undefined {
    const t = clean(value);
    if (t === '') return undefined;
    if (t.length > max) {
      this.issues.push({ field, message: `「${this.label(field)}」超过 ${max} 个字，已截断，请核对。` });
      return t.slice(0, max);
    }
    return t;
  }

  year(value: string): number | undefined {
    const t = normalizeText(value).replace(/年$/, '');
    if (t === '') return undefined;
    const n = /^\d{4}$/.test(t) ? Number(t) : NaN;
    if (n >= 2000 && n <= 2100) return n;
    this.issues.push({ field: 'project.year', message: `项目年份“${value}”无法识别，已留空，请重新填写。` });
    return undefined;
  }

  amount(field: string, value: string, negative = false): string | undefined {
    if (normalizeText(value) === '') return undefined;
    const parsed = parseAmount(value, { allowNegative: negative });
    const s = parsed.ok ? str(parsed.value.value) : undefined;
    if (s !== undefined && (negative ? Amount : NonNegativeAmount).safeParse(s).success) return s;
    this.issues.push({ field, message: `「${this.label(field)}」的“${value}”不是有效金额（万元），已留空，请重新填写。` });
    return undefined;
  }

  points(field: string, value: string): string | undefined {
    const t = normalizeText(value).replace(/分$/, '');
    if (t === '') return undefined;
    if (Points.safeParse(t).success) return t;
    this.issues.push({ field, message: `${field}“${value}”不是有效分值（最多两位小数），已留空，请重新填写。` });
    return undefined;
  }

  private label(field: string): string {
    return (FIELD_LABELS as Record<string, string>)[field] ?? field;
  }
}

/** A field: the saved value when the page still shows what was printed for it, else what the page shows. */
function pick<T>(visible: string | undefined, expected: string | undefined, saved: T | undefined, parse: (s: string) => T | undefined, haveBase: boolean): T | undefined {
  if (visible === undefined) return saved;
  if (haveBase && visible === expected) return saved;
  return parse(visible);
}

function mergeIndicators(v: Visible, base: Form | undefined, exp: FormView | undefined, rd: Reader): Indicator[] {
  const visibleRows = v.indicators ?? [];
  const appendix = v.appendix ?? [];
  const expRows = exp ? exp.categories.flatMap((c) => c.rows) : [];
  const expAppendix = exp?.appendix.rows ?? [];
  const baseInds = base?.indicators ?? [];
  const label = (row: { name: string }) => `指标「${row.name}」的`;

  const fromPage = (row: VisibleIndicator, prior: Indicator | undefined): Indicator | undefined => {
    const category = row.category ?? prior?.category;
    if (!category) {
      rd.issues.push({ field: 'indicators', message: `指标「${row.name}」的类别“${row.categoryText}”无法识别，已略过，请补充。` });
      return undefined;
    }
    const ind: Indicator = { ...(prior ?? {}), category, name: clean(row.name).slice(0, 200), target: clean(row.target).slice(0, 200) };
    const weight = rd.points(`${label(row)}权重`, row.weight);
    const actual = clean(row.actual).slice(0, 500);
    if (weight !== undefined) ind.weight = weight;
    else delete ind.weight;
    if (actual !== '') ind.actual = actual;
    else delete ind.actual;
    return ind;
  };

  const applyAppendix = (ind: Indicator, row: VisibleAppendixRow | undefined, expected: { selfScore: string; note: string } | undefined) => {
    if (!row) return ind;
    const out = { ...ind };
    const self = pick(row.selfScore, expected?.selfScore, ind.selfScore, (s) => rd.points(`指标「${ind.name}」的自评分`, s), expected !== undefined);
    const note = pick(row.note, expected?.note, ind.note, (s) => (clean(s) === '' ? undefined : clean(s).slice(0, 2000)), expected !== undefined);
    if (self !== undefined) out.selfScore = self;
    else delete out.selfScore;
    if (note !== undefined) out.note = note;
    else delete out.note;
    return out;
  };

  const sameShape =
    base !== undefined && visibleRows.length === expRows.length && visibleRows.every((r, i) => r.category === expRows[i].category);
  if (sameShape) {
    const result = baseInds.map((ind) => ({ ...ind }));
    visibleRows.forEach((row, i) => {
      const e = expRows[i];
      const prior = baseInds[e.index];
      const ind: Indicator = { ...prior };
      if (row.name !== e.name) ind.name = clean(row.name).slice(0, 200);
      if (row.target !== e.target) ind.target = clean(row.target).slice(0, 200);
      if (row.weight !== e.weight) {
        const w = rd.points(`${label(row)}权重`, row.weight);
        if (w !== undefined) ind.weight = w;
        else delete ind.weight;
      }
      if (row.actual !== e.actual) {
        const a = clean(row.actual).slice(0, 500);
        if (a !== '') ind.actual = a;
        else delete ind.actual;
      }
      result[e.index] = ind;
    });
    const appendixShape = appendix.length === expAppendix.length;
    return result.map((ind, index) => {
      if (!appendixShape) return applyAppendix(ind, findAppendix(appendix, ind, new Set()), undefined);
      return applyAppendix(ind, appendix[index], expAppendix[index]);
    });
  }

  // The table was changed (rows added, removed or moved): read it as it stands, keeping what was saved
  // for indicators whose category and name are still there.
  if (base) rd.issues.push({ field: 'indicators', message: '指标表与文件中保存的内容不一致，已按表格现有内容读取，请核对各指标。' });
  const used = new Set<number>();
  const usedAppendix = new Set<number>();
  const out: Indicator[] = [];
  for (const row of visibleRows) {
    const j = baseInds.findIndex((b, k) => !used.has(k) && b.category === row.category && same(b.name, row.name) && !b.notApplicable);
    if (j >= 0) used.add(j);
    const prior = j >= 0 ? baseInds[j] : undefined;
    const ind = fromPage(row, prior ? { ...prior } : undefined);
    if (!ind) continue;
    out.push(applyAppendix(ind, findAppendix(appendix, ind, usedAppendix), undefined));
  }
  baseInds.forEach((b, k) => {
    if (b.notApplicable && !used.has(k)) out.push(b);
  });
  return out;
}

function findAppendix(rows: VisibleAppendixRow[], ind: Indicator, used: Set<number>): VisibleAppendixRow | undefined {
  const k = rows.findIndex((r, i) => !used.has(i) && (r.category === undefined || r.category === ind.category) && same(r.name, ind.name));
  if (k < 0) return undefined;
  used.add(k);
  return rows[k];
}

function mergeSubItems(v: Visible, base: Form | undefined, exp: FormView | undefined, rd: Reader): SubItem[] {
  const rows = v.subItems;
  if (!rows) return base?.subItems ?? [];
  const baseItems = base?.subItems ?? [];
  const shaped = base !== undefined && exp !== undefined && rows.length === baseItems.length;
  const out: SubItem[] = [];
  rows.forEach((row, i) => {
    const prior = shaped ? baseItems[i] : undefined;
    const e = shaped ? exp!.subItems[i] : undefined;
    const name = pick(row.name, e?.name, prior?.name, (s) => rd.text('subItems', s), shaped);
    if (name === undefined) {
      rd.issues.push({ field: 'subItems', message: '项目资金构成中有一行没有子项名称，已略过，请补充。' });
      return;
    }
    const item: SubItem = { name };
    const budget = pick(row.budget, e?.budget, prior?.budget, (s) => rd.amount(`子项「${name}」的预算数`, s), shaped);
    const actual = pick(row.actual, e?.actual, prior?.actual, (s) => rd.amount(`子项「${name}」的实际数`, s), shaped);
    if (budget !== undefined) item.budget = budget;
    if (actual !== undefined) item.actual = actual;
    out.push(item);
  });
  return out;
}

function toForm(v: Visible, base: Form | undefined): { form: Form; issues: ImportIssue[] } {
  const rd = new Reader();
  const exp = base ? buildView(base, scoreForm(base)) : undefined;
  const has = base !== undefined;
  const b = base ?? Form.parse({});
  const amount = (field: string, negative = false) => (s: string) => rd.amount(field, s, negative);

  // 财政拨款数 is printed twice; an edit in either place counts.
  const appropriatedText =
    v.budget.appropriated !== undefined && v.budget.appropriated !== exp?.budget.appropriated ? v.budget.appropriated : v.funds.appropriated ?? v.budget.appropriated;

  const form: Form = {
    ...(has ? (b.ruleSet ? { ruleSet: b.ruleSet } : {}) : v.ruleSet ? { ruleSet: v.ruleSet } : {}),
    project: {
      name: pick(v.name, exp?.name, b.project.name, (s) => rd.text('project.name', s), has),
      year: pick(v.year, exp?.year, b.project.year, (s) => rd.year(s), has),
      department: pick(v.department, exp?.department, b.project.department, (s) => rd.text('project.department', s), has),
    },
    budget: {
      initial: pick(v.budget.initial, exp?.budget.initial, b.budget.initial, amount('budget.initial'), has),
      adjustment: pick(v.budget.adjustment, exp?.budget.adjustment, b.budget.adjustment, amount('budget.adjustment', true), has),
      appropriated: pick(appropriatedText, exp?.budget.appropriated, b.budget.appropriated, amount('budget.appropriated'), has),
      quotaBalance: pick(v.budget.quotaBalance, exp?.budget.quotaBalance, b.budget.quotaBalance, amount('budget.quotaBalance', true), has),
    },
    funds: {
      paid: pick(v.funds.paid, exp?.funds.paid, b.funds.paid, amount('funds.paid'), has),
      balance: pick(v.funds.balance, exp?.funds.balance, b.funds.balance, amount('funds.balance', true), has),
      carriedOver: pick(v.funds.carriedOver, exp?.funds.carriedOver, b.funds.carriedOver, amount('funds.carriedOver'), has),
      recovered: pick(v.funds.recovered, exp?.funds.recovered, b.funds.recovered, amount('funds.recovered'), has),
    },
    subItems: mergeSubItems(v, base, exp, rd),
    indicators: mergeIndicators(v, base, exp, rd),
    narrative: {},
    overrides: b.overrides,
  };
  for (const key of NARRATIVE_KEYS) {
    const expected = exp?.narrative.find((n) => n.key === key)?.text;
    const value = pick(v.narrative[key], expected, b.narrative[key], (s) => narrativeValue(s)?.slice(0, 20000), has);
    if (value !== undefined) form.narrative[key] = value;
  }
  dropUndefined(form.project);
  dropUndefined(form.budget);
  dropUndefined(form.funds);
  return { form, issues: rd.issues };
}

function dropUndefined(o: Record<string, unknown>): void {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
}

const NOT_OURS = '没有在这个 Word 文件中找到绩效自评表（项目名称、指标名称等表格）。请发送本助手导出的 Word 文件，或按样表格式整理的文本。';
const NOT_A_ZIP = '文件无法打开：它不是有效的 Word（.docx）文件。请另存为 .docx 后重新发送。';
const DAMAGED = 'Word 文件已损坏，无法读取。请在 Word 中重新保存后再发送。';

/**
 * Reads a DOCX. Never trusts the zip: inflation counts the bytes it produces and stops at
 * MAX_UNPACKED_BYTES, the XML is checked for depth, size and DOCTYPE before it is parsed (limits.ts).
 */
export async function readDocx(bytes: Uint8Array): Promise<ImportResult> {
  try {
    return readZipped(bytes);
  } catch (error) {
    if (error instanceof LimitError) return { ok: false, message: LIMIT_MESSAGES[error.kind] };
    throw error;
  }
}

function readZipped(bytes: Uint8Array): ImportResult {
  let zip: ZipReader;
  try {
    zip = new ZipReader(bytes);
  } catch (error) {
    if (error instanceof ZipFormatError) return { ok: false, message: NOT_A_ZIP };
    throw error;
  }
  let documentXml: string | undefined;
  try {
    documentXml = zip.text('word/document.xml');
  } catch (error) {
    if (error instanceof ZipFormatError) return { ok: false, message: DAMAGED };
    throw error;
  }
  if (documentXml === undefined) return { ok: false, message: '文件中没有 Word 正文（word/document.xml）。请发送 .docx 格式的自评表。' };
  checkXml(documentXml);
  let body: DocBody;
  try {
    body = readDocument(documentXml);
  } catch {
    return { ok: false, message: 'Word 文件的正文已损坏，无法读取。请在 Word 中重新保存后再发送。' };
  }
  const visible = readVisible(body);
  if (visible.name === undefined && visible.indicators === undefined) return { ok: false, message: NOT_OURS };

  // The saved form is optional: a damaged one is ignored, one past a limit refuses the file.
  let base: Form | undefined;
  try {
    const customXml = zip.text('docProps/custom.xml');
    if (customXml !== undefined) {
      checkXml(customXml);
      base = decodeHidden(readCustomProperties(customXml));
    }
  } catch (error) {
    if (error instanceof LimitError) throw error;
    base = undefined;
  }
  const { form, issues } = toForm(visible, base);
  const parsed = Form.safeParse(form);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join('、');
    return { ok: false, message: `Word 文件中的内容不完整或格式不对（${where}），无法读取。请核对后重新发送。` };
  }
  return { ok: true, form: parsed.data, issues, format: 'docx' };
}
