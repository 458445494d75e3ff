// A rule set is data, checked at load: categories and totals, the common 投入 indicators, the
// scoring bands and slopes, the qualitative scale, and the [decision] parameters of domain.md §4.
import { z } from 'zod';
import { CATEGORY_IDS } from '../model/categories.js';

const Dec = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal string such as "22" or "0.05"');

export const CategoryRule = z.object({
  id: z.enum(CATEGORY_IDS),
  label: z.string(),
  total: Dec,
  /** fixed: the common indicators' own weights; equal: total ÷ n (see parameters.equalSplit). */
  weighting: z.enum(['fixed', 'equal']),
  /** Completion up to this percent earns full marks; above it, `aboveSlope` per percent. */
  upperBand: Dec,
  /** The 填表说明 rule that governs this category, quoted in explanations. */
  ruleRef: z.string(),
});

export const CommonIndicator = z.object({
  name: z.string(),
  category: z.enum(CATEGORY_IDS),
  weight: Dec,
  target: z.string(),
  /** computed: derived from the budget block; user: the user supplies the actual. */
  source: z.enum(['user', 'executionRate']),
  definition: z.string().optional(),
  /** May be marked 不适用 (then leaves the table; its weight is shared among the rest). */
  mayBeNotApplicable: z.boolean().default(false),
});

export const Parameters = z.object({
  /** How fractional percentage points below/above count: linear (as is), floor or ceil. */
  fractionalPoints: z.enum(['linear', 'floor', 'ceil']),
  /** A percent target: "points below" read as the completion ratio, or as percentage points. */
  percentReading: z.enum(['ratio', 'points']),
  /** Equal split: total ÷ n truncated to 0.01, the remainder to the middle (or first / last) indicator. */
  equalSplitRemainder: z.enum(['middle', 'first', 'last']),
  /** A 不适用 common 投入 indicator: its weight is shared in proportion (or the category shrinks). */
  notApplicable: z.enum(['redistribute-proportional', 'drop-weight']),
  /** atMost indicators have no upper penalty (true) or the category's upper band applies. */
  atMostUpperPenalty: z.boolean(),
  /** A clear "no" to a qualitative target: 0 points ('zero') or the lowest grade ('lowest-grade'). */
  qualitativeNo: z.enum(['zero', 'lowest-grade']),
  /** Score rounding: decimals and mode. */
  scorePlaces: z.number().int().min(0).max(6),
  scoreRounding: z.enum(['halfUp', 'floor', 'ceil', 'down']),
});
export type Parameters = z.infer<typeof Parameters>;

export const RuleSetSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  year: z.number().int(),
  title: z.string(),
  maxTotal: Dec,
  meta: z.object({
    source: z.string(),
    /** Values taken from the seed and not checked against the official document. */
    unverified: z.array(z.string()),
    notes: z.array(z.string()).default([]),
  }),
  categories: z.array(CategoryRule).min(1),
  commonIndicators: z.array(CommonIndicator),
  quantitative: z.object({
    /** Completion from which full marks start (percent). */
    lowerBand: Dec,
    /** Share of the weight deducted per percentage point below. */
    belowSlope: Dec,
    /** Share of the weight deducted per percent above the upper band. */
    aboveSlope: Dec,
  }),
  qualitative: z.object({
    grades: z.record(z.enum(['好', '较好', '一般', '较差', '差']), Dec),
    /** Target words that a clear yes meets. */
    targetWords: z.array(z.string()),
    yesWords: z.array(z.string()),
    /** Prefixes that turn a word into a clear no: 不合规, 未获得. */
    noPrefixes: z.array(z.string()),
    noWords: z.array(z.string()),
  }),
  parameters: Parameters,
  /** The alternatives of each [decision] parameter, for display. */
  alternatives: z.record(z.string(), z.array(z.string())),
  gradeBands: z.array(z.object({ min: Dec, label: z.string() })).default([]),
  /** The 填表说明 rules quoted by explanations, keyed by reference. */
  ruleTexts: z.record(z.string(), z.string()),
  /** The 填表说明 text as printed under the table. */
  instructions: z.string(),
});

export type RuleSet = z.infer<typeof RuleSetSchema>;
export type CategoryRule = z.infer<typeof CategoryRule>;
export type CommonIndicator = z.infer<typeof CommonIndicator>;
