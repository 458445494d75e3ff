// Produced files kept for download in PostgreSQL (table exported_files, bytes as bytea), so that a
// link made by one instance works on every other. Behaves as FileLinkStore: 32 random bytes in
// base64url as the token, no listing, expired files gone when asked for and by sweep(). The sweep
// runs on one instance at a time (a transaction-level advisory lock; the others skip it).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Bytes, Clock, ExportedFile } from '../../dialogs/ports.js';
import { inTransaction } from '../db/pool.js';
import { DEFAULT_TTL_MS, TOKEN, type FileScope, type LinkStore, type StoredFile } from './store.js';

export type PgFileLinkStoreOptions = {
  pool: pg.Pool;
  defaultTtlMs?: number;
  clock?: Clock;
  random?: (size: number) => Bytes;
};

/** Arbitrary constant: the advisory lock of the expiry sweep. */
const SWEEP_LOCK = 0x6a6966696c65; // "jifile"
const systemClock: Clock = { now: () => new Date() };

type Row = { name: string; content_type: string; bytes: Buffer; user_id: string; form_key: string; created_at: Date; expires_at: Date };

export class PgFileLinkStore implements LinkStore {
  readonly defaultTtlMs: number;
  private readonly pool: pg.Pool;
  private readonly clock: Clock;
  private readonly random: (size: number) => Bytes;

  constructor(options: PgFileLinkStoreOptions) {
    this.pool = options.pool;
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_TTL_MS;
    if (!(this.defaultTtlMs > 0)) throw new Error('PgFileLinkStore: defaultTtlMs must be a positive number of milliseconds');
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? ((n) => randomBytes(n));
  }

  async put(file: ExportedFile, scope: FileScope, ttlMs: number = this.defaultTtlMs): Promise<{ token: string; expiresAt: string }> {
    if (!(ttlMs > 0)) throw new Error('PgFileLinkStore.put: ttlMs must be positive');
    const token = Buffer.from(this.random(32)).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.pool.query(
      `INSERT INTO exported_files (token, name, content_type, bytes, user_id, form_key, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [token, file.name, file.contentType, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), scope.userId, scope.formKey, now, expiresAt],
    );
    return { token, expiresAt: expiresAt.toISOString() };
  }

  async get(token: string): Promise<StoredFile | undefined> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
    const { rows } = await this.pool.query<Row>(
      'SELECT name, content_type, bytes, user_id, form_key, created_at, expires_at FROM exported_files WHERE token = $1',
      [token],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (this.clock.now().getTime() >= row.expires_at.getTime()) {
      await this.remove(token);
      return undefined;
    }
    return {
      name: row.name,
      contentType: row.content_type,
      bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
      scope: { userId: row.user_id, formKey: row.form_key },
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    };
  }

  async remove(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    await this.pool.query('DELETE FROM exported_files WHERE token = $1', [token]);
  }

  /** Deletes every expired file; 0 without deleting when another instance is sweeping. */
  async sweep(): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const lock = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [SWEEP_LOCK]);
      if (!lock.rows[0]?.got) return 0;
      const r = await client.query('DELETE FROM exported_files WHERE expires_at <= $1', [this.clock.now()]);
      return r.rowCount ?? 0;
    });
  }
}
