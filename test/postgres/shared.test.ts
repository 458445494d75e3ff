// What the instances share besides the bot's state, on a real PostgreSQL: produced files and their
// download links (PgFileLinkStore, the same answers as FileLinkStore), the SharedKv the channels use
// (memory and PostgreSQL behave alike), and `jixiao db migrate` / `db import-files`, both safe to
// run twice.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as cli } from '../../src/cli/main.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { FileLinkStore, PgFileLinkStore, serveFile, type LinkStore } from '../../src/files/index.js';
import { FileStorage } from '../../src/storage/index.js';
import { PgStorage } from '../../src/storage/postgres.js';
import { MemoryKv, PgKv, type SharedKv } from '../../src/storage/sharedKv.js';
import { tempDir } from '../storage/helpers.js';
import { startPgCluster, type PgCluster } from './pgCluster.js';

let cluster: PgCluster;
let url: string;
let pool: Pool;
const sandbox = tempDir('jixiao-pg-shared-');

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase();
  pool = createPool({ connectionString: url, max: 4 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  cluster?.stop();
  sandbox.cleanup();
});

const docx = { name: '苏州市智能制造融合发展中心项目绩效自评表.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: new Uint8Array([80, 75, 3, 4, 0, 255, 1, 2]) };

describe('exported files: PgFileLinkStore answers as FileLinkStore does', () => {
  const stores: Array<[string, (now: () => Date) => LinkStore]> = [
    ['FileLinkStore', (now) => new FileLinkStore({ dataDir: path.join(sandbox.dir, `f${Math.random()}`), clock: { now } })],
    ['PgFileLinkStore', (now) => new PgFileLinkStore({ pool, clock: { now } })],
  ];
  for (const [name, make] of stores) {
    it(`${name}: a link serves the file until it expires; unknown, malformed and expired tokens get 404`, async () => {
      let now = new Date('2026-12-01T08:00:00Z');
      const store = make(() => now);
      const { token, expiresAt } = await store.put(docx, { userId: 'u1', formKey: 'f1' }, 60_000);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(expiresAt).toBe('2026-12-01T08:01:00.000Z');
      const got = await store.get(token);
      expect(got).toMatchObject({ name: docx.name, contentType: docx.contentType, scope: { userId: 'u1', formKey: 'f1' }, expiresAt });
      expect(Buffer.from(got!.bytes).equals(Buffer.from(docx.bytes))).toBe(true);
      const served = await serveFile(store, token);
      expect(served.status).toBe(200);
      expect(served.headers['Content-Disposition']).toContain("filename*=UTF-8''");
      expect((await serveFile(store, 'x'.repeat(43))).status).toBe(404);
      expect((await serveFile(store, "'; DROP TABLE exported_files; --")).status).toBe(404);
      now = new Date('2026-12-01T08:01:00Z');
      expect(await store.get(token)).toBeUndefined();
    });

    it(`${name}: sweep removes expired files only`, async () => {
      let now = new Date('2026-12-01T08:00:00Z');
      const store = make(() => now);
      const short = await store.put(docx, { userId: 'u', formKey: 'f' }, 1000);
      const long = await store.put(docx, { userId: 'u', formKey: 'f' }, 3_600_000);
      now = new Date('2026-12-01T08:00:05Z');
      expect(await store.sweep()).toBeGreaterThanOrEqual(1);
      expect(await store.get(short.token)).toBeUndefined();
      expect(await store.get(long.token)).toBeDefined();
    });
  }

  it('a link made through one pool (instance) is served through another', async () => {
    const other = createPool({ connectionString: url, max: 1 });
    try {
      const { token } = await new PgFileLinkStore({ pool }).put(docx, { userId: 'u', formKey: 'f' });
      const served = await serveFile(new PgFileLinkStore({ pool: other }), token);
      expect(served.status).toBe(200);
      expect(Buffer.from(served.body as Buffer).equals(Buffer.from(docx.bytes))).toBe(true);
    } finally {
      await other.end();
    }
  });

  it('two instances sweeping at once: one does the work, the other skips', async () => {
    const other = createPool({ connectionString: url, max: 1 });
    try {
      const now = () => new Date(Date.now() + 10 * 86_400_000);
      await new PgFileLinkStore({ pool }).put(docx, { userId: 'u', formKey: 'f' }, 1000);
      const counts = await Promise.all([new PgFileLinkStore({ pool, clock: { now } }).sweep(), new PgFileLinkStore({ pool: other, clock: { now } }).sweep()]);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      expect((await pool.query('SELECT count(*)::int AS n FROM exported_files WHERE expires_at <= $1', [now()])).rows[0].n).toBe(0);
    } finally {
      await other.end();
    }
  });
});

describe('SharedKv: memory and PostgreSQL behave alike', () => {
  const kvs: Array<[string, () => SharedKv, (ms: number) => Promise<void>]> = [
    ['MemoryKv', () => new MemoryKv(() => memNow), async (ms) => void (memNow += ms)],
    ['PgKv', () => new PgKv(pool), (ms) => new Promise((r) => setTimeout(r, ms))],
  ];
  let memNow = 1_000_000;
  for (const [name, make, wait] of kvs) {
    it(`${name}: get/set/delete, setIfAbsent once, compare-and-set on the version, TTL expiry`, async () => {
      const kv = make();
      const ns = `t-${name}-${Math.random()}`;
      expect(await kv.get(ns, 'k')).toBeUndefined();
      const v1 = await kv.set(ns, 'k', 'one');
      expect(await kv.get(ns, 'k')).toEqual({ value: 'one', version: v1 });
      expect(await kv.compareAndSet(ns, 'k', 'not-the-version', 'x')).toBe(false);
      expect(await kv.compareAndSet(ns, 'k', null, 'x')).toBe(false);
      expect(await kv.compareAndSet(ns, 'k', v1, 'two')).toBe(true);
      expect((await kv.get(ns, 'k'))?.value).toBe('two');
      expect(await kv.compareAndSet(ns, 'k', v1, 'three')).toBe(false);
      // setIfAbsent: the at-most-once test of a message id
      expect(await kv.setIfAbsent(ns, 'msg-1', '1', { ttlMs: 300 })).toBe(true);
      expect(await kv.setIfAbsent(ns, 'msg-1', '1', { ttlMs: 300 })).toBe(false);
      await wait(400);
      expect(await kv.get(ns, 'msg-1')).toBeUndefined();
      expect(await kv.setIfAbsent(ns, 'msg-1', 'again', { ttlMs: 60_000 })).toBe(true);
      await kv.delete(ns, 'k');
      expect(await kv.get(ns, 'k')).toBeUndefined();
      await expect(kv.set(ns, 'k', 'v', { ttlMs: -1 })).rejects.toThrow(/ttlMs/);
    });
  }

  it('PgKv: of 20 instances racing to claim one message id, exactly one wins', async () => {
    const other = createPool({ connectionString: url, max: 4 });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => new PgKv(i % 2 ? pool : other).setIfAbsent('wecom:msgid', 'race-1', String(i), { ttlMs: 60_000 })));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.end();
    }
  });
});

describe('jixiao db migrate / import-files', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), cwd: sandbox.dir } };
  };

  it('migrate: creates the schema, then reports nothing to do; a missing DATABASE_URL is named', async () => {
    const db = await cluster.createDatabase();
    const prev = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL = db;
      const first = io();
      expect(await cli(['db', 'migrate'], first.io)).toBe(0);
      expect(first.out.join('')).toMatch(/升级到 1/);
      const second = io();
      expect(await cli(['db', 'migrate'], second.io)).toBe(0);
      expect(second.out.join('')).toMatch(/已是最新/);
      delete process.env.DATABASE_URL;
      const none = io();
      expect(await cli(['db', 'migrate'], none.io)).toBe(2);
      expect(none.err.join('')).toMatch(/DATABASE_URL/);
    } finally {
      if (prev === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = prev;
    }
  });

  it('import-files: every item and unexpired file of a data folder arrives once; running it again changes nothing; newer data in the database is not overwritten', async () => {
    const db = await cluster.createDatabase();
    const dataDir = path.join(sandbox.dir, 'lowdb');
    const files = new FileStorage({ dataDir, sweepTempFiles: false });
    const items: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) items[`msteams/users/u${i}/`] = { jixiaoSession: { forms: [{ name: `项目${i}` }] }, i };
    items['odd\uD800key'] = { v: 'lone surrogate key' };
    await files.write(items);
    const links = new FileLinkStore({ dataDir });
    const live = await links.put(docx, { userId: 'u1', formKey: 'f1' }, 3_600_000);
    const expired = await links.put(docx, { userId: 'u2', formKey: 'f2' }, 1);
    await new Promise((r) => setTimeout(r, 5));
    // A crash left a temp file and a damaged item: neither is imported, the damaged one is reported.
    mkdirSync(path.join(dataDir, 'v1', 'abc'), { recursive: true });
    writeFileSync(path.join(dataDir, 'v1', 'abc', '.abc.123.1.tmp'), '{"half');
    writeFileSync(path.join(dataDir, 'v1', 'abc', `${'a'.repeat(64)}.json`), '{"broken');

    const prev = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db;
    try {
      const first = io();
      expect(await cli(['db', 'import-files', dataDir], first.io)).toBe(1); // 1: one file could not be read
      expect(first.out.join('')).toMatch(/新导入 31 条/);
      expect(first.out.join('')).toMatch(/新导入 1 个，已有 0 个，已过期未导入 1 个/);
      expect(first.out.join('')).toMatch(/1 个文件读不出来/);

      const p = createPool({ connectionString: db, max: 1 });
      try {
        const pg = new PgStorage({ pool: p });
        const read = await pg.read(Object.keys(items));
        for (const [key, item] of Object.entries(items)) expect(read[key]).toMatchObject(item as object);
        expect(await new PgFileLinkStore({ pool: p }).get(live.token)).toMatchObject({ name: docx.name });
        expect(await new PgFileLinkStore({ pool: p }).get(expired.token)).toBeUndefined();

        // A user goes on in PostgreSQL; a second import neither duplicates nor overwrites.
        await pg.write({ 'msteams/users/u0/': { ...read['msteams/users/u0/'], i: 'newer' } });
        const second = io();
        await cli(['db', 'import-files', dataDir], second.io);
        expect(second.out.join('')).toMatch(/新导入 0 条，数据库中已有相同的 30 条/);
        expect(second.out.join('')).toMatch(/1 条在数据库中已有不同内容，保留数据库中的/);
        expect(second.out.join('')).toMatch(/新导入 0 个，已有 1 个/);
        expect((await pg.read(['msteams/users/u0/']))['msteams/users/u0/'].i).toBe('newer');
        expect((await p.query('SELECT count(*)::int AS n FROM bot_state')).rows[0].n).toBe(31);
        expect((await p.query('SELECT count(*)::int AS n FROM exported_files')).rows[0].n).toBe(1);
      } finally {
        await p.end();
      }
    } finally {
      if (prev === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = prev;
    }
  });
});
