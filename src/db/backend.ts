// Where a server keeps what must outlive a turn, by STORAGE: the bot's state, the produced files
// and the channels' small shared values. file/memory: DATA_DIR (or memory), one process.
// postgres: one database for every instance and worker (pool, schema check or migration at start).
import type { Storage } from 'botbuilder';
import type { Config } from '../config.js';
import { FileLinkStore, PgFileLinkStore, type LinkStore } from '../files/index.js';
import { createStorage } from '../storage/index.js';
import { PgStorage } from '../storage/postgres.js';
import { MemoryKv, PgKv, type SharedKv } from '../storage/sharedKv.js';
import { SchemaError, assertSchema, migrate } from './migrate.js';
import { createPool, describe, pingDatabase, type Pool } from './pool.js';

/** The server cannot start on this database (unreachable, or its schema is not this code's). */
export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';
  readonly code = 'DB_SETUP';
  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

export type HealthReport = { ok: boolean; [name: string]: unknown };

export type Backend = {
  storage: Storage;
  fileStore: LinkStore;
  /** For the channels (企业微信 access token, seen MsgIds): shared across instances with postgres. */
  kv: SharedKv;
  /** The pool (postgres only). */
  pool?: Pool;
  /** /healthz: the database's state (postgres only). */
  health?: () => Promise<HealthReport>;
  close(): Promise<void>;
};

type WarnLogger = { warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };

export async function openBackend(config: Config, logger: WarnLogger): Promise<Backend> {
  const ttlMs = config.fileLinkTtlHours * 3_600_000;
  if (config.storage !== 'postgres') {
    const storage = createStorage({ kind: config.storage, dataDir: config.dataDir });
    return {
      storage,
      fileStore: new FileLinkStore({ dataDir: config.dataDir, defaultTtlMs: ttlMs }),
      kv: new MemoryKv(),
      close: async () => undefined,
    };
  }
  const db = config.database;
  if (!db) throw new Error('STORAGE=postgres needs DATABASE_URL');
  const pool = createPool({
    connectionString: db.url,
    max: db.poolMax,
    statementTimeoutMs: db.statementTimeoutMs,
    onError: (message) => logger.warn({ err: message }, 'database connection lost; the pool reconnects on the next query'),
  });
  try {
    if (db.migrate === 'auto') {
      const r = await migrate(pool);
      if (r.applied.length > 0) logger.info({ from: r.from, to: r.to }, 'database schema migrated');
    } else await assertSchema(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (err instanceof SchemaError) throw new DatabaseSetupError(err.message, err);
    throw new DatabaseSetupError(
      `无法连接数据库（${describe(err)}）：请检查 DATABASE_URL 和数据库是否在运行。 / cannot use the database (${describe(err)}): check DATABASE_URL and that PostgreSQL is running`,
      err,
    );
  }
  return {
    storage: new PgStorage({ pool }),
    fileStore: new PgFileLinkStore({ pool, defaultTtlMs: ttlMs }),
    kv: new PgKv(pool),
    pool,
    health: async () => {
      const ping = await pingDatabase(pool);
      return { ok: ping.ok, database: { ...ping, pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } } };
    },
    close: () => pool.end(),
  };
}
