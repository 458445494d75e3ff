// A national 项目支出绩效自评表 in the conversation's stored state: the form itself plus the
// bookkeeping of its checklist (items skipped, the item being revisited, the indicator being
// written, the first-level groups closed, undo). Plain JSON, validated with zod on load.
import { z } from 'zod';
import { NATIONAL_LEVELS, NationalForm, Band, emptyNationalForm, type NationalLevel } from '../../rules/index.js';

/** An indicator being written: its name is known, some of its parts not yet. */
export const NationalDraft = z.object({
  level1: z.enum(NATIONAL_LEVELS),
  level2: z.string().max(100).optional(),
  name: z.string().max(200),
  target: z.string().max(200).optional(),
  actual: z.string().max(500).optional(),
  weight: z.string().max(20).optional(),
  selfScore: z.string().max(20).optional(),
  deviation: z.string().max(2000).optional(),
  band: Band.optional(),
});
export type NationalDraft = z.infer<typeof NationalDraft>;

export const NATIONAL_MAX_UNDO = 5;

export const NationalEntry = z.object({
  id: z.string().min(1).max(20),
  template: z.literal('national'),
  form: NationalForm,
  /** Item ids the user skipped. */
  skipped: z.array(z.string().max(60)).max(400).default([]),
  /** Items answered, oldest first (上一步). */
  history: z.array(z.string().max(60)).max(400).default([]),
  /** An item the user chose to revisit. */
  editing: z.string().max(60).optional(),
  /** The item asked at the end of the previous turn. */
  asking: z.string().max(60).optional(),
  draft: NationalDraft.optional(),
  /** First-level groups the user closed (完成). */
  closed: z.array(z.enum(NATIONAL_LEVELS)).max(3).default([]),
  /** The indicator discussed last (-1: 预算执行率). */
  lastIndicator: z.number().int().min(-1).optional(),
  /** Earlier forms for 撤回 (JSON), newest last; forms taken back, for 恢复. */
  undo: z.array(z.string().max(400000)).max(NATIONAL_MAX_UNDO).optional(),
  redo: z.array(z.string().max(400000)).max(NATIONAL_MAX_UNDO).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NationalEntry = z.infer<typeof NationalEntry>;

export function newNationalEntry(id: string, now: Date, form: NationalForm = emptyNationalForm()): NationalEntry {
  const at = now.toISOString();
  return { id, template: 'national', form, skipped: [], history: [], closed: [], createdAt: at, updatedAt: at };
}

/** 项目名称 + 年度: the key a user knows a form by. */
export function nationalKey(form: NationalForm): string {
  const name = form.project.name ?? '未命名项目';
  return form.project.year !== undefined ? `${name}（${form.project.year}）` : name;
}

/** Groups an imported (complete) form needs no 完成 for: every group that has an indicator. */
export function closedOf(form: NationalForm): NationalLevel[] {
  return NATIONAL_LEVELS.filter((l) => form.indicators.some((i) => i.level1 === l));
}
