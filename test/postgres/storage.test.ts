// PgStorage on a real PostgreSQL (a private cluster, test/postgres/pgCluster.ts): the contract
// FileStorage also passes (test/storage/fileStorage.test.ts runs it there), then what only a database store has to get right: two pools (two
// processes) on one database, the schema migrations, an outage and the recovery after it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion, assertSchema, LATEST_VERSION } from '../../src/db/migrate.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { createPool, isStorageUnavailable, pingDatabase, type Pool } from '../../src/db/pool.js';
import { FileStorage } from '../../src/storage/index.js';
import { PgStorage } from '../../src/storage/postgres.js';
import { tempDir } from '../storage/helpers.js';
import { startPgCluster, type PgCluster } from './pgCluster.js';
import { storageContract, type ContractStore } from '../storage/storageContract.js';

let cluster: PgCluster;
const pools: Pool[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
});

afterAll(async () => {
  for (const p of pools) await p.end().catch(() => undefined);
  cluster?.stop();
});

function pool(url: string, extra: Partial<Parameters<typeof createPool>[0]> = {}): Pool {
  const p = createPool({ connectionString: url, max: 4, ...extra });
  pools.push(p);
  return p;
}

describe('PgStorage: the storage contract', () => {
  // One database; each case starts from an empty table. The second store has its own pool, as a
  // second process would.
  let first: Pool;
  let other: Pool;
  beforeAll(async () => {
    const url = await cluster.createDatabase();
    first = pool(url);
    other = pool(url);
    await migrate(first);
  });
  storageContract(
    async () => {
      await first.query('TRUNCATE bot_state');
      return new PgStorage({ pool: first });
    },
    async () => new PgStorage({ pool: other }),
  );
});

describe('migrations', () => {
  it('creates the schema once; running again changes nothing; a server refuses an unmigrated database', async () => {
    const url = await cluster.createDatabase();
    const p = pool(url);
    await expect(assertSchema(p)).rejects.toThrow(/npx jixiao db migrate/);
    const [first, second] = await Promise.all([migrate(p), migrate(pool(url))]); // two instances at once
    expect([...first.applied, ...second.applied]).toEqual([1]);
    expect(await schemaVersion(p)).toBe(LATEST_VERSION);
    const again = await migrate(p);
    expect(again).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, applied: [] });
    await expect(assertSchema(p)).resolves.toBeUndefined();
    const count = await p.query('SELECT count(*)::int AS n FROM schema_version');
    expect(count.rows[0].n).toBe(MIGRATIONS.length);
  });
});

describe('PgStorage: a database outage', () => {
  it('fails reads and writes as "unavailable" without writing anything, and works again once the database is back', async () => {
    const url = await cluster.createDatabase();
    const p = pool(url, { connectionTimeoutMs: 2000 });
    await migrate(p);
    const s = new PgStorage({ pool: p });
    await s.write({ k: { v: 'before' } });
    const before = (await s.read(['k'])).k;

    cluster.stopServer();
    try {
      const read = await s.read(['k']).catch((e: unknown) => e);
      expect(isStorageUnavailable(read)).toBe(true);
      const write = await s.write({ k: { ...before, v: 'during' } }).catch((e: unknown) => e);
      expect(isStorageUnavailable(write)).toBe(true);
      expect((await pingDatabase(p)).ok).toBe(false);
    } finally {
      cluster.startServer();
    }
    // The pool reconnects by itself; the write made during the outage never happened.
    expect((await pingDatabase(p)).ok).toBe(true);
    const after = (await s.read(['k'])).k;
    expect(after.v).toBe('before');
    expect(after.eTag).toBe(before.eTag);
    await s.write({ k: { ...after, v: 'after' } });
    expect((await s.read(['k'])).k.v).toBe('after');
  });
});
