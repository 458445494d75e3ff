// In-memory conversations of the local Direct Line: random ids and tokens, activities with a
// watermark, uploads. Bounded: at most `maxConversations` (expired ones are swept first, then the
// least recently used is dropped), `maxActivities` per conversation (oldest dropped; watermarks
// stay absolute), and conversations idle longer than `idleMs` expire.
import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';

export type Upload = { id: string; conversationId: string; name: string; contentType: string; bytes: Buffer };

export type DlConversation = {
  id: string;
  token: string;
  tokenExpiresAt: number;
  user: { id: string; name?: string };
  locale?: string;
  /** Set once the conversation was started and the bot was told (conversationUpdate). */
  started: boolean;
  activities: Partial<Activity>[];
  /** Absolute index of activities[0]; the watermark is an absolute index too. */
  base: number;
  seq: number;
  lastSeen: number;
  uploadBytes: number;
  /** Activities reach the bot one after another, in arrival order. */
  queue: Promise<unknown>;
};

export type StoreOptions = {
  maxConversations: number;
  idleMs: number;
  tokenTtlSeconds?: number;
  maxActivities?: number;
  now?: () => number;
};

export const random = (bytes: number) => randomBytes(bytes).toString('base64url');

export class ConversationStore {
  readonly tokenTtlSeconds: number;
  readonly #byId = new Map<string, DlConversation>();
  readonly #byToken = new Map<string, DlConversation>();
  readonly #uploads = new Map<string, Upload>();
  readonly #max: number;
  readonly #idleMs: number;
  readonly #maxActivities: number;
  readonly #now: () => number;

  constructor(options: StoreOptions) {
    this.#max = options.maxConversations;
    this.#idleMs = options.idleMs;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.#maxActivities = options.maxActivities ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#byId.size;
  }

  create(user: { id: string; name?: string }, locale?: string): DlConversation {
    this.sweep();
    while (this.#byId.size >= this.#max) {
      let oldest: DlConversation | undefined;
      for (const c of this.#byId.values()) if (!oldest || c.lastSeen < oldest.lastSeen) oldest = c;
      if (!oldest) break;
      this.#drop(oldest);
    }
    const now = this.#now();
    const conv: DlConversation = {
      id: random(18),
      token: random(32),
      tokenExpiresAt: now + this.tokenTtlSeconds * 1000,
      user,
      locale,
      started: false,
      activities: [],
      base: 0,
      seq: 0,
      lastSeen: now,
      uploadBytes: 0,
      queue: Promise.resolve(),
    };
    this.#byId.set(conv.id, conv);
    this.#byToken.set(conv.token, conv);
    return conv;
  }

  /** The live conversation with this id (touching it), or undefined when unknown or expired. */
  get(id: string): DlConversation | undefined {
    const conv = this.#byId.get(id);
    if (!conv) return undefined;
    if (this.#expired(conv)) {
      this.#drop(conv);
      return undefined;
    }
    conv.lastSeen = this.#now();
    return conv;
  }

  /** The conversation a token was issued for, if the token is current. */
  byToken(token: string | undefined): DlConversation | undefined {
    if (!token) return undefined;
    const conv = this.#byToken.get(token);
    if (!conv || conv.tokenExpiresAt <= this.#now()) return undefined;
    return this.get(conv.id);
  }

  tokenValidFor(conv: DlConversation, token: string | undefined): boolean {
    return token !== undefined && token === conv.token && conv.tokenExpiresAt > this.#now();
  }

  refreshToken(conv: DlConversation): DlConversation {
    this.#byToken.delete(conv.token);
    conv.token = random(32);
    conv.tokenExpiresAt = this.#now() + this.tokenTtlSeconds * 1000;
    this.#byToken.set(conv.token, conv);
    return conv;
  }

  /** Stores an activity (giving it an id unless it has one) and returns the stored copy. */
  append(conv: DlConversation, activity: Partial<Activity>): Partial<Activity> {
    const stored = { ...activity, id: activity.id ?? this.nextActivityId(conv) };
    conv.activities.push(stored);
    if (conv.activities.length > this.#maxActivities) {
      const drop = conv.activities.length - this.#maxActivities;
      conv.activities.splice(0, drop);
      conv.base += drop;
    }
    conv.lastSeen = this.#now();
    return stored;
  }

  nextActivityId(conv: DlConversation): string {
    return `${conv.id}|${String(++conv.seq).padStart(7, '0')}`;
  }

  /** Activities after the watermark (an absolute index; missing or bad → from the start). */
  since(conv: DlConversation, watermark: string | undefined): { activities: Partial<Activity>[]; watermark: string } {
    const end = conv.base + conv.activities.length;
    const from = watermark !== undefined && /^\d+$/.test(watermark) ? Math.min(Number(watermark), end) : 0;
    const start = Math.max(from, conv.base) - conv.base;
    return { activities: conv.activities.slice(start), watermark: String(end) };
  }

  addUpload(conv: DlConversation, file: { name: string; contentType: string; bytes: Buffer }): Upload {
    const upload: Upload = { id: random(18), conversationId: conv.id, ...file };
    this.#uploads.set(upload.id, upload);
    conv.uploadBytes += file.bytes.length;
    return upload;
  }

  getUpload(id: string): Upload | undefined {
    const upload = this.#uploads.get(id);
    if (!upload) return undefined;
    return this.get(upload.conversationId) ? upload : undefined;
  }

  /** Drops expired conversations; returns how many were dropped. */
  sweep(): number {
    let dropped = 0;
    for (const conv of [...this.#byId.values()]) {
      if (this.#expired(conv)) {
        this.#drop(conv);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    for (const conv of [...this.#byId.values()]) this.#drop(conv);
  }

  #expired(conv: DlConversation): boolean {
    return this.#now() - conv.lastSeen > this.#idleMs;
  }

  #drop(conv: DlConversation): void {
    this.#byId.delete(conv.id);
    this.#byToken.delete(conv.token);
    for (const [id, upload] of this.#uploads) if (upload.conversationId === conv.id) this.#uploads.delete(id);
  }
}
