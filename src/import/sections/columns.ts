// A block whose labels stand in one or more header rows and whose values stand in the row below,
// column for column (市级预算执行情况, 市级财政资金使用情况). The first column holds the block's
// title; the value row leaves it blank.
import { cellKey, isBlank, type Cell, type Row } from '../layout.js';

export type Column<F extends string> = { field: F; match: (key: string) => boolean };

export type ColumnBlock<F extends string> = {
  /** The row holding the block's title. */
  titleRow: Row;
  /** Each field found in the header rows, with the value cell under it (undefined: no such cell). */
  values: { field: F; label: Cell; value?: Cell }[];
  /** The value row, when there is one. */
  valueRow?: Row;
};

/** 其中： — a header cell that only groups the columns of the next header row. */
const isGrouping = (key: string) => /^其中[:：]?$/.test(key);

export function readColumnBlock<F extends string>(
  rows: readonly Row[],
  isTitle: (key: string) => boolean,
  columns: readonly Column<F>[],
  isOtherTitle: (key: string) => boolean,
): ColumnBlock<F> | undefined {
  const start = rows.findIndex((r) => r.cells.some((c) => isTitle(cellKey(c))));
  if (start < 0) return undefined;
  const found: { field: F; label: Cell }[] = [];
  let i = start;
  // Header rows: every non-blank cell is the title, a column label or 其中.
  for (; i < rows.length; i++) {
    const row = rows[i];
    const keys = row.cells.map(cellKey);
    const headerLike = keys.every((k) => k === '' || isTitle(k) || isGrouping(k) || columns.some((c) => c.match(k)));
    if (!headerLike || (i > start && keys.every((k) => k === ''))) break;
    if (i > start && keys.some((k) => isTitle(k))) break;
    row.cells.forEach((cell, j) => {
      const col = columns.find((c) => c.match(keys[j]));
      if (col && !found.some((f) => f.field === col.field)) found.push({ field: col.field, label: cell });
    });
  }
  const candidate = rows[i];
  const valueRow = candidate && !candidate.cells.some((c) => isOtherTitle(cellKey(c)) || isTitle(cellKey(c))) ? candidate : undefined;
  let cells = valueRow ? [...valueRow.cells] : [];
  // The title column: blank in the value row.
  if (cells.length > 0 && isBlank(cells[0])) cells = cells.slice(1);
  return {
    titleRow: rows[start],
    values: found.map((f, k) => ({ ...f, value: cells[k] })),
    ...(valueRow ? { valueRow } : {}),
  };
}
