// The national 项目支出绩效自评表 (财预〔2020〕10号 structure) as a form model. Every field is optional
// so that a form in progress is valid; completeness is the audit's question. Amounts in 万元 and
// points are decimal strings, as in the Suzhou model.
import { z } from 'zod';
import { Amount, NonNegativeAmount, Override, Points } from '../model/form.js';

const text = (maxLength: number) => z.string().max(maxLength);

export const NATIONAL_LEVELS = ['output', 'benefit', 'satisfaction'] as const;
export type NationalLevel = (typeof NATIONAL_LEVELS)[number];

/** The three 档 of a qualitative indicator. */
export const BANDS = ['met', 'partial', 'unmet'] as const;
export const Band = z.enum(BANDS);
export type Band = z.infer<typeof Band>;

/** One row of 项目资金: 年初预算数, 全年预算数, 全年执行数. */
export const FundRow = z.object({
  initial: NonNegativeAmount.optional(), // 年初预算数
  annual: NonNegativeAmount.optional(), // 全年预算数
  executed: NonNegativeAmount.optional(), // 全年执行数
});

export const NationalFunds = z.object({
  total: FundRow.default({}), // 年度资金总额
  fiscal: FundRow.default({}), // 其中：当年财政拨款
  carryover: FundRow.default({}), // 上年结转资金
  other: FundRow.default({}), // 其他资金
  /** 分值 printed for 年度资金总额 (normally 10). */
  points: Points.optional(),
  /** 执行率 as written on the form ("95.00%"), kept to compare. */
  rateStated: text(40).optional(),
  /** 得分 the unit gave for 预算执行率. */
  selfScore: Points.optional(),
});

export const NationalIndicator = z.object({
  level1: z.enum(NATIONAL_LEVELS), // 一级指标
  level2: text(100).optional(), // 二级指标
  name: text(200), // 三级指标
  target: text(200), // 年度指标值, as written
  actual: text(500).optional(), // 实际完成值, as written
  weight: Points.optional(), // 分值 (the unit's own)
  selfScore: Points.optional(), // 得分 the unit gave
  deviation: text(2000).optional(), // 偏差原因分析及改进措施
  /** The 档 of a qualitative indicator when the user gave it (else read from the actual's words). */
  band: Band.optional(),
});

export const NationalForm = z.object({
  template: z.literal('national'),
  ruleSet: z.string().optional(), // "national-2020"; absent → by year
  project: z
    .object({
      name: text(200).optional(), // 项目名称
      year: z.number().int().min(2000).max(2100).optional(), // （YYYY年度）
      department: text(200).optional(), // 主管部门
      implementer: text(200).optional(), // 实施单位
    })
    .default({}),
  funds: NationalFunds.default({ total: {}, fiscal: {}, carryover: {}, other: {} }),
  goals: z.object({ expected: text(20000).optional(), actual: text(20000).optional() }).default({}),
  indicators: z.array(NationalIndicator).max(200).default([]),
  /** 总分 the unit wrote. */
  selfTotal: Points.optional(),
  overrides: z.array(Override).max(100).default([]),
});

export type FundRow = z.infer<typeof FundRow>;
export type NationalFunds = z.infer<typeof NationalFunds>;
export type NationalIndicator = z.infer<typeof NationalIndicator>;
export type NationalForm = z.infer<typeof NationalForm>;
export type NationalFormInput = z.input<typeof NationalForm>;

export const FUND_ROWS = ['total', 'fiscal', 'carryover', 'other'] as const;
export type FundRowId = (typeof FUND_ROWS)[number];

export const FUND_ROW_LABELS: Record<FundRowId, string> = {
  total: '年度资金总额',
  fiscal: '其中：当年财政拨款',
  carryover: '上年结转资金',
  other: '其他资金',
};
export const FUND_COLUMN_LABELS: Record<keyof FundRow, string> = { initial: '年初预算数', annual: '全年预算数', executed: '全年执行数' };

export const LEVEL_LABELS: Record<NationalLevel, string> = { output: '产出指标', benefit: '效益指标', satisfaction: '满意度指标' };

export const BAND_LABELS: Record<Band, string> = {
  met: '达成年度指标',
  partial: '部分达成年度指标并具有一定效果',
  unmet: '未达成年度指标且效果较差',
};

/** An empty national form. */
export function emptyNationalForm(): NationalForm {
  return NationalForm.parse({ template: 'national' });
}

/** Whether a value (a form JSON) is a national form rather than a Suzhou one. */
export function isNationalForm(value: unknown): value is NationalFormInput {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { template?: unknown; ruleSet?: unknown };
  return v.template === 'national' || (v.template === undefined && typeof v.ruleSet === 'string' && v.ruleSet.startsWith('national-'));
}
