// Pluggable stores for the 企业微信 channel. The in-memory versions serve one process; a
// scaled-out deployment gives the adapter shared ones (PostgreSQL) through the same interfaces.

/** The cached access_token of one app (key: corp id + agent id). */
export type TokenRecord = { token: string; expiresAt: number };

export interface TokenStore {
  get(key: string): Promise<TokenRecord | undefined>;
  set(key: string, record: TokenRecord): Promise<void>;
  /** Forget the token, but only if it is still `token` (another refresh may have replaced it). */
  invalidate(key: string, token: string): Promise<void>;
}

/**
 * The callbacks already taken (MsgId, or user + CreateTime + event for events). claim() answers true
 * the first time a key is seen within ttlMs and false for every later claim (a WeCom retry).
 */
export interface SeenStore {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export class MemoryTokenStore implements TokenStore {
  private readonly map = new Map<string, TokenRecord>();

  async get(key: string): Promise<TokenRecord | undefined> {
    return this.map.get(key);
  }

  async set(key: string, record: TokenRecord): Promise<void> {
    this.map.set(key, record);
  }

  async invalidate(key: string, token: string): Promise<void> {
    if (this.map.get(key)?.token === token) this.map.delete(key);
  }
}

export class MemorySeenStore implements SeenStore {
  private readonly map = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 200_000,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const until = this.map.get(key);
    if (until !== undefined && until > now) return false;
    this.map.delete(key);
    this.map.set(key, now + ttlMs);
    if (this.map.size > this.maxEntries) this.prune(now);
    return true;
  }

  get size(): number {
    return this.map.size;
  }

  private prune(now: number): void {
    for (const [k, until] of this.map) if (until <= now) this.map.delete(k);
    // Still too many (a flood within the TTL): drop the oldest (Map keeps insertion order).
    for (const k of this.map.keys()) {
      if (this.map.size <= this.maxEntries) break;
      this.map.delete(k);
    }
  }
}

/** The part of the shared key/value store (src/storage/sharedKv.ts) these stores use. */
export type KvLike = {
  get(namespace: string, key: string): Promise<{ value: string } | undefined>;
  set(namespace: string, key: string, value: string, options?: { ttlMs?: number }): Promise<string>;
  setIfAbsent(namespace: string, key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
};

/** The access token in the shared store: every instance and worker uses the same token. */
export class KvTokenStore implements TokenStore {
  constructor(
    private readonly kv: KvLike,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<TokenRecord | undefined> {
    const entry = await this.kv.get('wecom:token', key);
    if (!entry) return undefined;
    try {
      const record = JSON.parse(entry.value) as TokenRecord;
      return typeof record.token === 'string' && typeof record.expiresAt === 'number' ? record : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, record: TokenRecord): Promise<void> {
    const ttlMs = Math.max(1, record.expiresAt - this.now());
    await this.kv.set('wecom:token', key, JSON.stringify(record), { ttlMs });
  }

  async invalidate(key: string, token: string): Promise<void> {
    if ((await this.get(key))?.token === token) await this.kv.delete('wecom:token', key);
  }
}

/** The callbacks already taken, in the shared store: a retry that reaches another instance is still a retry. */
export class KvSeenStore implements SeenStore {
  constructor(private readonly kv: KvLike) {}

  claim(key: string, ttlMs: number): Promise<boolean> {
    return this.kv.setIfAbsent('wecom:seen', key, '1', { ttlMs });
  }
}
