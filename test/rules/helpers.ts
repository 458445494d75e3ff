// Small builders shared by the rules/ tests: a form around some indicators, one indicator scored on
// its own, and suzhou-2021 cloned with other parameters (a rule set is data: no engine change).
import {
  getRuleSet,
  scoreForm,
  str,
  type Dec,
  type Form,
  type FormScore,
  type Indicator,
  type IndicatorResult,
  type Parameters,
  type RuleSet,
} from '../../rules/index.js';

export const suzhou = (): RuleSet => {
  const rs = getRuleSet('suzhou-2021');
  if (!rs) throw new Error('suzhou-2021 is not registered');
  return rs;
};

/** suzhou-2021 with some [decision] parameters changed, as a fresh object. */
export function withParams(params: Partial<Parameters>, name = 'suzhou-2021-variant'): RuleSet {
  const base = structuredClone(suzhou());
  return { ...base, name, parameters: { ...base.parameters, ...params } };
}

/** A form holding only the given indicators (and whatever else is passed). */
export function formWith(indicators: Indicator[], rest: Partial<Form> = {}): Form {
  return {
    project: { year: 2021 },
    budget: {},
    funds: {},
    subItems: [],
    narrative: {},
    overrides: [],
    ...rest,
    indicators,
  };
}

export type IndicatorInput = Partial<Indicator> & { target: string };

/** Scores one indicator on its own (weight 10 in 产出 unless told). */
export function scoreOne(ind: IndicatorInput, options: { ruleSet?: RuleSet; rest?: Partial<Form> } = {}): IndicatorResult {
  const full: Indicator = { category: 'output', name: '测试指标', weight: '10', ...ind };
  return scoreForm(formWith([full], options.rest), options.ruleSet ? { ruleSet: options.ruleSet } : {}).indicators[0];
}

export function scoreAll(indicators: Indicator[], options: { ruleSet?: RuleSet; rest?: Partial<Form>; final?: boolean } = {}): FormScore {
  return scoreForm(formWith(indicators, options.rest), { ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}), final: options.final ?? false });
}

/** The trace step codes after the weight step. */
export const codes = (r: IndicatorResult) => r.trace.filter((s) => s.code !== 'weight').map((s) => s.code);

/** Decimals as strings, for whole-object comparisons. */
export const s = (d: Dec | undefined) => (d === undefined ? undefined : str(d));
