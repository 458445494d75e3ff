// Produced files kept for download: <dataDir>/files/<token>.bin plus <token>.json (name, type, the
// user and form it belongs to, expiry). The token is 32 random bytes in base64url, so links cannot be
// guessed; there is no listing. Expired files are deleted when asked for and by sweep().
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bytes, Clock, ExportedFile } from '../../dialogs/ports.js';

export type FileScope = { userId: string; formKey: string };
export type StoredFile = ExportedFile & { scope: FileScope; createdAt: string; expiresAt: string };

type Meta = Omit<StoredFile, 'bytes'> & { size: number };

export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
export const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const systemClock: Clock = { now: () => new Date() };

export type FileLinkStoreOptions = {
  dataDir: string;
  /** How long a link works when put() is not told (default 24 h). */
  defaultTtlMs?: number;
  clock?: Clock;
  /** Randomness for tokens (tests may inject it; the default is crypto.randomBytes). */
  random?: (size: number) => Bytes;
};

/**
 * What the server needs of a store of produced files: FileLinkStore (files in DATA_DIR) or
 * PgFileLinkStore (PostgreSQL, shared by every instance). Same tokens, expiry and answers.
 */
export interface LinkStore {
  readonly defaultTtlMs: number;
  put(file: ExportedFile, scope: FileScope, ttlMs?: number): Promise<{ token: string; expiresAt: string }>;
  get(token: string): Promise<StoredFile | undefined>;
  remove(token: string): Promise<void>;
  sweep(): Promise<number>;
}

export class FileLinkStore implements LinkStore {
  readonly dir: string;
  readonly defaultTtlMs: number;
  private readonly clock: Clock;
  private readonly random: (size: number) => Bytes;

  constructor(options: FileLinkStoreOptions) {
    this.dir = join(options.dataDir, 'files');
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_TTL_MS;
    if (!(this.defaultTtlMs > 0)) throw new Error('FileLinkStore: defaultTtlMs must be a positive number of milliseconds');
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? ((n) => randomBytes(n));
  }

  /** Stores a file for `ttlMs` and returns its unguessable token. */
  async put(file: ExportedFile, scope: FileScope, ttlMs: number = this.defaultTtlMs): Promise<{ token: string; expiresAt: string }> {
    if (!(ttlMs > 0)) throw new Error('FileLinkStore.put: ttlMs must be positive');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const token = Buffer.from(this.random(32)).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const meta: Meta = {
      name: file.name,
      contentType: file.contentType,
      size: file.bytes.byteLength,
      scope: { userId: scope.userId, formKey: scope.formKey },
      createdAt: now.toISOString(),
      expiresAt,
    };
    await atomicWrite(this.path(token, 'bin'), file.bytes);
    await atomicWrite(this.path(token, 'json'), JSON.stringify(meta));
    return { token, expiresAt };
  }

  /** The file, or undefined when the token is malformed, unknown or expired (an expired file is deleted). */
  async get(token: string): Promise<StoredFile | undefined> {
    const meta = await this.meta(token);
    if (!meta) return undefined;
    if (this.expired(meta)) {
      await this.remove(token);
      return undefined;
    }
    try {
      const bytes = await readFile(this.path(token, 'bin'));
      const { size: _size, ...rest } = meta;
      return { ...rest, bytes };
    } catch {
      return undefined;
    }
  }

  async remove(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    await rm(this.path(token, 'json'), { force: true });
    await rm(this.path(token, 'bin'), { force: true });
  }

  /** Deletes every expired file (and stray halves); returns how many files were removed. */
  async sweep(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    const tokens = new Set(names.map((n) => n.replace(/\.(bin|json)$/, '')).filter((t) => TOKEN.test(t)));
    let removed = 0;
    for (const token of tokens) {
      const meta = await this.meta(token);
      if (!meta || this.expired(meta)) {
        await this.remove(token);
        removed++;
      }
    }
    return removed;
  }

  private expired(meta: Meta): boolean {
    return this.clock.now().getTime() >= Date.parse(meta.expiresAt);
  }

  private async meta(token: string): Promise<Meta | undefined> {
    if (!TOKEN.test(token)) return undefined;
    try {
      return JSON.parse(await readFile(this.path(token, 'json'), 'utf8')) as Meta;
    } catch {
      return undefined;
    }
  }

  private path(token: string, ext: 'bin' | 'json'): string {
    return join(this.dir, `${token}.${ext}`);
  }
}

async function atomicWrite(path: string, data: Bytes | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, path);
}
