// 项目资金构成: one row per 子项 (名称, 预算数, 实际数). 合计/小计 rows are derived and skipped,
// wherever they stand (the seed puts its 合计 between the two sub-items).
import type { SubItem } from '../../../rules/index.js';
import { cellKey, cellText, cellValue, isBlank, quote, type Row } from '../layout.js';
import { issue, limitText, linePrefix, readAmount, type Issues } from '../issues.js';
import { endsTable, isIndicatorHeader, isTotalLabel } from './markers.js';

const isTitle = (k: string) => k.startsWith('项目资金构成');
/** Where the sub-items end: the indicator table or anything after it. */
const endsSubItems = (r: Row) => isIndicatorHeader(r) || endsTable(r) || r.cells.some((c) => cellKey(c).startsWith('项目绩效实现情况'));

type Col = 'name' | 'budget' | 'actual';

export function readSubItems(rows: readonly Row[], issues: Issues): SubItem[] {
  const start = rows.findIndex((r) => r.cells.some((c) => isTitle(cellKey(c))));
  if (start < 0) return [];
  const items: SubItem[] = [];
  let order: Col[] = ['name', 'budget', 'actual'];
  for (let i = start + 1; i < rows.length && !endsSubItems(rows[i]); i++) {
    const row = rows[i];
    const keys = row.cells.map(cellKey);
    if (keys.some((k) => k === '子项名称')) {
      const header = keys.filter((k) => k !== '');
      order = header.map((k): Col => (k.startsWith('预算') ? 'budget' : k.startsWith('实际') ? 'actual' : 'name'));
      continue;
    }
    let cells = row.cells;
    while (cells.length > order.length && isBlank(cells[0])) cells = cells.slice(1);
    const get = (col: Col) => cells[order.indexOf(col)];
    const nameCell = get('name');
    const name = cellText(nameCell);
    if (isTotalLabel(cellKey(nameCell))) continue;
    if (cells.every(isBlank)) continue;
    const n = items.length;
    if (name === '') {
      issues.push(issue(row.line, `subItems[${n}].name`, `${linePrefix(row.line)}这一行子项没有名称，已跳过。请补上子项名称。`));
      continue;
    }
    const item: SubItem = { name: limitText(name, 200, { line: nameCell!.line, field: `subItems[${n}].name`, label: '子项名称' }, issues) };
    for (const col of ['budget', 'actual'] as const) {
      const cell = get(col);
      const label = `子项“${quote(name, 12)}”的${col === 'budget' ? '预算数' : '实际数'}`;
      const value = readAmount(cellValue(cell), { line: cell?.line ?? row.line, field: `subItems[${n}].${col}`, label }, issues);
      if (value !== undefined) item[col] = value;
    }
    items.push(item);
  }
  return items;
}
