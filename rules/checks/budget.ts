// The budget identities of 填表说明第1条 and the order of the amounts (domain.md §3).
import { dec, str, ZERO, type Dec } from '../core/decimal.js';
import type { Form } from '../model/form.js';
import type { Derived } from '../scoring/derived.js';
import { result, type CheckResult } from './types.js';

const opt = (s: string | undefined) => (s === undefined ? undefined : dec(s));

export function checkBudget(form: Form, d: Derived): CheckResult[] {
  const out: CheckResult[] = [];
  const stated = opt(form.budget.quotaBalance);
  if (d.quotaBalance === undefined || stated === undefined) {
    out.push(result('budget.quota-balance', d.quotaBalance === undefined ? 'undecided' : 'pass', d.quotaBalance ? { computed: str(d.quotaBalance) } : {}));
  } else {
    out.push(
      result('budget.quota-balance', stated.equals(d.quotaBalance) ? 'pass' : 'fail', {
        stated: str(stated),
        computed: str(d.quotaBalance),
        initial: form.budget.initial!,
        adjustment: form.budget.adjustment!,
        appropriated: form.budget.appropriated!,
      }, { subject: 'budget.quotaBalance' }),
    );
  }

  const balance = opt(form.funds.balance);
  if (d.fundsBalance === undefined || balance === undefined) {
    out.push(result('funds.balance', d.fundsBalance === undefined ? 'undecided' : 'pass', d.fundsBalance ? { computed: str(d.fundsBalance) } : {}));
  } else {
    out.push(
      result('funds.balance', balance.equals(d.fundsBalance) ? 'pass' : 'fail', {
        stated: str(balance),
        computed: str(d.fundsBalance),
        appropriated: form.budget.appropriated!,
        paid: form.funds.paid!,
      }, { subject: 'funds.balance' }),
    );
  }

  // 资金结余、结转数 (as stated, else as derived) = 结转数 + 财政收回数
  const whole = balance ?? d.fundsBalance;
  if (whole === undefined || d.balanceSplit === undefined) {
    out.push(result('funds.balance-split', 'undecided'));
  } else {
    out.push(
      result('funds.balance-split', whole.equals(d.balanceSplit) ? 'pass' : 'fail', {
        balance: str(whole),
        carriedOver: form.funds.carriedOver!,
        recovered: form.funds.recovered!,
        split: str(d.balanceSplit),
      }, { subject: 'funds.carriedOver' }),
    );
  }

  out.push(checkOrder(form, d));
  return out;
}

/** 0 ≤ 实际支付数 ≤ 财政拨款数 ≤ 年初预算数 + 调整数; every amount but the adjustment ≥ 0. */
function checkOrder(form: Form, d: Derived): CheckResult {
  const amounts: Array<[string, string | undefined]> = [
    ['budget.initial', form.budget.initial],
    ['budget.appropriated', form.budget.appropriated],
    ['funds.paid', form.funds.paid],
    ['funds.carriedOver', form.funds.carriedOver],
    ['funds.recovered', form.funds.recovered],
  ];
  for (const [field, v] of amounts) {
    if (v !== undefined && dec(v).lessThan(ZERO)) return result('funds.order', 'fail', { rule: 'negative', field, value: v }, { subject: field });
  }
  const paid = opt(form.funds.paid);
  const appropriated = opt(form.budget.appropriated);
  const adjusted: Dec | undefined = d.adjustedBudget;
  if (paid && appropriated && paid.greaterThan(appropriated)) {
    return result('funds.order', 'fail', { rule: 'paid>appropriated', paid: str(paid), appropriated: str(appropriated) }, { subject: 'funds.paid' });
  }
  // A negative adjusted budget is the root cause when it occurs: say so before "拨款 > 调整后预算".
  if (adjusted && adjusted.lessThan(ZERO)) {
    return result('funds.order', 'fail', { rule: 'adjusted<0', adjusted: str(adjusted) }, { subject: 'budget.adjustment' });
  }
  if (appropriated && adjusted && appropriated.greaterThan(adjusted)) {
    return result('funds.order', 'fail', { rule: 'appropriated>adjusted', appropriated: str(appropriated), adjusted: str(adjusted) }, { subject: 'budget.appropriated' });
  }
  const decided = paid !== undefined && appropriated !== undefined && adjusted !== undefined;
  return result('funds.order', decided ? 'pass' : 'undecided');
}
