// The national form's checklist: which item the conversation asks next, in the order of the form —
// project, 项目资金 (four rows, then their sum), 年度总体目标, the indicators by first-level group
// (an indicator being written, a 档 still unknown, a 偏差原因 still missing), then the review.
import {
  FUND_ROWS,
  FUND_ROW_LABELS,
  LEVEL_LABELS,
  NATIONAL_LEVELS,
  nationalTemplate,
  scoreNationalForm,
  type FundRowId,
  type NationalLevel,
  type NationalScore,
} from '../../rules/index.js';
import type { NationalEntry } from './session.js';

export type NationalSlot =
  | { kind: 'field'; path: 'project.name' | 'project.year' | 'project.department' | 'project.implementer' | 'goals.expected' | 'goals.actual' }
  | { kind: 'funds'; row: FundRowId }
  | { kind: 'fundsSum' }
  | { kind: 'draft'; part: 'target' | 'actual' | 'weight' | 'level2' }
  | { kind: 'band'; index: number }
  | { kind: 'deviation'; index: number }
  | { kind: 'level'; level: NationalLevel }
  | { kind: 'review' };

export const PROJECT_FIELDS = ['project.name', 'project.year', 'project.department', 'project.implementer'] as const;
export const GOAL_FIELDS = ['goals.expected', 'goals.actual'] as const;

export function slotKey(s: NationalSlot): string {
  switch (s.kind) {
    case 'field':
      return s.path;
    case 'funds':
      return `funds.${s.row}`;
    case 'fundsSum':
      return 'funds.sum';
    case 'draft':
      return `draft.${s.part}`;
    case 'band':
      return `ind.${s.index}.band`;
    case 'deviation':
      return `ind.${s.index}.deviation`;
    case 'level':
      return `level.${s.level}`;
    case 'review':
      return 'review';
  }
}

export function parseSlotKey(key: string): NationalSlot | undefined {
  if ((PROJECT_FIELDS as readonly string[]).includes(key) || (GOAL_FIELDS as readonly string[]).includes(key)) return { kind: 'field', path: key as Extract<NationalSlot, { kind: 'field' }>['path'] };
  let m = /^funds\.(total|fiscal|carryover|other)$/.exec(key);
  if (m) return { kind: 'funds', row: m[1] as FundRowId };
  if (key === 'funds.sum') return { kind: 'fundsSum' };
  m = /^draft\.(target|actual|weight|level2)$/.exec(key);
  if (m) return { kind: 'draft', part: m[1] as 'target' };
  m = /^ind\.(\d{1,3})\.(band|deviation)$/.exec(key);
  if (m) return { kind: m[2] as 'band', index: Number(m[1]) };
  m = /^level\.(output|benefit|satisfaction)$/.exec(key);
  if (m) return { kind: 'level', level: m[1] as NationalLevel };
  if (key === 'review') return { kind: 'review' };
  return undefined;
}

const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  nationalTemplate.sections.flatMap((s) => s.fields.map((f) => [f.path, f.label] as const)),
);

export function slotLabel(s: NationalSlot, e: NationalEntry): string {
  switch (s.kind) {
    case 'field':
      return s.path === 'goals.expected' ? '年度总体目标·预期目标' : s.path === 'goals.actual' ? '年度总体目标·实际完成情况' : (FIELD_LABELS[s.path] ?? s.path);
    case 'funds':
      return FUND_ROW_LABELS[s.row].replace(/^其中：/, '');
    case 'fundsSum':
      return '项目资金三行之和';
    case 'draft': {
      const name = e.draft?.name ?? '';
      const part = { target: '年度指标值', actual: '实际完成值', weight: '分值', level2: '二级指标' }[s.part];
      return `${name}·${part}`;
    }
    case 'band':
      return `${e.form.indicators[s.index]?.name ?? ''}·完成档次`;
    case 'deviation':
      return `${e.form.indicators[s.index]?.name ?? ''}·偏差原因`;
    case 'level':
      return LEVEL_LABELS[s.level];
    case 'review':
      return '检查与导出';
  }
}

/** The section a slot belongs to (a header is said when it changes). */
export function sectionOfSlot(s: NationalSlot): string {
  if (s.kind === 'field') return s.path.startsWith('project.') ? '项目基本信息' : '年度总体目标';
  if (s.kind === 'funds' || s.kind === 'fundsSum') return '项目资金（万元）';
  if (s.kind === 'review') return '检查与导出';
  return '绩效指标';
}

function fundRowDone(e: NationalEntry, row: FundRowId): boolean {
  const r = e.form.funds[row];
  return r.initial !== undefined && r.annual !== undefined && r.executed !== undefined;
}

/** Whether the sub-rows disagree with 年度资金总额 (any column). */
export function fundsSumWrong(score: NationalScore): boolean {
  return score.checks.some((c) => c.code === 'funds.sum');
}

function getField(e: NationalEntry, path: string): unknown {
  const [a, b] = path.split('.') as ['project' | 'goals', string];
  return (e.form[a] as Record<string, unknown>)[b];
}

/** The next item to ask, skipping what the user skipped. */
export function nextSlot(e: NationalEntry, score: NationalScore = scoreNationalForm(e.form)): NationalSlot {
  const skipped = new Set(e.skipped);
  const open = (s: NationalSlot) => !skipped.has(slotKey(s));
  for (const path of PROJECT_FIELDS) if (getField(e, path) === undefined && open({ kind: 'field', path })) return { kind: 'field', path };
  for (const row of FUND_ROWS) if (!fundRowDone(e, row) && open({ kind: 'funds', row })) return { kind: 'funds', row };
  if (FUND_ROWS.every((r) => fundRowDone(e, r)) && fundsSumWrong(score) && open({ kind: 'fundsSum' })) return { kind: 'fundsSum' };
  for (const path of GOAL_FIELDS) if (getField(e, path) === undefined && open({ kind: 'field', path })) return { kind: 'field', path };
  for (const level of NATIONAL_LEVELS) {
    if (e.draft && e.draft.level1 === level) {
      const d = e.draft;
      if (d.target === undefined) return { kind: 'draft', part: 'target' };
      if (d.actual === undefined) return { kind: 'draft', part: 'actual' };
      if (d.weight === undefined) return { kind: 'draft', part: 'weight' };
      return { kind: 'draft', part: 'level2' };
    }
    for (const r of score.rows) {
      if (r.index < 0 || r.level1 !== level) continue;
      if (r.status === 'needs-band' && open({ kind: 'band', index: r.index })) return { kind: 'band', index: r.index };
      const ind = e.form.indicators[r.index];
      if (r.lost !== '0' && Number(r.lost) > 0 && !ind?.deviation && open({ kind: 'deviation', index: r.index })) return { kind: 'deviation', index: r.index };
    }
    if (!e.closed.includes(level) && open({ kind: 'level', level })) return { kind: 'level', level };
  }
  return { kind: 'review' };
}

/** Every item of the checklist with whether it is filled (for 进度). */
export function progressOf(e: NationalEntry): { done: number; all: number; left: string[] } {
  const items: Array<[string, boolean]> = [
    ...PROJECT_FIELDS.map((p) => [FIELD_LABELS[p] ?? p, getField(e, p) !== undefined] as [string, boolean]),
    ...FUND_ROWS.map((r) => [FUND_ROW_LABELS[r].replace(/^其中：/, ''), fundRowDone(e, r)] as [string, boolean]),
    ...GOAL_FIELDS.map((p) => [p === 'goals.expected' ? '预期目标' : '实际完成情况', getField(e, p) !== undefined] as [string, boolean]),
    ...NATIONAL_LEVELS.map((l) => [LEVEL_LABELS[l], e.closed.includes(l)] as [string, boolean]),
  ];
  return { done: items.filter(([, d]) => d).length, all: items.length, left: items.filter(([, d]) => !d).map(([l]) => l) };
}
