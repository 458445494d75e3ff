// The form model: every section and field of the 苏州市级财政支出项目绩效自评表 (domain.md §1).
// Every field is optional so that a form in progress is still a valid Form; completeness is a
// separate question (see dialogs/ and rules/checks).
import { z } from 'zod';
import { CATEGORY_IDS } from './categories.js';

/** A decimal as a string: "1900", "-812.5". */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string such as "812.5"');

/** An amount in 万元, up to 6 decimals (to the 分). */
export const Amount = z.string().regex(/^-?\d+(\.\d{1,6})?$/, 'expected 万元 with at most 6 decimals');
export const NonNegativeAmount = Amount.refine((s) => !s.startsWith('-'), 'must not be negative');

/** 自评分 and 权重: up to 2 decimals, not negative. */
export const Points = z.string().regex(/^\d+(\.\d{1,2})?$/, 'expected points with at most 2 decimals');

export const Grade = z.enum(['好', '较好', '一般', '较差', '差']);
export type Grade = z.infer<typeof Grade>;

const text = (maxLength: number) => z.string().max(maxLength);

export const Project = z.object({
  name: text(200).optional(), // 项目名称
  year: z.number().int().min(2000).max(2100).optional(), // 项目年份
  department: text(200).optional(), // 项目主管部门(单位)
});

/** 市级预算执行情况（万元） */
export const Budget = z.object({
  initial: NonNegativeAmount.optional(), // 年初预算数
  adjustment: Amount.optional(), // 当年使用上年结余、结转及当年调整预算数
  appropriated: NonNegativeAmount.optional(), // 财政拨款数
  quotaBalance: Amount.optional(), // 指标结余数 (derived; kept when a filled form states it)
});

/** 市级财政资金使用情况（万元） */
export const Funds = z.object({
  paid: NonNegativeAmount.optional(), // 实际支付数
  balance: Amount.optional(), // 资金结余、结转数 (derived; kept when a filled form states it)
  carriedOver: NonNegativeAmount.optional(), // 其中：结转数
  recovered: NonNegativeAmount.optional(), // 其中：财政收回数
});

/** 项目资金构成: one 子项 */
export const SubItem = z.object({
  name: text(200), // 子项名称
  budget: NonNegativeAmount.optional(), // 预算数（万元）
  actual: NonNegativeAmount.optional(), // 实际数（万元）
});

/** One row of 项目绩效实现情况. */
export const Indicator = z.object({
  category: z.enum(CATEGORY_IDS), // 类别
  name: text(200), // 指标名称
  target: text(200), // 目标值, as written: "=5859平方米", "≥85%", "合规"
  weight: Points.optional(), // 权重; absent → the rule set's weight
  actual: text(500).optional(), // 实际完成值, as written
  selfScore: Points.optional(), // 自评分 the user claims
  selfScoreReason: text(2000).optional(), // why the 自评分 differs from the rule score (the unit's own words)
  note: text(2000).optional(), // 说明: why a value is missing, why completion is high
  grade: Grade.optional(), // a grade the user picked for a qualitative actual that is not a clear yes/no
  notApplicable: z.boolean().optional(), // 不适用 (common 投入 indicators only)
});

/** 项目基本情况 and the report's narrative sections. */
export const Narrative = z.object({
  overview: text(20000).optional(), // 项目概况
  overallGoal: text(20000).optional(), // 项目总目标
  annualGoals: text(20000).optional(), // 年度绩效目标
  implementation: text(20000).optional(), // 项目实施情况
  results: text(20000).optional(), // 项目管理成效
  problems: text(20000).optional(), // 项目管理存在的问题及原因
  suggestions: text(20000).optional(), // 进一步加强项目管理的建议
});

/** An error finding the user chose to keep, with the reason. */
export const Override = z.object({
  code: z.string(),
  subject: z.string().optional(),
  reason: text(500).min(1),
});

export const Form = z.object({
  ruleSet: z.string().optional(), // e.g. "suzhou-2021"; absent → chosen by project.year
  project: Project.default({}),
  budget: Budget.default({}),
  funds: Funds.default({}),
  subItems: z.array(SubItem).max(200).default([]),
  indicators: z.array(Indicator).max(200).default([]),
  narrative: Narrative.default({}),
  overrides: z.array(Override).max(100).default([]),
});

export type Project = z.infer<typeof Project>;
export type Budget = z.infer<typeof Budget>;
export type Funds = z.infer<typeof Funds>;
export type SubItem = z.infer<typeof SubItem>;
export type Indicator = z.infer<typeof Indicator>;
export type Narrative = z.infer<typeof Narrative>;
export type Override = z.infer<typeof Override>;
export type Form = z.infer<typeof Form>;

export const NARRATIVE_KEYS = [
  'overview',
  'overallGoal',
  'annualGoals',
  'implementation',
  'results',
  'problems',
  'suggestions',
] as const satisfies readonly (keyof Narrative)[];
export type NarrativeKey = (typeof NARRATIVE_KEYS)[number];

/** Field labels as printed on the form (Chinese ↔ English names of domain.md §1). */
export const FIELD_LABELS = {
  'project.name': '项目名称',
  'project.year': '项目年份',
  'project.department': '项目主管部门(单位)',
  'budget.initial': '年初预算数',
  'budget.adjustment': '当年使用上年结余、结转及当年调整预算数',
  'budget.appropriated': '财政拨款数',
  'budget.quotaBalance': '指标结余数',
  'funds.paid': '实际支付数',
  'funds.balance': '资金结余、结转数',
  'funds.carriedOver': '结转数',
  'funds.recovered': '财政收回数',
  'narrative.overview': '项目概况',
  'narrative.overallGoal': '项目总目标',
  'narrative.annualGoals': '年度绩效目标',
  'narrative.implementation': '项目实施情况',
  'narrative.results': '项目管理成效',
  'narrative.problems': '项目管理存在的问题及原因',
  'narrative.suggestions': '进一步加强项目管理的建议',
} as const;
export type FieldPath = keyof typeof FIELD_LABELS;

/** An empty form (every section present, nothing filled). */
export function emptyForm(): Form {
  return Form.parse({});
}
