// At most once per (conversation, activity id). Channels redeliver an activity whose answer they
// did not see acknowledged (a process killed after saving, 企业微信's retries after 5 s): applying it
// twice would put the same answer into the next field ("0" for 结转数, then again for 财政收回数).
//
// The record lives in the user's state item, next to the session it guards, so it is written in the
// same write as the change it records: either both are saved or neither is. It keeps the keys of the
// last MAX_KEYS applied activities and the replies of the last MAX_OUTCOMES of them; a redelivery
// is answered with those replies (its original outcome) and changes nothing. Files are not kept
// (they can be megabytes): a replayed reply that had files says so instead.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Reply } from './engine/index.js';
import { M } from './messages/zh-CN.js';

export const MAX_KEYS = 64;
export const MAX_OUTCOMES = 3;

const StoredReply = z.looseObject({ text: z.string(), suggestions: z.array(z.string()).optional(), card: z.unknown().optional(), formKey: z.string().optional(), hadFiles: z.boolean().optional() });
export type StoredReply = z.infer<typeof StoredReply>;

export const AppliedLog = z.object({
  keys: z.array(z.string()).default([]),
  outcomes: z.array(z.object({ key: z.string(), replies: z.array(StoredReply) })).default([]),
});
export type AppliedLog = z.infer<typeof AppliedLog>;

/** The activity types whose handling changes state, hence must be applied at most once. */
const GUARDED = new Set(['message', 'conversationUpdate', 'invoke']);

/**
 * The key of an activity in the log, or undefined when it cannot be recognised again (no id). The
 * conversation and activity ids come from outside: they are hashed, so the log stays small whatever
 * their length, and no id is stored in clear.
 */
export function appliedKey(activity: { type?: string; id?: string; conversation?: { id?: string }; channelId?: string }): string | undefined {
  if (!activity.type || !GUARDED.has(activity.type)) return undefined;
  const id = activity.id;
  const conversation = activity.conversation?.id;
  if (typeof id !== 'string' || id === '' || typeof conversation !== 'string') return undefined;
  return createHash('sha256').update(`${activity.channelId ?? ''}\u0000${conversation}\u0000${activity.type}\u0000${id}`).digest('base64url').slice(0, 22);
}

/** The stored log, or an empty one (a missing or malformed log never blocks a turn). */
export function readLog(stored: unknown): AppliedLog {
  const parsed = AppliedLog.safeParse(stored ?? {});
  return parsed.success ? parsed.data : { keys: [], outcomes: [] };
}

/** What the log says about a key: not seen; seen with its replies; seen, replies no longer kept. */
export function lookup(log: AppliedLog, key: string): { seen: false } | { seen: true; replies?: Reply[] } {
  if (!log.keys.includes(key)) return { seen: false };
  const outcome = log.outcomes.find((o) => o.key === key);
  return { seen: true, replies: outcome?.replies.map(fromStored) };
}

/** The log with `key` recorded as applied, with the replies the turn produced. */
export function record(log: AppliedLog, key: string, replies: readonly Reply[]): AppliedLog {
  const keys = [...log.keys.filter((k) => k !== key), key].slice(-MAX_KEYS);
  const outcomes = [...log.outcomes.filter((o) => o.key !== key), { key, replies: replies.map(toStored) }].slice(-MAX_OUTCOMES);
  return { keys, outcomes };
}

function toStored(reply: Reply): StoredReply {
  const { files, ...rest } = reply;
  return files && files.length > 0 ? { ...rest, hadFiles: true } : { ...rest };
}

function fromStored(reply: StoredReply): Reply {
  const { hadFiles, ...rest } = reply;
  const out = rest as Reply;
  return hadFiles ? { ...out, text: [out.text, M.filesNotReplayed].filter(Boolean).join('\n') } : out;
}
