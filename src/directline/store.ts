// In-memory conversations of the local Direct Line: random ids and tokens, activities with a
// watermark, uploads. Bounded: at most `maxConversations` (expired ones are swept first, then the
// least recently used is dropped), `maxActivities` per conversation (oldest dropped; watermarks
// stay absolute), and conversations idle longer than `idleMs` expire.
//
// Uploaded files are kept on disk, not in memory: one file per upload, named by its random id, in
// a folder of this store's own (`<uploads.dir>/<random>/`). Only their name, type and size stay in
// memory. A file lives `uploads.ttlMs` at most (and never longer than its conversation); each
// conversation holds at most `uploads.maxFiles` files and `uploads.maxBytes` bytes at once;
// sweep() deletes expired files, clear() (shutdown) deletes them all, and a new store deletes
// folders left by a store that did not shut down (older than the TTL).
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync, unlinkSync, type ReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';

export type Upload = { id: string; conversationId: string; name: string; contentType: string; size: number; path: string; expiresAt: number };

export type UploadOptions = {
  /** Parent folder of this store's upload folder (e.g. DATA_DIR/uploads). */
  dir: string;
  ttlMs: number;
  /** Per conversation, at once. */
  maxFiles: number;
  maxBytes: number;
};

/** Why an upload was refused. */
export type UploadRefusal = { reason: 'quota'; maxFiles: number; maxBytes: number; retryMinutes: number };

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
  /** Live uploads of this conversation: ids, and their bytes together. */
  uploads: Set<string>;
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
  /** Default: a folder in the system's temp folder, 30 minutes, 10 files and 40 MB per conversation. */
  uploads?: UploadOptions;
};

export const DEFAULT_UPLOADS: Omit<UploadOptions, 'dir'> = { ttlMs: 30 * 60_000, maxFiles: 10, maxBytes: 40 * 1024 * 1024 };

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
  readonly #up: UploadOptions;
  /** This store's own upload folder. */
  readonly uploadDir: string;

  constructor(options: StoreOptions) {
    this.#max = options.maxConversations;
    this.#idleMs = options.idleMs;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.#maxActivities = options.maxActivities ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#up = options.uploads ?? { dir: join(tmpdir(), 'jixiao-uploads'), ...DEFAULT_UPLOADS };
    this.uploadDir = join(this.#up.dir, random(12));
    removeStaleFolders(this.#up.dir, this.#up.ttlMs, Date.now());
    // Expired files leave the disk within half their lifetime (at most a minute), read or not.
    this.#timer = setInterval(() => this.#sweepUploads(), Math.max(250, Math.min(60_000, this.#up.ttlMs / 2)));
    this.#timer.unref();
  }

  readonly #timer: NodeJS.Timeout;

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
      uploads: new Set(),
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

  /** Whether the conversation may take `count` more files of `bytes` together; a refusal says why. */
  uploadRefusal(conv: DlConversation, count: number, bytes: number): UploadRefusal | undefined {
    this.#sweepUploads();
    if (conv.uploads.size + count <= this.#up.maxFiles && conv.uploadBytes + bytes <= this.#up.maxBytes) return undefined;
    return { reason: 'quota', maxFiles: this.#up.maxFiles, maxBytes: this.#up.maxBytes, retryMinutes: Math.max(1, Math.ceil(this.#up.ttlMs / 60_000)) };
  }

  /** Writes an uploaded file to disk (check uploadRefusal first) and returns its record. */
  async addUpload(conv: DlConversation, file: { name: string; contentType: string; bytes: Uint8Array }): Promise<Upload> {
    const id = random(18);
    mkdirSync(this.uploadDir, { recursive: true, mode: 0o700 });
    const path = join(this.uploadDir, id);
    await writeFile(path, file.bytes, { flag: 'wx', mode: 0o600 });
    const upload: Upload = { id, conversationId: conv.id, name: file.name, contentType: file.contentType, size: file.bytes.length, path, expiresAt: this.#now() + this.#up.ttlMs };
    if (!this.#byId.has(conv.id)) {
      // The conversation was dropped while the file was written.
      safeUnlink(path);
      throw new Error('conversation gone');
    }
    this.#uploads.set(id, upload);
    conv.uploads.add(id);
    conv.uploadBytes += upload.size;
    return upload;
  }

  /** A live upload (its conversation live, not expired), or undefined. */
  getUpload(id: string): Upload | undefined {
    const upload = this.#uploads.get(id);
    if (!upload) return undefined;
    if (upload.expiresAt <= this.#now()) {
      this.#removeUpload(upload);
      return undefined;
    }
    return this.get(upload.conversationId) ? upload : undefined;
  }

  /** The bytes of a live upload (for the bot, in-process), or undefined when gone. */
  async readUpload(id: string): Promise<Uint8Array | undefined> {
    const upload = this.getUpload(id);
    if (!upload) return undefined;
    try {
      return await readFile(upload.path); // a Buffer is a Uint8Array: no copy
    } catch {
      return undefined;
    }
  }

  /** A stream of a live upload's bytes, or undefined when gone. */
  openUpload(upload: Upload): ReadStream | undefined {
    try {
      return createReadStream(upload.path);
    } catch {
      return undefined;
    }
  }

  /** How many uploads are live, and their bytes (for tests and logs). */
  uploadStats(): { files: number; bytes: number } {
    let bytes = 0;
    for (const u of this.#uploads.values()) bytes += u.size;
    return { files: this.#uploads.size, bytes };
  }

  /** Drops expired conversations and expired uploads; returns how many conversations were dropped. */
  sweep(): number {
    let dropped = 0;
    for (const conv of [...this.#byId.values()]) {
      if (this.#expired(conv)) {
        this.#drop(conv);
        dropped++;
      }
    }
    this.#sweepUploads();
    return dropped;
  }

  /** Drops every conversation and deletes this store's upload folder (shutdown). */
  clear(): void {
    clearInterval(this.#timer);
    for (const conv of [...this.#byId.values()]) this.#drop(conv);
    try {
      rmSync(this.uploadDir, { recursive: true, force: true });
    } catch {
      // best effort: a later start removes stale folders
    }
  }

  #sweepUploads(): void {
    const now = this.#now();
    for (const upload of [...this.#uploads.values()]) if (upload.expiresAt <= now) this.#removeUpload(upload);
  }

  #removeUpload(upload: Upload): void {
    this.#uploads.delete(upload.id);
    const conv = this.#byId.get(upload.conversationId);
    if (conv?.uploads.delete(upload.id)) conv.uploadBytes -= upload.size;
    safeUnlink(upload.path);
  }

  #expired(conv: DlConversation): boolean {
    return this.#now() - conv.lastSeen > this.#idleMs;
  }

  #drop(conv: DlConversation): void {
    this.#byId.delete(conv.id);
    this.#byToken.delete(conv.token);
    for (const id of conv.uploads) {
      const upload = this.#uploads.get(id);
      if (upload) this.#removeUpload(upload);
    }
  }
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Deletes upload folders of stores that did not shut down, once everything in them has expired. */
function removeStaleFolders(parent: string, ttlMs: number, now: number): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const folder = join(parent, name);
    try {
      if (now - statSync(folder).mtimeMs > ttlMs) rmSync(folder, { recursive: true, force: true });
    } catch {
      // raced with another store: leave it
    }
  }
}
