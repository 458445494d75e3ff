// Reads a filled form in the seed's text layout (shared/seed/*.txt) into the form model. Never
// throws for input: what cannot be read becomes an issue with its line; a file that is not the
// form at all is refused with a message.
import { Form } from '../../rules/index.js';
import type { ImportResult } from '../../dialogs/ports.js';
import { cellKey, splitLines, toRows, type Row } from './layout.js';
import { issue, type Issues } from './issues.js';
import { readHeader } from './sections/header.js';
import { readBudgetAndFunds } from './sections/budget.js';
import { readSubItems } from './sections/subItems.js';
import { readIndicators } from './sections/indicators.js';
import { readNarrative } from './sections/narrative.js';

/** Larger than any real form (the seed is 20 KB); protects the reader from abuse. */
export const MAX_TEXT_LENGTH = 2_000_000;

const NOT_A_FORM = '这个文件不是苏州市级财政支出项目绩效自评表（没有找到项目名称、预算执行情况、指标表等栏目）。请上传自评表的文本导出、表单 JSON 或 DOCX。';

/** The landmarks of the form; a text with fewer than two of them is something else. */
const LANDMARKS: ReadonlyArray<(k: string) => boolean> = [
  (k) => k.includes('绩效自评表') || k.includes('绩效自评价报告'),
  (k) => k === '项目名称',
  (k) => k.includes('预算执行情况'),
  (k) => k.includes('资金使用情况'),
  (k) => k.startsWith('项目资金构成'),
  (k) => k === '指标名称',
  (k) => k.startsWith('项目绩效实现情况'),
];

function looksLikeForm(rows: readonly Row[]): boolean {
  const keys = rows.flatMap((r) => r.cells.map(cellKey));
  return LANDMARKS.filter((m) => keys.some(m)).length >= 2;
}

export function importText(text: string): ImportResult {
  if (text.length > MAX_TEXT_LENGTH) {
    return { ok: false, message: `文件太大（${Math.round(text.length / 1000)} 千字），不像一份自评表。请检查是否选错了文件。` };
  }
  const lines = splitLines(text);
  const rows = toRows(lines);
  if (!looksLikeForm(rows)) return { ok: false, message: NOT_A_FORM };

  const issues: Issues = [];
  const project = readHeader(rows, issues);
  const { budget, funds } = readBudgetAndFunds(rows, issues);
  const subItems = readSubItems(rows, issues);
  const { indicators, endLine } = readIndicators(rows, issues);
  const narrative = readNarrative(lines, endLine ?? 1, issues);

  const parsed = Form.safeParse({ project, budget, funds, subItems, indicators, narrative, overrides: [] });
  if (!parsed.success) {
    // Every section reader validates what it keeps; reaching this is a bug, said plainly.
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')).join('、');
    return { ok: false, message: `读取后的表单不完整（${where}），无法审核。请把这个文件发给维护人员。` };
  }
  return { ok: true, form: parsed.data, issues: issues.map((i) => issue(i.line, i.field, i.message)), format: 'text' };
}
