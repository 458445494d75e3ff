// 项目资金构成: Σ 子项实际数 = 实际支付数 (error); Σ 子项预算数 = 年初预算数 (warning).
import { dec, str } from '../core/decimal.js';
import type { Form } from '../model/form.js';
import type { Derived } from '../scoring/derived.js';
import { result, type CheckResult } from './types.js';

export function checkSubItems(form: Form, d: Derived): CheckResult[] {
  const out: CheckResult[] = [];
  const paid = form.funds.paid;
  if (d.subItemActualSum === undefined || paid === undefined) out.push(result('subitems.actual-sum', 'undecided'));
  else
    out.push(
      result('subitems.actual-sum', d.subItemActualSum.equals(dec(paid)) ? 'pass' : 'fail', { sum: str(d.subItemActualSum), paid, count: String(form.subItems.length) }, { subject: 'subItems' }),
    );
  const initial = form.budget.initial;
  if (d.subItemBudgetSum === undefined || initial === undefined) out.push(result('subitems.budget-sum', 'undecided'));
  else
    out.push(
      result('subitems.budget-sum', d.subItemBudgetSum.equals(dec(initial)) ? 'pass' : 'fail', {
        sum: str(d.subItemBudgetSum),
        initial,
        ...(d.adjustedBudget ? { adjusted: str(d.adjustedBudget) } : {}),
      }, { subject: 'subItems' }),
    );
  return out;
}
