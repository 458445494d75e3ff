// The behaviour every eTag-capable store of this project promises (FileStorage and PgStorage run
// the same cases): missing keys, copies, deletes, eTags, multi-key all-or-nothing, concurrent writers
// from two store objects (two processes for PgStorage: two pools).
import type { Storage } from 'botbuilder';
import { expect, it } from 'vitest';
import { ETagConflictError, StorageWriteError, isETagConflict } from '../../src/storage/index.js';

export type ContractStore = Storage & { writeWithETags(changes: Record<string, unknown>): Promise<Record<string, string>> };

/** `open()` gives a store on an empty backend; `second()` another store object on the same backend. */
export function storageContract(open: () => Promise<ContractStore>, second: () => Promise<ContractStore>): void {
  it('reads nothing for keys never written', async () => {
    const s = await open();
    expect(await s.read(['nobody', 'nothing'])).toEqual({});
    expect(await s.read([])).toEqual({});
  });

  it('reads back what was written, with an eTag, as a copy the caller may change', async () => {
    const s = await open();
    await s.write({ 'emulator/users/u1/': { form: { 项目名称: '苏州工业互联网体验中心' }, n: 1 } });
    const first = await s.read(['emulator/users/u1/', 'missing']);
    expect(Object.keys(first)).toEqual(['emulator/users/u1/']);
    const item = first['emulator/users/u1/'];
    expect(item).toMatchObject({ form: { 项目名称: '苏州工业互联网体验中心' }, n: 1 });
    expect(typeof item.eTag).toBe('string');
    item.form.项目名称 = 'changed by the caller';
    expect((await s.read(['emulator/users/u1/']))['emulator/users/u1/'].form.项目名称).toBe('苏州工业互联网体验中心');
  });

  it('does not change the object it was given', async () => {
    const s = await open();
    const item = { n: 1, eTag: '*' };
    await s.write({ k: item });
    expect(item).toEqual({ n: 1, eTag: '*' });
  });

  it('deletes: the key reads as missing; deleting a missing key is fine', async () => {
    const s = await open();
    await s.write({ a: { n: 1 }, b: { n: 2 } });
    await s.delete(['a', 'never-written']);
    expect(await s.read(['a', 'b'])).toEqual({ b: expect.objectContaining({ n: 2 }) });
  });

  it('rejects missing arguments as MemoryStorage does', async () => {
    const s = await open();
    await expect(s.read(undefined as unknown as string[])).rejects.toBeInstanceOf(ReferenceError);
    await expect(s.write(undefined as unknown as Record<string, unknown>)).rejects.toBeInstanceOf(ReferenceError);
  });

  it('keeps hostile keys and values apart and intact (NUL, lone surrogates, emoji, long keys)', async () => {
    const s = await open();
    const keys = ['a\u0000b', 'x\uD800', 'x\uDC00', 'x\uFFFD', '😀/users/😀', '../../etc/passwd', 'k'.repeat(5000), '\u0001j:"k"'];
    const changes = Object.fromEntries(keys.map((k, i) => [k, { i, text: `v\u0000${k}\uD800` }]));
    await s.write(changes);
    const read = await s.read(keys);
    expect(Object.keys(read).sort()).toEqual([...keys].sort());
    keys.forEach((k, i) => expect(read[k]).toMatchObject({ i, text: `v\u0000${k}\uD800` }));
  });

  it('gives every write a new eTag, and writeWithETags answers it', async () => {
    const s = await open();
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const eTags = await s.writeWithETags({ k: { i } });
      const read = (await s.read(['k'])).k.eTag as string;
      expect(eTags.k).toBe(read);
      seen.add(read);
    }
    expect(seen.size).toBe(10);
  });

  it('never gives a key deleted and written again an eTag it had before', async () => {
    const s = await open();
    const old = (await s.writeWithETags({ k: { v: 1 } })).k;
    await s.delete(['k']);
    await s.write({ k: { v: 2 } });
    await expect(s.write({ k: { v: 'stale', eTag: old } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await s.read(['k'])).k.v).toBe(2);
  });

  it('rejects a write with a stale eTag (the error SerializeTurns retries on) and keeps the stored item', async () => {
    const s = await open();
    await s.write({ k: { v: 'first' } });
    const stale = (await s.read(['k'])).k;
    await s.write({ k: { ...stale, v: 'second' } });
    const err = await s.write({ k: { ...stale, v: 'lost update' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ETagConflictError);
    expect(err).toBeInstanceOf(StorageWriteError);
    expect(err).toMatchObject({ code: 'ETAG_CONFLICT', key: 'k', message: 'Storage: error writing "k" due to eTag conflict.' });
    expect(isETagConflict(err)).toBe(true);
    expect((await s.read(['k'])).k.v).toBe('second');
  });

  it("overwrites with eTag '*' or without one, accepts the current eTag, and creates a missing key whatever its eTag", async () => {
    const s = await open();
    await s.write({ k: { v: 1 } });
    const old = (await s.read(['k'])).k;
    await s.write({ k: { v: 2 } });
    await s.write({ k: { ...old, v: 3, eTag: '*' } });
    expect((await s.read(['k'])).k.v).toBe(3);
    const current = (await s.read(['k'])).k;
    await s.write({ k: { ...current, v: 4 } });
    expect((await s.read(['k'])).k.v).toBe(4);
    await s.write({ fresh: { v: 5, eTag: 'an-eTag-from-elsewhere' } });
    expect((await s.read(['fresh'])).fresh.v).toBe(5);
  });

  it('checks every eTag of a multi-key write before writing any key', async () => {
    const s = await open();
    await s.write({ a: { v: 'a1' }, b: { v: 'b1' } });
    const { a, b } = await s.read(['a', 'b']);
    await s.write({ b: { v: 'b2' } });
    await expect(s.write({ a: { ...a, v: 'a-new' }, b: { ...b, v: 'b-new' } })).rejects.toBeInstanceOf(ETagConflictError);
    const after = await s.read(['a', 'b']);
    expect([after.a.v, after.b.v]).toEqual(['a1', 'b2']);
  });

  it('lets exactly one of two writers (two store objects) holding the same eTag win', async () => {
    const s = await open();
    const t = await second();
    await s.write({ k: { v: 0 } });
    const base = (await s.read(['k'])).k;
    const results = await Promise.allSettled([s.write({ k: { ...base, v: 'A' } }), t.write({ k: { ...base, v: 'B' } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ETagConflictError);
    const won = results[0].status === 'fulfilled' ? 'A' : 'B';
    expect((await t.read(['k'])).k.v).toBe(won);
  });

  it('loses no increment when 30 writers on two store objects read-modify-write one key at once', async () => {
    const a = await open();
    const b = await second();
    await a.write({ counter: { n: 0 } });
    let conflicts = 0;
    const increment = async (s: ContractStore) => {
      for (;;) {
        const item = (await s.read(['counter'])).counter;
        try {
          await s.write({ counter: { ...item, n: item.n + 1 } });
          return;
        } catch (err) {
          if (!isETagConflict(err)) throw err;
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, (_, i) => increment(i % 2 ? a : b)));
    expect((await b.read(['counter'])).counter.n).toBe(30);
    expect(conflicts).toBeGreaterThan(2); // the race really happened and was caught
  });
}
