// 项目绩效实现情况: the header row (项目 类别 指标名称 目标值 权重 实际完成值 自评分) and one row per
// indicator. A category label (投入目标, 产出, …) opens a category that holds until the next one.
import { categoryFromLabel, dec, normalizeText, places, str, type CategoryId, type Indicator } from '../../../rules/index.js';
import { cellKey, cellText, cellValue, isBlank, quote, type Cell, type Row } from '../layout.js';
import { issue, limitText, linePrefix, type Issues } from '../issues.js';
import { endsTable, isIndicatorHeader, isTotalLabel } from './markers.js';

type Col = 'project' | 'category' | 'name' | 'target' | 'weight' | 'actual' | 'selfScore' | 'note';

const HEADER: ReadonlyArray<[Col, (k: string) => boolean]> = [
  ['project', (k) => k === '项目'],
  ['category', (k) => k === '类别' || k === '指标类别'],
  ['name', (k) => k === '指标名称'],
  ['target', (k) => k.startsWith('目标值') || k === '年度目标值'],
  ['weight', (k) => k.startsWith('权重') || k.startsWith('分值')],
  ['actual', (k) => k.startsWith('实际完成值') || k.startsWith('实际值')],
  ['selfScore', (k) => k.startsWith('自评分') || k === '得分'],
  ['note', (k) => k === '说明' || k === '备注' || k.startsWith('偏差原因')],
];
const DATA_COLUMNS: readonly Col[] = ['name', 'target', 'weight', 'actual', 'selfScore'];
const DEFAULT_COLUMNS: Col[] = ['project', 'category', 'name', 'target', 'weight', 'actual', 'selfScore'];

const isSectionLabel = (k: string) => k.startsWith('项目绩效实现情况') || k === '项目';

export function readIndicators(rows: readonly Row[], issues: Issues): { indicators: Indicator[]; endLine?: number } {
  const start = rows.findIndex(isIndicatorHeader);
  if (start < 0) {
    issues.push(issue(undefined, 'indicators', '没有找到绩效指标表（表头“指标名称”）。请检查文件是否完整。'));
    return { indicators: [] };
  }
  const columns: (Col | undefined)[] = rows[start].cells.map((c) => HEADER.find(([, m]) => m(cellKey(c)))?.[0]);
  const cols: (Col | undefined)[] = columns.includes('name') ? columns : DEFAULT_COLUMNS;
  const indicators: Indicator[] = [];
  let category: CategoryId | 'unknown' | undefined;
  let i = start + 1;
  for (; i < rows.length && !endsTable(rows[i]); i++) {
    const row = rows[i];
    if (row.cells.every(isBlank)) continue;
    const firstFilled = row.cells.find((c) => !isBlank(c));
    if (isTotalLabel(cellKey(firstFilled))) continue;
    const get = align(row, cols, issues);
    const catText = cellText(get('category'));
    if (catText) {
      const id = categoryFromLabel(normalizeText(catText));
      if (id) category = id;
      else {
        category = 'unknown';
        const line = get('category')!.line;
        issues.push(issue(line, 'indicators', `${linePrefix(line)}类别“${quote(catText)}”无法识别，应为投入、产出、结果或影响力。这一类的指标已跳过，请改正类别。`));
      }
    }
    const nameCell = get('name');
    const name = cellText(nameCell);
    const n = indicators.length;
    if (name === '') {
      const rest = (['target', 'weight', 'actual', 'selfScore'] as const).some((c) => !isBlank(get(c)));
      if (rest) issues.push(issue(row.line, `indicators[${n}].name`, `${linePrefix(row.line)}这一行指标没有名称，已跳过。请补上指标名称。`));
      continue;
    }
    if (category === 'unknown') continue; // said once, at the label
    if (!category) {
      issues.push(issue(row.line, `indicators[${n}].category`, `${linePrefix(row.line)}指标“${quote(name)}”前面没有类别，已跳过。请在类别一栏填写投入、产出、结果或影响力。`));
      continue;
    }
    const where = (col: Col, label: string) => ({ line: get(col)?.line ?? row.line, field: `indicators[${n}].${col}`, label: `指标“${quote(name, 12)}”的${label}` });
    const ind: Indicator = {
      category,
      name: limitText(name, 200, { line: nameCell!.line, field: `indicators[${n}].name`, label: '指标名称' }, issues),
      target: limitText(cellValue(get('target')), 200, where('target', '目标值'), issues),
    };
    const weight = readPoints(get('weight'), where('weight', '权重'), issues);
    if (weight !== undefined) ind.weight = weight;
    const actual = cellValue(get('actual'));
    if (actual !== '') ind.actual = limitText(actual, 500, where('actual', '实际完成值'), issues);
    const self = readPoints(get('selfScore'), where('selfScore', '自评分'), issues);
    if (self !== undefined) ind.selfScore = self;
    const note = cellText(get('note'));
    if (note !== '') ind.note = limitText(note, 2000, where('note', '说明'), issues);
    indicators.push(ind);
  }
  return { indicators, ...(i < rows.length ? { endLine: rows[i].line } : {}) };
}

/**
 * Lines the row's cells up with the header. A complete row maps column for column; a short one is
 * anchored on its category label, else on its leading blank cells (the 项目/类别 columns), else it is
 * taken to lack those leading columns. A short row is reported: a cell may have been lost.
 */
function align(row: Row, cols: readonly (Col | undefined)[], issues: Issues): (col: Col) => Cell | undefined {
  const cells = row.cells;
  let offset = 0;
  if (cells.length < cols.length) {
    const catCol = cols.indexOf('category');
    const nameCol = cols.indexOf('name');
    const k = cells.findIndex((c) => categoryFromLabel(normalizeText(cellText(c))) !== undefined);
    if (k >= 0 && catCol >= 0) offset = catCol - k;
    else if (isSectionLabel(cellKey(cells[0]))) offset = 0;
    else if (nameCol > 0 && cells.slice(0, nameCol).every(isBlank)) offset = 0;
    else offset = Math.max(0, nameCol);
    // Leading blank cells (项目, 类别) carry nothing; a lost data cell may shift the values.
    const lastData = Math.max(...DATA_COLUMNS.map((c) => cols.indexOf(c)));
    if (lastData - offset >= cells.length) {
      issues.push(issue(row.line, 'indicators', `${linePrefix(row.line)}这一行只有 ${cells.length} 个单元格（表头有 ${cols.length} 列），可能少了一格。请核对这一行各栏是否对齐。`));
    }
  }
  return (col) => {
    const j = cols.indexOf(col);
    return j < 0 ? undefined : cells[j - offset];
  };
}

/** 权重 and 自评分: points, at most 2 decimals, as given ("8.66"); "8分" is read as 8. */
function readPoints(cell: Cell | undefined, where: { line: number; field: string; label: string }, issues: Issues): string | undefined {
  const text = normalizeText(cellText(cell)).replace(/\s+/g, '').replace(/分$/, '');
  if (text === '') return undefined;
  if (/^\d+(\.\d{1,2})?$/.test(text)) return text;
  if (/^\d+\.\d+$/.test(text)) {
    const value = dec(text);
    if (places(value) <= 2) return str(value);
    issues.push(issue(where.line, where.field, `${linePrefix(where.line)}${where.label}“${text}”超过两位小数。请填写到 0.01 分。`));
    return undefined;
  }
  issues.push(issue(where.line, where.field, `${linePrefix(where.line)}${where.label}“${quote(text)}”不是分数。请填写数字，例如 8.66。`));
  return undefined;
}
