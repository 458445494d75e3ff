// 权重: each category's weights sum exactly to its total, and all of them to the table's total (80).
import { dec, str, sum, ZERO } from '../core/decimal.js';
import type { Form } from '../model/form.js';
import type { RuleSet } from '../ruleset/schema.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import { effectiveCategoryTotal } from '../scoring/weights.js';
import { result, type CheckResult } from './types.js';

export function checkWeights(form: Form, results: readonly IndicatorResult[], ruleSet: RuleSet, final: boolean): CheckResult[] {
  const out: CheckResult[] = [];
  let expectedAll = dec(ruleSet.maxTotal);
  let all = ZERO;
  for (const cat of ruleSet.categories) {
    const members = results.filter((r) => r.category === cat.id && r.status !== 'not-applicable');
    const expected = effectiveCategoryTotal(form.indicators, cat, ruleSet);
    expectedAll = expectedAll.minus(dec(cat.total).minus(expected));
    const got = sum(members.map((r) => dec(r.weight)));
    all = all.plus(got);
    if (members.length === 0) {
      out.push(result('weights.category-sum', final ? 'fail' : 'undecided', { category: cat.label, sum: '0', total: str(expected), count: '0' }, { subject: cat.id }));
      continue;
    }
    out.push(
      result('weights.category-sum', got.equals(expected) ? 'pass' : 'fail', { category: cat.label, sum: str(got), total: str(expected), count: String(members.length) }, { subject: cat.id }),
    );
  }
  const everyCategory = ruleSet.categories.every((c) => results.some((r) => r.category === c.id));
  if (everyCategory || final) {
    out.push(result('weights.category-sum', all.equals(expectedAll) ? 'pass' : 'fail', { category: '全部', sum: str(all), total: str(expectedAll) }, { subject: 'all' }));
  }
  return out;
}
