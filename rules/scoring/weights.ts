// 权重: the rule set's weight of each indicator (填表说明第3条), or the one the form gives.
import { dec, Dec, round, sum, ZERO } from '../core/decimal.js';
import type { Indicator } from '../model/form.js';
import type { CategoryRule, RuleSet } from '../ruleset/schema.js';
import { compact } from '../parse/normalize.js';

export type WeightSource = 'given' | 'common' | 'equal-split' | 'redistributed' | 'not-applicable' | 'unknown';
export type ResolvedWeight = { weight: Dec; source: WeightSource; ruleWeight?: Dec };

/**
 * total ÷ n truncated to 0.01; the whole remainder goes to one indicator (the middle one by
 * default, index ⌊(n−1)/2⌋): 26 ÷ 3 → 8.66, 8.68, 8.66.
 */
export function equalSplit(total: Dec, n: number, remainderTo: 'middle' | 'first' | 'last' = 'middle'): Dec[] {
  if (n <= 0) return [];
  const base = round(total.dividedBy(n), 2, 'down');
  const remainder = total.minus(base.times(n));
  const at = remainderTo === 'first' ? 0 : remainderTo === 'last' ? n - 1 : (n - 1) >> 1;
  return Array.from({ length: n }, (_, i) => (i === at ? base.plus(remainder) : base));
}

/** Shares `freed` among `weights` in proportion, truncated to 0.01, the remainder to the largest. */
export function shareProportionally(weights: readonly Dec[], freed: Dec): Dec[] {
  const whole = sum(weights);
  if (weights.length === 0 || whole.isZero()) return [...weights];
  const out = weights.map((w) => w.plus(round(freed.times(w).dividedBy(whole), 2, 'down')));
  const remainder = sum(weights).plus(freed).minus(sum(out));
  let largest = 0;
  weights.forEach((w, i) => {
    if (w.greaterThan(weights[largest])) largest = i;
  });
  out[largest] = out[largest].plus(remainder);
  return out;
}

export function findCommonIndicator(ruleSet: RuleSet, category: string, name: string) {
  const key = compact(name);
  return ruleSet.commonIndicators.find((c) => c.category === category && compact(c.name) === key);
}

/** Whether an indicator may be, and is, marked 不适用: a common indicator that allows it. */
export function isNotApplicable(ind: Indicator, ruleSet: RuleSet): boolean {
  return Boolean(ind.notApplicable && findCommonIndicator(ruleSet, ind.category, ind.name)?.mayBeNotApplicable);
}

/**
 * The total a category is out of: its total, less the weights of 不适用 indicators when the rule
 * set drops them (notApplicable: drop-weight) instead of sharing them out.
 */
export function effectiveCategoryTotal(indicators: readonly Indicator[], cat: CategoryRule, ruleSet: RuleSet): Dec {
  const total = dec(cat.total);
  if (ruleSet.parameters.notApplicable !== 'drop-weight') return total;
  const dropped = indicators
    .filter((ind) => ind.category === cat.id && isNotApplicable(ind, ruleSet))
    .map((ind) => dec(findCommonIndicator(ruleSet, cat.id, ind.name)!.weight));
  return total.minus(sum(dropped));
}

/** The weight of each indicator of the form, index for index. */
export function resolveWeights(indicators: readonly Indicator[], ruleSet: RuleSet): ResolvedWeight[] {
  const out: ResolvedWeight[] = indicators.map(() => ({ weight: ZERO, source: 'unknown' }));
  for (const cat of ruleSet.categories) {
    const members = indicators.map((ind, i) => ({ ind, i })).filter(({ ind }) => ind.category === cat.id);
    const defaults = defaultWeights(members.map((m) => m.ind), cat, ruleSet);
    members.forEach(({ ind, i }, k) => {
      const d = defaults[k];
      if (ind.notApplicable && d.source === 'not-applicable') out[i] = d;
      else if (ind.weight !== undefined) out[i] = { weight: dec(ind.weight), source: 'given', ruleWeight: d.weight };
      else out[i] = d;
    });
  }
  return out;
}

function defaultWeights(members: readonly Indicator[], cat: CategoryRule, ruleSet: RuleSet): ResolvedWeight[] {
  const total = dec(cat.total);
  if (cat.weighting === 'equal') {
    // 不适用 is for common 投入 indicators only (domain.md §4.1): an approved 产出/结果/影响力
    // indicator cannot leave the table, so the mark is ignored here.
    const split = equalSplit(total, members.length, ruleSet.parameters.equalSplitRemainder);
    return members.map((_, k) => ({ weight: split[k], source: 'equal-split' }));
  }
  const common = members.map((m) => findCommonIndicator(ruleSet, cat.id, m.name));
  const notApplicable = members.map((m, k) => Boolean(m.notApplicable && common[k]?.mayBeNotApplicable));
  const freed = sum(common.filter((c, k) => c && notApplicable[k]).map((c) => dec(c!.weight)));
  const activeIdx = members.map((_, k) => k).filter((k) => !notApplicable[k] && common[k]);
  const base = activeIdx.map((k) => dec(common[k]!.weight));
  const redistribute = freed.greaterThan(0) && ruleSet.parameters.notApplicable === 'redistribute-proportional';
  const shared = redistribute ? shareProportionally(base, freed) : base;
  return members.map((_, k): ResolvedWeight => {
    if (notApplicable[k]) return { weight: ZERO, source: 'not-applicable' };
    const at = activeIdx.indexOf(k);
    if (at < 0) return { weight: ZERO, source: 'unknown' };
    return { weight: shared[at], source: redistribute ? 'redistributed' : 'common' };
  });
}

