// Cells that mark where the form's parts begin and end.
import { FIELD_LABELS, NARRATIVE_KEYS, compact } from '../../../rules/index.js';
import { cellKey, type Row } from '../layout.js';

/** 合计/小计 rows are derived: skipped wherever they stand. */
export const isTotalLabel = (k: string) => /^(合计|小计|总计|总合计)[:：]?$/.test(k);

/** The header row of the indicator table. */
export const isIndicatorHeader = (r: Row) => r.cells.some((c) => cellKey(c) === '指标名称');

const NARRATIVE_LABELS = new Set(NARRATIVE_KEYS.map((k) => compact(FIELD_LABELS[`narrative.${k}`])));

/** Rows after the table: the 填表说明, the narrative part. */
export const endsTable = (r: Row) =>
  r.cells.some((c) => {
    const k = cellKey(c);
    return /^(填表说明|项目基本情况|\(标注)/.test(k) || NARRATIVE_LABELS.has(k);
  });
