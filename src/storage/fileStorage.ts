// botbuilder `Storage` on lowdb: one small JSON file per key (layout.ts), crash-safe writes
// (atomicTextFile.ts), real eTags, and a bounded cache that is checked against the file on every
// use, so the cost of a turn does not depend on how many items are stored.
//
// eTags follow botbuilder's MemoryStorage: every write stores a new eTag; a write whose eTag is
// neither missing nor '*' must match the stored one, else it is rejected (ETagConflictError) and
// nothing is written; a write to a missing key always succeeds. Unlike MemoryStorage, a write of
// several keys checks every eTag before writing any of them.
//
// Within one process, writes to a key take turns (one KeyedMutex per data folder, shared by every
// FileStorage on that folder), so check-then-write is atomic. One process per data folder: across
// processes a conflict is detected whenever the other write landed before our check.
import { randomUUID } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { Low } from 'lowdb';
import { AtomicTextFile } from './atomicTextFile.js';
import { ETagConflictError, StorageReadError, StorageWriteError, errnoCode } from './errors.js';
import { nodeFs, type FsLayer } from './fsLayer.js';
import { KeyedMutex } from './keyedMutex.js';
import { LAYOUT_VERSION, envelopeText, isTempFileName, itemPath } from './layout.js';
import { LruCache } from './lruCache.js';

export interface FileStorageOptions {
  /** The data folder; created if missing. */
  dataDir: string;
  /** Items kept in memory (default 1,000; 0 turns the cache off). */
  cacheSize?: number;
  /** fdatasync each temp file before renaming it into place (default true). */
  fsync?: boolean;
  /** Also fsync the folder after each rename (default false; ~0.3 ms more per write). */
  fsyncFolder?: boolean;
  /** Remove temp files left by a crash, in the background at start (default true). See `swept`. */
  sweepTempFiles?: boolean;
  /** Only temp files older than this are removed by the sweep (default 60 s). */
  tempMaxAgeMs?: number;
  /** The file-system calls (default: node:fs/promises). Tests inject failures here. */
  fs?: FsLayer;
}

interface Cached {
  json: string;
  eTag: string;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

const locksByFolder = new Map<string, KeyedMutex>();

export class FileStorage implements Storage {
  readonly dataDir: string;
  /** Settles with the number of stale temp files removed by the start-up sweep (0 if off). */
  readonly swept: Promise<number>;
  readonly #fs: FsLayer;
  readonly #fileOptions: { fs: FsLayer; fsync: boolean; fsyncFolder: boolean };
  readonly #cache: LruCache<string, Cached>;
  readonly #paths = new LruCache<string, string>(4096);
  readonly #locks: KeyedMutex;
  readonly #tempMaxAgeMs: number;

  constructor(options: FileStorageOptions) {
    if (!options || typeof options.dataDir !== 'string' || options.dataDir === '') {
      throw new TypeError('FileStorage: options.dataDir (a folder path) is required');
    }
    try {
      mkdirSync(path.join(options.dataDir, LAYOUT_VERSION), { recursive: true });
      this.dataDir = realpathSync(options.dataDir);
    } catch (err) {
      throw new Error(
        `FileStorage: cannot use data folder "${options.dataDir}" (${errnoCode(err) ?? 'error'}); check that it exists and is writable`,
        { cause: err },
      );
    }
    this.#fs = options.fs ?? nodeFs;
    this.#fileOptions = { fs: this.#fs, fsync: options.fsync ?? true, fsyncFolder: options.fsyncFolder ?? false };
    this.#cache = new LruCache(options.cacheSize ?? 1000);
    this.#tempMaxAgeMs = options.tempMaxAgeMs ?? 60_000;
    let locks = locksByFolder.get(this.dataDir);
    if (!locks) {
      locks = new KeyedMutex();
      locksByFolder.set(this.dataDir, locks);
    }
    this.#locks = locks;
    this.swept = options.sweepTempFiles === false ? Promise.resolve(0) : this.sweepTempFiles().catch(() => 0);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const current = await this.#current(key);
        if (current) items[key] = JSON.parse(current.json);
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeWithETags(changes);
  }

  /**
   * write(), answering each key's new eTag: a caller that writes the same state again (a second save
   * in one turn) can do so against this version without reading the item back.
   */
  async writeWithETags(changes: StoreItems): Promise<Record<string, string>> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    const eTags: Record<string, string> = {};
    if (keys.length === 0) return eTags;
    await this.#locks.runAll(keys, async () => {
      const planned: Array<{ key: string; json: string; eTag: string }> = [];
      for (const key of keys) {
        const item = changes[key] as { eTag?: unknown } | null | undefined;
        const expected = item?.eTag;
        if (expected !== undefined && expected !== null && expected !== '' && expected !== '*') {
          const current = await this.#current(key);
          if (current && current.eTag !== expected) throw new ETagConflictError(key);
        }
        const eTag = randomUUID();
        planned.push({ key, eTag, json: JSON.stringify({ ...item, eTag }) });
      }
      await settleAll(planned.map((p) => this.#put(p.key, p.json, p.eTag)));
      for (const p of planned) eTags[p.key] = p.eTag;
    });
    return eTags;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await settleAll(
      [...new Set(keys)].map((key) =>
        this.#locks.run(key, async () => {
          this.#cache.delete(key);
          try {
            await this.#fs.unlink(this.#path(key));
          } catch (err) {
            if (errnoCode(err) !== 'ENOENT') throw StorageWriteError.fromFs(key, 'delete', err);
          }
        }),
      ),
    );
  }

  /** Removes temp files older than `maxAgeMs` that a crash left behind; returns how many. */
  async sweepTempFiles(maxAgeMs = this.#tempMaxAgeMs): Promise<number> {
    const root = path.join(this.dataDir, LAYOUT_VERSION);
    let removed = 0;
    for (const shard of await this.#fs.readdir(root).catch(() => [] as string[])) {
      const names = await this.#fs.readdir(path.join(root, shard)).catch(() => [] as string[]);
      for (const name of names.filter(isTempFileName)) {
        const file = path.join(root, shard, name);
        try {
          const st = await this.#fs.stat(file, { bigint: true });
          if (Date.now() - Number(st.mtimeMs) < maxAgeMs) continue;
          await this.#fs.unlink(file);
          removed++;
        } catch {
          // gone already or not ours to remove: leave it
        }
      }
    }
    return removed;
  }

  /** The file of a key (a sha256 per key: the last few thousand are remembered). */
  #path(key: string): string {
    let file = this.#paths.get(key);
    if (file === undefined) {
      file = itemPath(this.dataDir, key);
      this.#paths.set(key, file);
    }
    return file;
  }

  /** The stored item as JSON, from the cache when the file is still the one cached. */
  async #current(key: string): Promise<Cached | undefined> {
    const file = this.#path(key);
    let st: BigIntStats;
    try {
      st = await this.#fs.stat(file, { bigint: true });
    } catch (err) {
      this.#cache.delete(key);
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw readError(key, err);
    }
    const cached = this.#cache.get(key);
    if (cached && cached.ino === st.ino && cached.size === st.size && cached.mtimeNs === st.mtimeNs) return cached;

    const db = new Low<string>(new AtomicTextFile(file, this.#fileOptions), '');
    try {
      await db.read();
    } catch (err) {
      throw readError(key, err);
    }
    if (db.data === '') {
      if (st.size === 0n) throw new StorageReadError(key, 'ECORRUPT', `Storage: "${key}" is an empty file`);
      return undefined; // deleted between stat and read
    }
    const entry = parseEnvelope(key, db.data, st);
    this.#cache.set(key, entry);
    return entry;
  }

  async #put(key: string, json: string, eTag: string): Promise<void> {
    const adapter = new AtomicTextFile(this.#path(key), this.#fileOptions);
    const db = new Low<string>(adapter, '');
    db.data = envelopeText(key, json);
    try {
      await db.write();
    } catch (err) {
      this.#cache.delete(key);
      throw StorageWriteError.fromFs(key, 'write', err);
    }
    const st = adapter.lastWritten;
    if (st) this.#cache.set(key, { json, eTag, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs });
  }
}

function parseEnvelope(key: string, text: string, st: BigIntStats): Cached {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StorageReadError(key, 'ECORRUPT', `Storage: "${key}" is not valid JSON`, err);
  }
  const env = parsed as { key?: unknown; item?: unknown } | null;
  const item = env?.item as { eTag?: unknown } | null | undefined;
  if (!env || typeof env !== 'object' || !item || typeof item !== 'object' || Array.isArray(item)) {
    throw new StorageReadError(key, 'ECORRUPT', `Storage: "${key}" is not a stored item`);
  }
  if (env.key !== key) {
    throw new StorageReadError(key, 'EKEYMISMATCH', `Storage: the file for "${key}" holds another key`);
  }
  const eTag = typeof item.eTag === 'string' ? item.eTag : '';
  return { json: JSON.stringify(item), eTag, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs };
}

function readError(key: string, err: unknown): StorageReadError {
  const code = errnoCode(err) ?? 'EIO';
  const detail = err instanceof Error ? err.message : String(err);
  return new StorageReadError(key, code, `Storage: could not read "${key}" (${code}): ${detail}`, err);
}

/** Like Promise.all, but waits for every promise before rejecting with the first failure. */
async function settleAll(promises: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
