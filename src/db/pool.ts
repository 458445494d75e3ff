// The PostgreSQL connection pool (node-postgres) and what every user of it shares: a database that
// is down or slow is a StorageUnavailableError (the bot answers "系统繁忙，请稍后再试"), never a crash.
//
// node-postgres emits 'error' on the pool when an idle connection dies (the server restarted, a
// network cut); without a listener that would kill the process. The pool drops such a connection and
// opens a new one on the next query, so the server recovers by itself when the database is back.
import pg from 'pg';

export interface PgPoolOptions {
  /** postgres://user:password@host:port/database (DATABASE_URL). */
  connectionString: string;
  /** Connections at most (PG_POOL_MAX, default 10). */
  max?: number;
  /** statement_timeout of every connection, ms (PG_STATEMENT_TIMEOUT_MS, default 5000). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection, ms (default 15000; a busy event loop counts too). */
  connectionTimeoutMs?: number;
  /** Told when an idle connection fails (the message only, never a query's parameters). */
  onError?: (message: string) => void;
  /** application_name shown in pg_stat_activity (default jixiao). */
  applicationName?: string;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(options: PgPoolOptions): pg.Pool {
  const statementTimeout = options.statementTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 15_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeout,
    // The client gives up some time after the server would have (a busy event loop delays the
    // answer's processing): a dead connection (no answer at all) does not hold a turn forever.
    query_timeout: statementTimeout + 10_000,
    application_name: options.applicationName ?? 'jixiao',
  });
  pool.on('error', (err) => options.onError?.(err.message));
  return pool;
}

/**
 * The database could not be used (refused, gone, timed out, out of connections). Nothing was
 * written: every write is one statement or one transaction. Retrying later is the right answer.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(
    readonly op: string,
    cause: unknown,
  ) {
    super(`Storage: the database is unavailable (${op}): ${describe(cause)}`, { cause });
  }
}

export function isStorageUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'STORAGE_UNAVAILABLE';
}

/** A short, content-free description of a driver error: its SQLSTATE or errno and message. */
export function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${err.message}` : err.message;
}

/** Runs `fn` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Round trip to the database, for /healthz: ok and latency, or the reason. */
export async function pingDatabase(pool: pg.Pool): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await pool.query('SELECT 1');
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: describe(err) };
  }
}
