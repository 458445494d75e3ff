// Small shared key/value needs of the channels (an access token cache and its refresh lock, the
// message ids already handled): one interface, a memory implementation (one process, tests) and a
// PostgreSQL one (table shared_kv; every instance and worker sees the same values).
//
// Values are strings (JSON.stringify what you keep). Every value has a version that changes on
// each write, for compare-and-set. An entry with a TTL is gone once it expires (reads skip it;
// setIfAbsent and compareAndSet(…, null, …) treat it as absent; sweep() deletes it).
//
//   const kv = sharedKvFor(config, pool);                         // memory or postgres
//   if (!(await kv.setIfAbsent('wecom:msgid', msgId, '1', { ttlMs: 3 * 86_400_000 }))) return; // a retry: seen
//   const cached = await kv.get('wecom:token', corpId);           // { value, version } | undefined
//   if (await kv.setIfAbsent('wecom:token-lock', corpId, me, { ttlMs: 10_000 })) { …refresh…; await kv.set('wecom:token', corpId, token, { ttlMs }) }
import type pg from 'pg';
import { StorageUnavailableError } from '../db/pool.js';

export type KvEntry = { value: string; version: string };
export type KvSetOptions = { /** Gone after this many ms (absent: kept until deleted). */ ttlMs?: number };

export interface SharedKv {
  get(namespace: string, key: string): Promise<KvEntry | undefined>;
  /** Writes the value (replacing any); answers its new version. */
  set(namespace: string, key: string, value: string, options?: KvSetOptions): Promise<string>;
  /** Writes only when the key is absent (or expired); true when this call wrote it. Atomic across instances. */
  setIfAbsent(namespace: string, key: string, value: string, options?: KvSetOptions): Promise<boolean>;
  /** Writes only when the stored version is `expected` (null: only when absent); true when written. */
  compareAndSet(namespace: string, key: string, expected: string | null, value: string, options?: KvSetOptions): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
  /** Deletes expired entries; answers how many. */
  sweep(): Promise<number>;
}

function checkTtl(options?: KvSetOptions): number | undefined {
  const ttl = options?.ttlMs;
  if (ttl === undefined) return undefined;
  if (!Number.isFinite(ttl) || ttl <= 0) throw new RangeError('SharedKv: ttlMs must be a positive number of milliseconds');
  return Math.ceil(ttl);
}

/** One process only (WORKERS=1 with file or memory storage; tests). */
export class MemoryKv implements SharedKv {
  readonly #map = new Map<string, { value: string; version: string; expiresAt?: number }>();
  #seq = 0;
  constructor(private readonly now: () => number = Date.now) {}

  #live(namespace: string, key: string) {
    const id = `${namespace}\u0000${key}`;
    const e = this.#map.get(id);
    if (e && e.expiresAt !== undefined && e.expiresAt <= this.now()) {
      this.#map.delete(id);
      return { id, entry: undefined };
    }
    return { id, entry: e };
  }

  #put(id: string, value: string, options?: KvSetOptions): string {
    const ttl = checkTtl(options);
    const version = String(++this.#seq);
    this.#map.set(id, { value, version, ...(ttl === undefined ? {} : { expiresAt: this.now() + ttl }) });
    return version;
  }

  async get(namespace: string, key: string): Promise<KvEntry | undefined> {
    const { entry } = this.#live(namespace, key);
    return entry && { value: entry.value, version: entry.version };
  }

  async set(namespace: string, key: string, value: string, options?: KvSetOptions): Promise<string> {
    return this.#put(this.#live(namespace, key).id, value, options);
  }

  async setIfAbsent(namespace: string, key: string, value: string, options?: KvSetOptions): Promise<boolean> {
    const { id, entry } = this.#live(namespace, key);
    if (entry) return false;
    this.#put(id, value, options);
    return true;
  }

  async compareAndSet(namespace: string, key: string, expected: string | null, value: string, options?: KvSetOptions): Promise<boolean> {
    const { id, entry } = this.#live(namespace, key);
    if ((entry?.version ?? null) !== expected) return false;
    this.#put(id, value, options);
    return true;
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.#map.delete(`${namespace}\u0000${key}`);
  }

  async sweep(): Promise<number> {
    let removed = 0;
    const now = this.now();
    for (const [id, e] of this.#map) {
      if (e.expiresAt !== undefined && e.expiresAt <= now) {
        this.#map.delete(id);
        removed++;
      }
    }
    return removed;
  }
}

// Expiry is decided by the database clock (now()), the one clock every instance shares.
const LIVE = '(expires_at IS NULL OR expires_at > now())';
const EXPIRES = "CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() + $4::bigint * interval '1 millisecond' END";

/** Every instance on the database shares it. A database outage throws StorageUnavailableError. */
export class PgKv implements SharedKv {
  constructor(private readonly pool: pg.Pool) {}

  async #q<R extends pg.QueryResultRow>(op: string, sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw new StorageUnavailableError(`kv ${op}`, err);
    }
  }

  async get(namespace: string, key: string): Promise<KvEntry | undefined> {
    const rows = await this.#q<{ value: string; version: string }>(
      'get',
      `SELECT value, version::text AS version FROM shared_kv WHERE namespace = $1 AND key = $2 AND ${LIVE}`,
      [namespace, key],
    );
    return rows[0] && { value: rows[0].value, version: rows[0].version };
  }

  async set(namespace: string, key: string, value: string, options?: KvSetOptions): Promise<string> {
    const rows = await this.#q<{ version: string }>(
      'set',
      `INSERT INTO shared_kv (namespace, key, value, expires_at) VALUES ($1, $2, $3, ${EXPIRES})
       ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, version = nextval('shared_kv_version_seq')
       RETURNING version::text AS version`,
      [namespace, key, value, checkTtl(options) ?? null],
    );
    return rows[0].version;
  }

  async setIfAbsent(namespace: string, key: string, value: string, options?: KvSetOptions): Promise<boolean> {
    const rows = await this.#q(
      'setIfAbsent',
      `INSERT INTO shared_kv (namespace, key, value, expires_at) VALUES ($1, $2, $3, ${EXPIRES})
       ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, version = nextval('shared_kv_version_seq')
       WHERE shared_kv.expires_at IS NOT NULL AND shared_kv.expires_at <= now()
       RETURNING 1`,
      [namespace, key, value, checkTtl(options) ?? null],
    );
    return rows.length === 1;
  }

  async compareAndSet(namespace: string, key: string, expected: string | null, value: string, options?: KvSetOptions): Promise<boolean> {
    if (expected === null) return this.setIfAbsent(namespace, key, value, options);
    const rows = await this.#q(
      'compareAndSet',
      `UPDATE shared_kv SET value = $3, expires_at = ${EXPIRES}, version = nextval('shared_kv_version_seq')
       WHERE namespace = $1 AND key = $2 AND version::text = $5 AND ${LIVE} RETURNING 1`,
      [namespace, key, value, checkTtl(options) ?? null, expected],
    );
    return rows.length === 1;
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.#q('delete', 'DELETE FROM shared_kv WHERE namespace = $1 AND key = $2', [namespace, key]);
  }

  async sweep(): Promise<number> {
    const rows = await this.#q('sweep', 'DELETE FROM shared_kv WHERE expires_at IS NOT NULL AND expires_at <= now() RETURNING 1', []);
    return rows.length;
  }
}
