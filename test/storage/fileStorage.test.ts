import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ETagConflictError,
  FileStorage,
  StorageReadError,
  StorageWriteError,
  createStorage,
  isETagConflict,
} from '../../src/storage/index.js';
import { nodeFs, threadpoolFs, type FsLayer } from '../../src/storage/fsLayer.js';
import { itemPath } from '../../src/storage/layout.js';
import { failingFs, listFiles, tempDir, type FailAt } from './helpers.js';
import { storageContract, type ContractStore } from './storageContract.js';

let sandbox: { dir: string; cleanup: () => void };
let dataDir: string;

beforeEach(() => {
  sandbox = tempDir();
  dataDir = path.join(sandbox.dir, 'data');
});
afterEach(() => sandbox.cleanup());

const open = (opts: Partial<ConstructorParameters<typeof FileStorage>[0]> = {}) =>
  new FileStorage({ dataDir, sweepTempFiles: false, ...opts });

describe('FileStorage: the storage contract (the cases PgStorage also passes)', () => {
  storageContract(
    async () => open() as ContractStore,
    async () => open() as ContractStore,
  );
});

describe('FileStorage: read, write, delete', () => {
  it('creates the data folder and reads nothing for keys never written', async () => {
    const s = open();
    expect(existsSync(dataDir)).toBe(true);
    expect(await s.read(['nobody', 'nothing'])).toEqual({});
  });
});

describe('FileStorage: like MemoryStorage', () => {
  it('behaves like MemoryStorage on any sequence of single-key operations', async () => {
    type Op =
      | { kind: 'write'; key: string; etag: 'current' | 'stale' | 'star' | 'none'; v: number }
      | { kind: 'delete'; key: string }
      | { kind: 'read'; key: string };
    const key = fc.constantFrom('k1', 'k2');
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        key,
        etag: fc.constantFrom('current' as const, 'stale' as const, 'star' as const, 'none' as const),
        v: fc.integer(),
      }),
      fc.record({ kind: fc.constant('delete' as const), key }),
      fc.record({ kind: fc.constant('read' as const), key }),
    );
    let run = 0;
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), async (ops) => {
        const file = new FileStorage({ dataDir: path.join(dataDir, `run${run++}`), sweepTempFiles: false });
        const mem = new MemoryStorage();
        const stores = [file, mem] as const;
        const lastSeen = [new Map<string, string>(), new Map<string, string>()];
        for (const o of ops) {
          const outcomes: unknown[] = [];
          for (const [i, s] of stores.entries()) {
            if (o.kind === 'read') {
              const item = (await s.read([o.key]))[o.key];
              if (item) lastSeen[i].set(o.key, item.eTag);
              outcomes.push(item ? { ...item, eTag: undefined } : null);
            } else if (o.kind === 'delete') {
              await s.delete([o.key]);
              outcomes.push('deleted');
            } else {
              const current = (await s.read([o.key]))[o.key]?.eTag;
              const stale = lastSeen[i].get(o.key);
              if (current) lastSeen[i].set(o.key, current);
              const eTag = { current, stale, star: '*', none: undefined }[o.etag];
              const ok = await s.write({ [o.key]: { v: o.v, eTag } }).then(
                () => 'ok',
                (e: unknown) => (isETagConflict(e) ? 'conflict' : 'error'),
              );
              outcomes.push(ok);
            }
          }
          expect(outcomes[0]).toEqual(outcomes[1]);
          if (outcomes[1] === 'conflict') conflicts++;
        }
      }),
      { numRuns: 50 },
    );
    expect(conflicts).toBeGreaterThan(2); // the runs did exercise stale writes
  });
});

describe('FileStorage: both file-system layers', () => {
  // nodeFs makes a call directly when none of its calls is on the thread pool and sends it to the
  // pool otherwise; 60 keys written and read at once take both paths. threadpoolFs always pools.
  for (const [name, fs] of [['nodeFs', nodeFs], ['threadpoolFs', threadpoolFs]] as const) {
    it(`${name}: 60 keys written at once, twice, read back intact by a fresh store`, async () => {
      const s = open({ fs });
      const keys = Array.from({ length: 60 }, (_, i) => `emulator/users/u${i}`);
      await Promise.all(keys.map((k, i) => s.write({ [k]: { n: i, text: '绩效'.repeat(i * 50) } })));
      const read = await Promise.all(keys.map((k) => s.read([k])));
      await Promise.all(keys.map((k, i) => s.write({ [k]: { ...read[i][k], n: i + 1000 } })));
      const fresh = open({ fs });
      for (const [i, k] of keys.entries()) {
        const item = (await fresh.read([k]))[k];
        expect(item.n).toBe(i + 1000);
        expect(item.text).toBe('绩效'.repeat(i * 50));
      }
      expect(listFiles(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }
});

describe('FileStorage: files on disk', () => {
  it('keeps one file per key, in sharded sub-folders, named by a hash of the key', async () => {
    const s = open();
    const keys = Array.from({ length: 60 }, (_, i) => `msteams/conversations/a:${i}`);
    await s.write(Object.fromEntries(keys.map((k) => [k, { k }])));
    const files = listFiles(dataDir);
    expect(files).toHaveLength(60);
    for (const k of keys) {
      const h = createHash('sha256').update(Buffer.from(k, 'utf16le')).digest('hex');
      expect(files).toContain(path.join('v1', h.slice(0, 3), `${h}.json`));
      const onDisk = JSON.parse(readFileSync(path.join(dataDir, 'v1', h.slice(0, 3), `${h}.json`), 'utf8'));
      expect(onDisk).toMatchObject({ key: k, item: { k } });
    }
    expect(new Set(files.map((f) => path.dirname(f))).size).toBeGreaterThan(40); // spread over shards
  });

  it('keeps hostile keys inside the data folder and reads each back under its own key', async () => {
    const s = open();
    const hostile = [
      '../../etc/passwd',
      '/etc/passwd',
      '..',
      '.',
      '',
      'a\\..\\..\\b',
      'CON',
      'x'.repeat(10_000),
      '苏州市级财政支出项目/绩效自评:2024',
      '😀🎉👨‍👩‍👧',
      'nul\u0000byte',
      '\uD800', // lone surrogates: must not collide with each other or with U+FFFD
      '\uDC00',
      '\uFFFD',
      'line\nbreak',
    ];
    await s.write(Object.fromEntries(hostile.map((k, i) => [k, { i }])));
    const back = await s.read(hostile);
    expect(hostile.map((k) => back[k]?.i)).toEqual(hostile.map((_, i) => i));
    expect(listFiles(sandbox.dir).every((f) => f.startsWith(`data${path.sep}v1${path.sep}`))).toBe(true);
    expect(listFiles(dataDir)).toHaveLength(hostile.length);
  });

  it('round-trips any string key and never writes outside the folder (property)', async () => {
    const s = open();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer(), async (key, v) => {
        await s.write({ [key]: { v } });
        expect((await s.read([key]))[key].v).toBe(v);
      }),
      { numRuns: 150 },
    );
    expect(listFiles(sandbox.dir).every((f) => f.startsWith(`data${path.sep}v1${path.sep}`))).toBe(true);
  });

  it('persists across instances: a new store on the folder reads what the old one wrote', async () => {
    const first = open();
    await first.write({ 'webchat/conversations/42': { step: '年初预算数', answers: { 年初预算数: '1800.00' } } });
    const second = open();
    const item = (await second.read(['webchat/conversations/42']))['webchat/conversations/42'];
    expect(item).toMatchObject({ step: '年初预算数', answers: { 年初预算数: '1800.00' } });
    // the eTag survives the restart too
    await second.write({ 'webchat/conversations/42': { ...item, step: '实际支付数' } });
    await expect(first.write({ 'webchat/conversations/42': { ...item, step: 'stale' } })).rejects.toBeInstanceOf(
      ETagConflictError,
    );
  });

  it('notices a file changed behind its back (its cache is checked against the file)', async () => {
    const cached = open();
    const other = open({ cacheSize: 0 });
    await cached.write({ k: { v: 'mine' } });
    expect((await cached.read(['k'])).k.v).toBe('mine');
    await other.write({ k: { v: 'theirs' } });
    expect((await cached.read(['k'])).k.v).toBe('theirs');
    await other.delete(['k']);
    expect(await cached.read(['k'])).toEqual({});
  });

  it('serves a read after its own write from memory (one stat, no file read)', async () => {
    const reads: string[] = [];
    const s = open({ fs: { ...nodeFs, readFile: (p, e) => (reads.push(p), nodeFs.readFile(p, e)) } });
    await s.write({ k: { v: 1 } });
    for (let i = 0; i < 5; i++) {
      const item = (await s.read(['k'])).k;
      await s.write({ k: { ...item, v: item.v + 1 } });
    }
    expect((await s.read(['k'])).k.v).toBe(6);
    expect(reads).toEqual([]);
    expect((await open().read(['k'])).k.v).toBe(6); // and the files say the same
  });

  it('serves correct items when far more keys are used than it caches', async () => {
    const s = open({ cacheSize: 3 });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) {
        const key = `k${i}`;
        const item = (await s.read([key]))[key] ?? { n: 0 };
        await s.write({ [key]: { ...item, n: item.n + 1 } });
      }
    }
    const all = await s.read(Array.from({ length: 10 }, (_, i) => `k${i}`));
    expect(Object.values(all).map((x) => x.n)).toEqual(Array(10).fill(3));
  });

  it('reports a damaged file instead of treating it as empty, and a new write replaces it', async () => {
    const s = open();
    await s.write({ k: { v: 1 } });
    writeFileSync(itemPath(dataDir, 'k'), '{"key":"k","item":{"v":');
    const fresh = open();
    await expect(fresh.read(['k'])).rejects.toMatchObject({ name: 'StorageReadError', code: 'ECORRUPT' });
    writeFileSync(itemPath(dataDir, 'k'), JSON.stringify({ key: 'another', item: { v: 1, eTag: 'x' } }));
    await expect(fresh.read(['k'])).rejects.toBeInstanceOf(StorageReadError);
    await fresh.write({ k: { v: 2, eTag: '*' } });
    expect((await fresh.read(['k'])).k.v).toBe(2);
  });
});

describe('FileStorage: crashes and failed writes', () => {
  it('ignores a temp file left by a crash between temp write and rename; the old item is intact', async () => {
    const s = open();
    await s.write({ k: { v: 'saved' } });
    const target = itemPath(dataDir, 'k');
    const before = readFileSync(target, 'utf8');
    // what a kill -9 after the temp write, before the rename, leaves behind
    const leftover = path.join(path.dirname(target), `.${path.basename(target, '.json')}.99999.1.tmp`);
    writeFileSync(leftover, '{"key":"k","item":{"v":"half-writ');
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(leftover, old, old);
    const recent = path.join(path.dirname(target), `.${path.basename(target, '.json')}.99999.2.tmp`);
    writeFileSync(recent, 'a write in progress elsewhere');

    const restarted = new FileStorage({ dataDir });
    expect(await restarted.swept).toBe(1);
    expect((await restarted.read(['k'])).k.v).toBe('saved');
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(recent)).toBe(true); // too young: may belong to a live writer
  });

  it.each<[FailAt, string]>([
    ['open', 'EROFS'],
    ['open', 'EACCES'],
    ['writeFile', 'ENOSPC'],
    ['writeFile', 'EDQUOT'],
    ['datasync', 'EIO'],
    ['rename', 'EROFS'],
  ])('a write failing at %s with %s throws StorageWriteError and damages nothing', async (failAt, code) => {
    const fs = failingFs(failAt, code);
    fs.armed = false;
    const s = open({ fs });
    await s.write({ k: { answer: '年初预算数 1800' } });
    const target = itemPath(dataDir, 'k');
    const before = readFileSync(target, 'utf8');
    const filesBefore = listFiles(dataDir);

    fs.armed = true;
    const err = await s.write({ k: { answer: '年初预算数 1900' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageWriteError);
    expect(err).toMatchObject({ code, key: 'k', op: 'write' });
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(listFiles(dataDir)).toEqual(filesBefore); // no temp file left behind
    expect((await s.read(['k'])).k.answer).toBe('年初预算数 1800');
    expect((await open().read(['k'])).k.answer).toBe('年初预算数 1800');

    fs.armed = false; // the disk has room again: the store works on
    await s.write({ k: { answer: '年初预算数 1900' } });
    expect((await open().read(['k'])).k.answer).toBe('年初预算数 1900');
  });

  it('fdatasyncs the temp file before the rename, and fsyncs the folder after it when asked', async () => {
    const calls: string[] = [];
    const recording = (failFolderSync: boolean): FsLayer => ({
      ...nodeFs,
      async open(p, flags, mode) {
        const handle = await nodeFs.open(p, flags, mode);
        const what = flags === 'r' ? 'folder' : 'file';
        return {
          ...handle,
          writeFile: (d, e) => (calls.push('write'), handle.writeFile(d, e)),
          sync: async () => {
            calls.push(`sync ${what}`);
            if (failFolderSync && what === 'folder') throw new Error('EIO on folder fsync');
            return handle.sync();
          },
          datasync: () => (calls.push(`datasync ${what}`), handle.datasync()),
          stat: (o) => handle.stat(o),
          close: () => handle.close(),
        };
      },
      rename: (a, b) => (calls.push('rename'), nodeFs.rename(a, b)),
    });
    await open({ fs: recording(false) }).write({ k: { v: 1 } });
    expect(calls).toEqual(['write', 'datasync file', 'rename']);
    calls.length = 0;
    await open({ fs: recording(true), fsyncFolder: true }).write({ k: { v: 2 } });
    expect(calls).toEqual(['write', 'datasync file', 'rename', 'sync folder']);
    // the new item is in place, so a failed folder fsync does not report the write as failed
    expect((await open().read(['k'])).k.v).toBe(2);
  });

  it('a new key whose path is taken by a folder fails cleanly (EISDIR)', async () => {
    const s = open();
    mkdirSync(itemPath(dataDir, 'k'), { recursive: true });
    await expect(s.write({ k: { v: 1 } })).rejects.toMatchObject({ name: 'StorageWriteError', code: 'EISDIR' });
  });
});

describe('createStorage', () => {
  it('builds the store named by config', async () => {
    expect(createStorage({ kind: 'memory' })).toBeInstanceOf(MemoryStorage);
    const file = createStorage({ kind: 'file', dataDir });
    expect(file).toBeInstanceOf(FileStorage);
    await file.write({ k: { v: 1 } });
    expect((await createStorage({ kind: 'file', dataDir }).read(['k'])).k.v).toBe(1);
  });

  it('refuses a file store without a folder and an unknown kind', () => {
    expect(() => createStorage({ kind: 'file' })).toThrow(/dataDir/);
    expect(() => createStorage({ kind: 'redis' as 'file' })).toThrow(/unknown storage kind/);
  });
});
