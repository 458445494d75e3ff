// botbuilder `Storage` on PostgreSQL (table bot_state, src/db/migrations.ts) with real optimistic
// concurrency, shared by every instance and worker on the database.
//
// eTags behave as in FileStorage: every write stores a new eTag (a number from one sequence, so an
// eTag never repeats); a write whose eTag is neither missing nor '*' must match the stored one, else
// it is rejected with ETagConflictError ("… due to eTag conflict.", which SerializeTurns'
// retryOnConflict and dialogs/bot.ts recognise) and nothing is written; a write to a missing key
// always succeeds. A write of several keys is one transaction: all or nothing. Every check is made
// by the database in the same statement as the write, so two instances racing for a key end with
// one write applied and one conflict, never a lost update.
//
// A database that cannot be reached (refused, restarted, statement timeout) makes read/write/delete
// throw StorageUnavailableError: nothing half-written, the turn answers "系统繁忙，请稍后再试".
//
// Keys: stored as they are when they are well-formed Unicode without NUL (PostgreSQL text holds
// neither lone surrogates nor NUL, and the driver would silently turn a lone surrogate into U+FFFD,
// merging two keys); other keys, and keys that start with the escape prefix, are stored as
// "\u0001j:" + JSON.stringify(key), which is ASCII-safe and lossless.
import type { Storage, StoreItems } from 'botbuilder';
import type pg from 'pg';
import { StorageUnavailableError, inTransaction } from '../db/pool.js';
import { ETagConflictError } from './errors.js';

const ESCAPED = '\u0001j:';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function encodeKey(key: string): string {
  if (key.startsWith(ESCAPED) || key.includes('\u0000') || LONE_SURROGATE.test(key)) return ESCAPED + JSON.stringify(key);
  return key;
}

export function decodeKey(stored: string): string {
  return stored.startsWith(ESCAPED) ? (JSON.parse(stored.slice(ESCAPED.length)) as string) : stored;
}

const hasETag = (eTag: unknown): eTag is string | number => eTag !== undefined && eTag !== null && eTag !== '' && eTag !== '*';

const READ = 'SELECT key, doc, etag::text AS etag FROM bot_state WHERE key = ANY($1::text[])';
const UPSERT = `INSERT INTO bot_state (key, doc) VALUES ($1, $2)
  ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, etag = nextval('bot_state_etag_seq'), updated_at = now()
  RETURNING etag::text AS etag`;
const UPDATE_IF = `UPDATE bot_state SET doc = $2, etag = nextval('bot_state_etag_seq'), updated_at = now()
  WHERE key = $1 AND etag::text = $3 RETURNING etag::text AS etag`;
const INSERT_NEW = 'INSERT INTO bot_state (key, doc) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING etag::text AS etag';

export interface PgStorageOptions {
  pool: pg.Pool;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export class PgStorage implements Storage {
  readonly pool: pg.Pool;

  constructor(options: PgStorageOptions) {
    if (!options?.pool) throw new TypeError('PgStorage: options.pool (a pg.Pool) is required');
    this.pool = options.pool;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const encoded = [...new Set(keys)].map(encodeKey);
    let rows: { key: string; doc: string; etag: string }[];
    try {
      rows = (await this.pool.query<{ key: string; doc: string; etag: string }>(READ, [encoded])).rows;
    } catch (err) {
      throw new StorageUnavailableError('read', err);
    }
    for (const row of rows) items[decodeKey(row.key)] = { ...(JSON.parse(row.doc) as object), eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeWithETags(changes);
  }

  /** write(), answering each key's new eTag (the bot saves a read-back after its own write). */
  async writeWithETags(changes: StoreItems): Promise<Record<string, string>> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    if (keys.length === 0) return {};
    try {
      if (keys.length === 1) return { [keys[0]]: await writeOne(this.pool, keys[0], changes[keys[0]]) };
      // Sorted, so two multi-key writers lock rows in the same order and never deadlock.
      const sorted = [...keys].sort();
      return await inTransaction(this.pool, async (client) => {
        const eTags: Record<string, string> = {};
        for (const key of sorted) eTags[key] = await writeOne(client, key, changes[key]);
        return eTags;
      });
    } catch (err) {
      if (err instanceof ETagConflictError) throw err;
      throw new StorageUnavailableError('write', err);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    try {
      await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [[...new Set(keys)].map(encodeKey)]);
    } catch (err) {
      throw new StorageUnavailableError('delete', err);
    }
  }
}

async function writeOne(db: Queryable, key: string, item: unknown): Promise<string> {
  const { eTag, ...body } = (item ?? {}) as { eTag?: unknown };
  const doc = JSON.stringify(body);
  const stored = encodeKey(key);
  if (!hasETag(eTag)) return (await db.query<{ etag: string }>(UPSERT, [stored, doc])).rows[0].etag;
  const updated = await db.query<{ etag: string }>(UPDATE_IF, [stored, doc, String(eTag)]);
  if (updated.rows.length === 1) return updated.rows[0].etag;
  // Not updated: either the key is missing (a write to a missing key succeeds) or its eTag moved on.
  const inserted = await db.query<{ etag: string }>(INSERT_NEW, [stored, doc]);
  if (inserted.rows.length === 1) return inserted.rows[0].etag;
  throw new ETagConflictError(key);
}
