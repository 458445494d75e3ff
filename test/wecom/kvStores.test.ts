// The 企业微信 token and seen-set on the shared key/value store (STORAGE=postgres wires them to
// PostgreSQL; the contract of SharedKv itself is tested in test/postgres/shared.test.ts): two
// instances sharing one store see one token and treat a retry that reaches the other as a retry.
import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../../src/storage/sharedKv.js';
import { KvSeenStore, KvTokenStore } from '../../src/wecom/stores.js';

describe('企业微信 stores on the shared key/value store', () => {
  it('a callback claimed by one instance is a retry for the other, until its TTL ends', async () => {
    let now = 1_000_000;
    const kv = new MemoryKv(() => now);
    const a = new KvSeenStore(kv);
    const b = new KvSeenStore(kv);
    expect(await a.claim('msg-1', 60_000)).toBe(true);
    expect(await b.claim('msg-1', 60_000)).toBe(false);
    expect(await a.claim('msg-1', 60_000)).toBe(false);
    expect(await b.claim('msg-2', 60_000)).toBe(true);
    now += 60_001;
    expect(await b.claim('msg-1', 60_000)).toBe(true);
  });

  it('one token for every instance; invalidating a stale token keeps a newer one', async () => {
    let now = 5_000_000;
    const kv = new MemoryKv(() => now);
    const a = new KvTokenStore(kv, () => now);
    const b = new KvTokenStore(kv, () => now);
    expect(await a.get('corp/1')).toBeUndefined();
    await a.set('corp/1', { token: 'T1', expiresAt: now + 7_200_000 });
    expect(await b.get('corp/1')).toEqual({ token: 'T1', expiresAt: now + 7_200_000 });
    await b.set('corp/1', { token: 'T2', expiresAt: now + 7_200_000 });
    await a.invalidate('corp/1', 'T1'); // a stale token: T2 stays
    expect((await a.get('corp/1'))?.token).toBe('T2');
    await a.invalidate('corp/1', 'T2');
    expect(await b.get('corp/1')).toBeUndefined();
    await a.set('corp/1', { token: 'T3', expiresAt: now + 1000 });
    now += 1001;
    expect(await b.get('corp/1')).toBeUndefined();
  });
});
