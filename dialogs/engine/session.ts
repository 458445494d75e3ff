// The conversation's stored state: plain JSON, validated with zod whenever it comes back from
// storage. It holds several forms (keyed by 项目名称 + 年份), the active one, and per form the
// bookkeeping of the checklist: skipped fields, the field being asked, history, pending questions.
import { z } from 'zod';
import { CATEGORY_IDS, Form, NationalForm, emptyForm, type CategoryId } from '../../rules/index.js';
import { L } from '../messages/zh-CN.js';
import { NationalEntry } from '../national/session.js';

export const Skip = z.object({ reason: z.string().max(2000).optional() });

export const EntryPending = z.discriminatedUnion('kind', [
  /** 跳过 was said: the next message is the reason (or 无). */
  z.object({ kind: z.literal('skip-reason'), slot: z.string() }),
  /** 保留: the next message is the reason for keeping an error. */
  z.object({ kind: z.literal('override-reason'), code: z.string(), subject: z.string().optional(), label: z.string().max(2000) }),
]);
export type EntryPending = z.infer<typeof EntryPending>;

export const SessionPending = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirm-restart'), formId: z.string() }),
  z.object({ kind: z.literal('import-offer'), form: Form, fileName: z.string().max(300) }),
  /** A national form read from a file, offered to load. */
  z.object({ kind: z.literal('import-national'), form: NationalForm, fileName: z.string().max(300) }),
  /** Which form (苏州市级 / 财政部通用) the project fills: the name and 主管部门 did not decide it. */
  z.object({ kind: z.literal('choose-template'), formId: z.string().max(20) }),
]);
export type SessionPending = z.infer<typeof SessionPending>;

export const Draft = z.object({ category: z.enum(CATEGORY_IDS), name: z.string().max(200) });

/** How many changes 撤回 can take back (and 恢复 bring again). */
export const MAX_UNDO = 5;

/** A state of a form before a change: the JSON of {form, skipped, history, done}, and what changed. */
export const UndoStep = z.object({ state: z.string().max(400000), what: z.string().max(300) });
export type UndoStep = z.infer<typeof UndoStep>;

export const FormEntry = z.object({
  id: z.string().min(1).max(20),
  form: Form,
  /** slot id → why it was skipped (no reason: empty object). */
  skipped: z.record(z.string(), Skip).default({}),
  /** Slots answered, oldest first, for 上一步. */
  history: z.array(z.string()).max(400).default([]),
  /** A slot the user asked to revisit (修改 / 上一步 / a conflict's choice). */
  editing: z.string().optional(),
  /** The slot asked at the end of the previous turn. */
  asking: z.string().optional(),
  pending: EntryPending.optional(),
  /** An indicator being added: its name is known, its target not yet. */
  draft: Draft.optional(),
  done: z.object({ subItems: z.boolean().default(false), categories: z.array(z.enum(CATEGORY_IDS)).default([]) }).default({ subItems: false, categories: [] }),
  /** The indicator scored last (为什么这个指标扣分). */
  lastIndicator: z.number().int().min(0).optional(),
  /** Earlier states for 撤回, newest last; states taken back, for 恢复. */
  undo: z.array(UndoStep).max(MAX_UNDO).optional(),
  redo: z.array(UndoStep).max(MAX_UNDO).optional(),
  /** Whether the form's template was settled (after the 主管部门; see dialogs/engine/choose.ts). */
  chosen: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FormEntry = z.infer<typeof FormEntry>;

export const MAX_FORMS = 50;

export const Session = z.object({
  version: z.literal(1),
  forms: z.array(FormEntry).max(MAX_FORMS),
  /** National 项目支出绩效自评表 forms (dialogs/national); ids share the forms' numbering. */
  national: z.array(NationalEntry).max(MAX_FORMS).optional(),
  active: z.string().optional(),
  pending: SessionPending.optional(),
  nextId: z.number().int().min(1),
  /** Whether the welcome has been shown. */
  greeted: z.boolean().default(false),
});
export type Session = z.infer<typeof Session>;

export function newSession(): Session {
  return { version: 1, forms: [], nextId: 1, greeted: false };
}

export function newEntry(session: Session, now: Date, form: Form = emptyForm()): FormEntry {
  const id = `f${session.nextId}`;
  session.nextId += 1;
  const at = now.toISOString();
  return { id, form, skipped: {}, history: [], done: { subItems: false, categories: [] }, createdAt: at, updatedAt: at };
}

export function activeEntry(session: Session): FormEntry | undefined {
  return session.forms.find((f) => f.id === session.active);
}

/** 项目名称 + 年份: the key a user knows a form by. */
export function formKey(form: Form): string {
  const name = form.project.name ?? L.unnamed;
  return form.project.year !== undefined ? `${name}（${form.project.year}）` : name;
}

export function sameKey(a: Form, b: Form): boolean {
  return a.project.name !== undefined && a.project.name === b.project.name && a.project.year === b.project.year;
}

export type LoadedSession = { session: Session; notice?: 'repaired' | 'reset' };

/**
 * A session as it comes back from storage: validated, repaired when only some forms are broken
 * (those are dropped), reset when nothing can be read. Never throws.
 */
export function loadSession(raw: unknown): LoadedSession {
  if (raw === undefined || raw === null) return { session: newSession() };
  const parsed = Session.safeParse(raw);
  if (parsed.success) return { session: fixActive(parsed.data) };
  if (typeof raw !== 'object' || raw === null) return { session: newSession(), notice: 'reset' };
  const obj = raw as Record<string, unknown>;
  const forms: FormEntry[] = [];
  if (Array.isArray(obj.forms)) {
    for (const f of obj.forms.slice(0, MAX_FORMS)) {
      const e = FormEntry.safeParse(f);
      if (e.success) forms.push(e.data);
      else {
        // Keep the form itself when only the bookkeeping is broken.
        const inner = typeof f === 'object' && f !== null ? Form.safeParse((f as Record<string, unknown>).form) : undefined;
        if (inner?.success) {
          const at = new Date(0).toISOString();
          const id = typeof (f as Record<string, unknown>).id === 'string' ? String((f as Record<string, unknown>).id).slice(0, 20) || `r${forms.length + 1}` : `r${forms.length + 1}`;
          forms.push({ id, form: inner.data, skipped: {}, history: [], done: inferDone(inner.data), createdAt: at, updatedAt: at });
        }
      }
    }
  }
  const national: NationalEntry[] = [];
  if (Array.isArray(obj.national)) {
    for (const n of obj.national.slice(0, MAX_FORMS)) {
      const e = NationalEntry.safeParse(n);
      if (e.success) national.push(e.data);
    }
  }
  if (forms.length === 0 && national.length === 0) return { session: newSession(), notice: 'reset' };
  const ids = new Set<string>();
  const unique = forms.filter((f) => (ids.has(f.id) ? false : (ids.add(f.id), true)));
  const nextId = Math.max(typeof obj.nextId === 'number' && Number.isInteger(obj.nextId) ? obj.nextId : 1, unique.length + 1) + 1;
  const session: Session = {
    version: 1,
    forms: unique,
    ...(national.length ? { national: national.filter((n) => !ids.has(n.id)) } : {}),
    active: typeof obj.active === 'string' ? obj.active : undefined,
    nextId: Math.max(nextId, unique.length + national.length + 2),
    greeted: true,
  };
  return { session: fixActive(session), notice: 'repaired' };
}

function fixActive(s: Session): Session {
  if (s.active !== undefined && (s.forms.some((f) => f.id === s.active) || s.national?.some((n) => n.id === s.active))) return s;
  const last = s.forms[s.forms.length - 1] ?? s.national?.[s.national.length - 1];
  const { active: _drop, ...rest } = s;
  return last ? { ...rest, active: last.id } : rest;
}

/** The done-flags a filled form implies (an imported form, a repaired entry). */
export function inferDone(form: Form): FormEntry['done'] {
  const categories = CATEGORY_IDS.filter((c) => c !== 'input' && form.indicators.some((i) => i.category === c)) as CategoryId[];
  return { subItems: form.subItems.length > 0, categories };
}
