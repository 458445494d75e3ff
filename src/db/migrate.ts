// Applies the migrations of migrations.ts in order, each in its own transaction with its row in
// schema_version, under a session advisory lock: two instances (or workers) starting at once apply
// each migration once; running it again changes nothing.
import type pg from 'pg';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';

/** Arbitrary constant: the advisory lock taken while migrating. */
const MIGRATE_LOCK = 0x6a69786961; // "jixia"

export type MigrateResult = { from: number; to: number; applied: number[] };

export async function migrate(pool: pg.Pool): Promise<MigrateResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_version (
        version     integer PRIMARY KEY,
        description text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
      const from = await currentVersion(client);
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (m.version <= from) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_version (version, description) VALUES ($1, $2)', [m.version, m.description]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        applied.push(m.version);
      }
      return { from, to: Math.max(from, ...applied), applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/** The schema version in the database (0: none yet). */
export async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  return currentVersion(db);
}

async function currentVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return r.rows[0]?.v ?? 0;
}

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

/** Throws a message naming the command to run when the schema is missing or older than this code. */
export async function assertSchema(pool: pg.Pool): Promise<void> {
  const version = await schemaVersion(pool);
  if (version < LATEST_VERSION) {
    throw new SchemaError(
      `数据库结构版本为 ${version}，需要 ${LATEST_VERSION}：请先运行 npx jixiao db migrate，或设置 DB_MIGRATE=auto。` +
        ` / the database schema is version ${version}, this code needs ${LATEST_VERSION}: run \`npx jixiao db migrate\` or set DB_MIGRATE=auto`,
    );
  }
  if (version > LATEST_VERSION) {
    throw new SchemaError(
      `数据库结构版本 ${version} 比本程序（${LATEST_VERSION}）新：请升级程序。 / the database schema (${version}) is newer than this code (${LATEST_VERSION}): upgrade the server`,
    );
  }
}

export { LATEST_VERSION };
