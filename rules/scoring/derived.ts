// Figures the form derives from what the user gives (填表说明第1条, domain.md §4.4).
import { Dec, HUNDRED, dec, sum } from '../core/decimal.js';
import type { Form } from '../model/form.js';

export type Derived = {
  /** 年初预算数 + 调整数 */
  adjustedBudget?: Dec;
  /** 指标结余数 = 年初预算数 + 调整数 − 财政拨款数 */
  quotaBalance?: Dec;
  /** 资金结余、结转数 = 财政拨款数 − 实际支付数 */
  fundsBalance?: Dec;
  /** 结转数 + 财政收回数 */
  balanceSplit?: Dec;
  /** 预算执行率 = 实际支付数 ÷ (年初预算数 + 调整数) × 100, exact */
  executionRate?: Dec;
  subItemBudgetSum?: Dec;
  subItemActualSum?: Dec;
};

const opt = (s: string | undefined) => (s === undefined ? undefined : dec(s));

export function deriveFigures(form: Form): Derived {
  const initial = opt(form.budget.initial);
  const adjustment = opt(form.budget.adjustment);
  const appropriated = opt(form.budget.appropriated);
  const paid = opt(form.funds.paid);
  const carried = opt(form.funds.carriedOver);
  const recovered = opt(form.funds.recovered);
  const out: Derived = {};
  if (initial && adjustment) out.adjustedBudget = initial.plus(adjustment);
  if (out.adjustedBudget && appropriated) out.quotaBalance = out.adjustedBudget.minus(appropriated);
  if (appropriated && paid) out.fundsBalance = appropriated.minus(paid);
  if (carried && recovered) out.balanceSplit = carried.plus(recovered);
  if (out.adjustedBudget && paid && out.adjustedBudget.greaterThan(0)) {
    out.executionRate = paid.dividedBy(out.adjustedBudget).times(HUNDRED);
  }
  const items = form.subItems;
  if (items.length > 0 && items.every((s) => s.budget !== undefined)) out.subItemBudgetSum = sum(items.map((s) => dec(s.budget!)));
  if (items.length > 0 && items.every((s) => s.actual !== undefined)) out.subItemActualSum = sum(items.map((s) => dec(s.actual!)));
  return out;
}
