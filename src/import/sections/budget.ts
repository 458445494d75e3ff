// 市级预算执行情况（万元） and 市级财政资金使用情况（万元）. 财政拨款数 stands in both; the form keeps one.
import { FIELD_LABELS, dec, type Budget, type FieldPath, type Funds } from '../../../rules/index.js';
import { cellValue, type Row } from '../layout.js';
import { issue, linePrefix, readAmount, type Issues } from '../issues.js';
import { readColumnBlock, type Column } from './columns.js';

// Exact titles (with or without 市级 and （万元）): a narrative sentence mentioning them is no title.
const isBudgetTitle = (k: string) => /^(市级)?预算执行情况(\(万元\))?[:：]?$/.test(k);
const isFundsTitle = (k: string) => /^(市级)?(财政)?资金使用情况(\(万元\))?[:：]?$/.test(k);
const isOtherTitle = (k: string) => isBudgetTitle(k) || isFundsTitle(k) || k.startsWith('项目资金构成') || k.startsWith('项目绩效实现情况');

type BudgetField = keyof Budget;
type FundsField = 'appropriated' | keyof Funds;

const BUDGET_COLUMNS: Column<BudgetField>[] = [
  { field: 'initial', match: (k) => k === '年初预算数' },
  { field: 'adjustment', match: (k) => k.startsWith('当年使用上年') || k.includes('调整预算数') || k === '调整数' },
  { field: 'appropriated', match: (k) => k === '财政拨款数' },
  { field: 'quotaBalance', match: (k) => k === '指标结余数' },
];

const withoutOf = (k: string) => k.replace(/^其中[:：]?/, '');
const FUNDS_COLUMNS: Column<FundsField>[] = [
  { field: 'appropriated', match: (k) => k === '财政拨款数' },
  { field: 'paid', match: (k) => k === '实际支付数' },
  { field: 'balance', match: (k) => k.startsWith('资金结余') },
  { field: 'carriedOver', match: (k) => withoutOf(k) === '结转数' },
  { field: 'recovered', match: (k) => withoutOf(k) === '财政收回数' },
];

/** Amounts that may be below zero (the adjustment; the stated balances, which the checks verify). */
const MAY_BE_NEGATIVE = new Set(['adjustment', 'quotaBalance', 'balance']);
/** Amounts the audit cannot do without. */
const REQUIRED = new Set(['initial', 'appropriated', 'paid']);

function readBlock<F extends string>(
  rows: readonly Row[],
  section: 'budget' | 'funds',
  title: string,
  isTitle: (k: string) => boolean,
  columns: readonly Column<F>[],
  issues: Issues,
): Partial<Record<F, { value: string; line: number }>> {
  const out: Partial<Record<F, { value: string; line: number }>> = {};
  const block = readColumnBlock(rows, isTitle, columns, isOtherTitle);
  if (!block) {
    issues.push(issue(undefined, section, `没有找到“${title}”部分。请检查文件是否完整。`));
    return out;
  }
  if (!block.valueRow) {
    const line = block.titleRow.line;
    issues.push(issue(line, section, `${linePrefix(line)}“${title}”下面没有数值行。请在标题下一行按列填写金额。`));
    return out;
  }
  for (const col of columns) {
    const field = `${section}.${col.field}`;
    const label = FIELD_LABELS[(col.field === 'appropriated' ? 'budget.appropriated' : field) as FieldPath] ?? col.field;
    // 财政拨款数 is required once, in the budget block.
    const required = REQUIRED.has(col.field) && !(section === 'funds' && col.field === 'appropriated');
    const found = block.values.find((v) => v.field === col.field);
    if (!found) {
      if (required) {
        issues.push(issue(block.titleRow.line, field, `${linePrefix(block.titleRow.line)}“${title}”中没有“${label}”一栏。请检查表头。`));
      }
      continue;
    }
    const line = found.value?.line ?? block.valueRow.line;
    const value = readAmount(cellValue(found.value), { line, field, label }, issues, {
      allowNegative: MAY_BE_NEGATIVE.has(col.field),
      required,
    });
    if (value !== undefined) out[col.field] = { value, line };
  }
  return out;
}

export function readBudgetAndFunds(rows: readonly Row[], issues: Issues): { budget: Budget; funds: Funds } {
  const b = readBlock(rows, 'budget', '市级预算执行情况', isBudgetTitle, BUDGET_COLUMNS, issues);
  const f = readBlock(rows, 'funds', '市级财政资金使用情况', isFundsTitle, FUNDS_COLUMNS, issues);
  const budget: Budget = {};
  for (const k of ['initial', 'adjustment', 'appropriated', 'quotaBalance'] as const) if (b[k]) budget[k] = b[k]!.value;
  const funds: Funds = {};
  for (const k of ['paid', 'balance', 'carriedOver', 'recovered'] as const) if (f[k]) funds[k] = f[k]!.value;
  // 财政拨款数 is one figure shown twice: keep the budget block's; say so when the two differ.
  const second = f.appropriated;
  if (second) {
    if (budget.appropriated === undefined) budget.appropriated = second.value;
    else if (!dec(budget.appropriated).equals(dec(second.value))) {
      issues.push(
        issue(
          second.line,
          'funds.appropriated',
          `${linePrefix(second.line)}资金使用情况中的财政拨款数 ${second.value} 与预算执行情况中的 ${budget.appropriated} 不一致，已按 ${budget.appropriated} 计。请核对。`,
        ),
      );
    }
  }
  return { budget, funds };
}
