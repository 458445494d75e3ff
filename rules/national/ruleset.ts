// Rule set national-2020: the scoring of the national 项目支出绩效自评表 (财预〔2020〕10号) as data.
// Every rule is a named parameter; what comes from recall of the usual notes and not from the
// official text is listed in meta.unverified and shown in every audit. To correct a value, edit the
// data below only.
import { z } from 'zod';
import { dec } from '../core/decimal.js';
import type { TemplateId } from '../template/index.js';

const Dec = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal string such as "10" or "0.8"');

export const NationalBandRule = z.object({ lower: Dec, upper: Dec, label: z.string(), words: z.array(z.string()) });

export const NationalRuleSetSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  year: z.number().int(),
  template: z.literal('national'),
  title: z.string(),
  maxTotal: Dec,
  meta: z.object({ source: z.string(), unverified: z.array(z.string()), notes: z.array(z.string()).default([]) }),
  /** Points of 预算执行率 and of each first-level group ("原则上": a mismatch is a warning). */
  points: z.object({ budget: Dec, output: Dec, benefit: Dec, satisfaction: Dec }),
  parameters: z.object({
    /** proportional: 分值 × 执行率, at most 分值; tiered: the share of the first tier the rate reaches. */
    budgetScoring: z.enum(['proportional', 'tiered']),
    /** none: no deduction above the target. */
    overCompletion: z.enum(['none']),
    /** Completion (percent) above which a note says the target may have been set too low. */
    overCompletionNoteAbove: Dec,
    /** self-within-band: the self-score when inside its 档's band, else the band's upper bound; band-upper: always the upper bound. */
    qualitativeBandPoint: z.enum(['self-within-band', 'band-upper']),
    /** A missing actual scores 0. */
    missingActual: z.enum(['zero']),
    scorePlaces: z.number().int().min(0).max(6),
    scoreRounding: z.enum(['halfUp', 'floor', 'ceil', 'down']),
  }),
  /** For budgetScoring: tiered, highest first: from this 执行率 (percent) on, this share of the points. */
  budgetTiers: z.array(z.object({ minRate: Dec, share: Dec })).min(1),
  /** The three 档 (percent of 分值). */
  bands: z.object({ met: NationalBandRule, partial: NationalBandRule, unmet: NationalBandRule }),
  /** Words of an actual that mean the target was met (besides the target's own word). */
  metWords: z.array(z.string()),
  /** Prefixes that turn a word into a "not met": 未建立, 没有. */
  unmetPrefixes: z.array(z.string()),
  gradeBands: z.array(z.object({ min: Dec, label: z.string() })).min(1),
  alternatives: z.record(z.string(), z.array(z.string())),
  /** The rule texts quoted by explanations, keyed by reference. */
  ruleTexts: z.record(z.string(), z.string()),
});
export type NationalRuleSet = z.infer<typeof NationalRuleSetSchema>;

export const national2020 = {
  name: 'national-2020',
  year: 2020,
  template: 'national',
  title: '项目支出绩效自评表（财预〔2020〕10号）',
  maxTotal: '100',
  meta: {
    source: '《项目支出绩效评价管理办法》（财预〔2020〕10号）所附项目支出绩效自评表；评分说明未取得原文，按通常表述',
    unverified: [
      'points: 预算执行率 10 分，产出 50、效益 30、满意度 10（“原则上”，按通常表述）',
      'budgetScoring: 得分 = 10 × 执行率，最高 10 分',
      'quantitative: 正向指标未达到按 分值 × 实际 ÷ 目标，反向指标按 分值 × 目标 ÷ 实际，超额完成不扣分',
      'bands: 定性指标三档 达成 100%–80%、部分达成 80%–60%、未达成 60%–0%',
      'qualitativeBandPoint: 自评分在所选档内取自评分，否则取该档上限',
      'gradeBands: 90 分以上优，80–90 良，60–80 中，60 以下差',
      'overCompletionNoteAbove: 完成超过 150% 提示目标可能偏低',
    ],
    notes: ['分值按单位填写的三级指标分值计；一级指标分值合计不是 50/30/10 时只提示，不报错。'],
  },
  points: { budget: '10', output: '50', benefit: '30', satisfaction: '10' },
  parameters: {
    budgetScoring: 'proportional',
    overCompletion: 'none',
    overCompletionNoteAbove: '150',
    qualitativeBandPoint: 'self-within-band',
    missingActual: 'zero',
    scorePlaces: 2,
    scoreRounding: 'halfUp',
  },
  budgetTiers: [
    { minRate: '100', share: '1' },
    { minRate: '90', share: '0.8' },
    { minRate: '80', share: '0.6' },
    { minRate: '0', share: '0' },
  ],
  bands: {
    met: {
      lower: '80',
      upper: '100',
      label: '达成年度指标',
      words: ['达成', '已达成', '全部达成', '完成', '已完成', '全部完成', '达到', '已达到', '实现', '已实现', '是', '按时', '按时完成', '按时拨付', '符合', '达标', '良好', '有效', '好', '优', '优秀', '满意', '合格', '通过', '正常', '及时'],
    },
    partial: { lower: '60', upper: '80', label: '部分达成年度指标并具有一定效果', words: ['部分达成', '基本达成', '部分完成', '基本完成', '部分实现', '基本实现', '较好', '一般', '有所提升', '部分'] },
    unmet: { lower: '0', upper: '60', label: '未达成年度指标且效果较差', words: ['未达成', '未完成', '未实现', '未达到', '没有达成', '没有完成', '较差', '差', '否', '无'] },
  },
  metWords: ['是', '有', '已'],
  unmetPrefixes: ['未', '没有', '没', '不', '无'],
  gradeBands: [
    { min: '90', label: '优' },
    { min: '80', label: '良' },
    { min: '60', label: '中' },
    { min: '0', label: '差' },
  ],
  alternatives: {
    budgetScoring: ['proportional', 'tiered'],
    overCompletion: ['none'],
    qualitativeBandPoint: ['self-within-band', 'band-upper'],
  },
  ruleTexts: {
    budget: '预算执行率 = 全年执行数 ÷ 全年预算数 × 100%，得分 = 分值 × 执行率，最高不超过分值',
    atLeast: '正向指标（≥、不低于）：实际达到目标得满分，未达到按 分值 × 实际 ÷ 目标 计分；超额完成不加分也不扣分',
    atMost: '反向指标（≤、不超过、以内）：实际不超过目标得满分，超过按 分值 × 目标 ÷ 实际 计分',
    qualitative: '定性指标分三档：达成年度指标得分值的 100%–80%，部分达成并具有一定效果 80%–60%，未达成且效果较差 60%–0%',
    missing: '没有实际完成值的指标得 0 分',
    grade: '总分 90 分（含）以上为优，80（含）–90 分为良，60（含）–80 分为中，60 分以下为差',
  },
} satisfies NationalRuleSet;

const registry = new Map<string, NationalRuleSet>();

/** Validates and adds a national rule set; throws with the reason when it is malformed. */
export function registerNationalRuleSet(data: unknown): NationalRuleSet {
  const parsed = NationalRuleSetSchema.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid rule set: ${where}`);
  }
  const rs = parsed.data;
  const problems: string[] = [];
  const sumPoints = ['budget', 'output', 'benefit', 'satisfaction'].reduce((acc, k) => acc.plus(dec(rs.points[k as keyof typeof rs.points])), dec('0'));
  if (!sumPoints.equals(dec(rs.maxTotal))) problems.push(`points sum to ${sumPoints.toString()}, not maxTotal ${rs.maxTotal}`);
  for (const [id, b] of Object.entries(rs.bands)) {
    if (dec(b.lower).greaterThan(dec(b.upper))) problems.push(`bands.${id}: lower above upper`);
    if (dec(b.upper).greaterThan(dec('100'))) problems.push(`bands.${id}: upper above 100`);
  }
  for (const [param, options] of Object.entries(rs.alternatives)) {
    const value = (rs.parameters as Record<string, unknown>)[param];
    if (value === undefined) problems.push(`alternatives.${param}: no such parameter`);
    else if (!options.includes(String(value))) problems.push(`parameters.${param} = ${String(value)} is not among its alternatives`);
  }
  for (const ref of ['budget', 'atLeast', 'atMost', 'qualitative', 'missing', 'grade']) {
    if (!Object.hasOwn(rs.ruleTexts, ref)) problems.push(`ruleTexts.${ref} is missing`);
  }
  if (problems.length > 0) throw new Error(`invalid rule set ${rs.name}: ${problems.join('; ')}`);
  registry.set(rs.name, rs);
  return rs;
}

registerNationalRuleSet(national2020);

export const DEFAULT_NATIONAL_RULE_SET = 'national-2020';

export function getNationalRuleSet(name: string): NationalRuleSet | undefined {
  return registry.get(name);
}

export function listNationalRuleSets(): NationalRuleSet[] {
  return [...registry.values()];
}

/** The rule set of a national form: its own name, else the newest whose year ≤ the project year, else the oldest. */
export function nationalRuleSetFor(form: { ruleSet?: string; project?: { year?: number } }): NationalRuleSet {
  if (form.ruleSet) {
    const named = registry.get(form.ruleSet);
    if (named) return named;
  }
  const all = listNationalRuleSets().sort((a, b) => b.year - a.year);
  const year = form.project?.year;
  return (year === undefined ? undefined : all.find((r) => r.year <= year)) ?? all[all.length - 1];
}

/** The template a rule set name belongs to (undefined for an unknown name). */
export function templateOfRuleSetName(name: string, suzhouNames: readonly string[]): TemplateId | undefined {
  if (registry.has(name)) return 'national';
  return suzhouNames.includes(name) ? 'suzhou' : undefined;
}
