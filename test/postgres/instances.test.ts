// Several instances on one PostgreSQL database behave as one: two `npm start` servers behind a
// round-robin proxy (consecutive turns of a user alternate between them), 50 conversations typing
// the seed form, one instance killed with kill -9 mid-load and started again. Every answer the bot
// acknowledged is stored, every form ends as the single-process transcript makes it (same score),
// every download link works from either instance. Then WORKERS=2, the refusal of WORKERS=2 with
// files, and two messages of one user arriving at two instances at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import { messageActivity, runLoad, type ActivityOptions } from '../../bench/lib/load.js';
import { startServerProcess, type ServerProcess } from '../../bench/lib/serverProcess.js';
import { scoreForm } from '../../rules/index.js';
import { activeForm, entryEssence, say, seedEntries, tempRoot } from '../faults/helpers.js';
import { EXPORT, SEED_STEPS } from '../server/seedConversation.js';
import { pgSessions, startPgMain, startRoundRobinProxy, type RoundRobinProxy } from './helpers.js';
import { startPgCluster, type PgCluster } from './pgCluster.js';

const CONVERSATIONS = 50;
const MESSAGES = SEED_STEPS.map((s) => s.say);
const CHANNEL = 'test';

let cluster: PgCluster;
let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let client: HttpClient;
let entries: string[];
const servers: ServerProcess[] = [];
let proxy: RoundRobinProxy | undefined;

beforeAll(async () => {
  cluster = await startPgCluster();
  root = tempRoot('jixiao-pg-instances-');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(128);
  entries = await seedEntries();
});

afterAll(async () => {
  for (const s of servers) await s.kill9();
  await proxy?.close();
  client?.close();
  await channel?.close();
  cluster?.stop();
  root?.cleanup();
});

/** How many seed answers a stored session holds: k or k+1 (the turn in flight may have been saved), else -1. */
function answersHeld(stored: string, acked: number): number {
  if (stored === entries[acked]) return acked;
  if (acked + 1 < entries.length && stored === entries[acked + 1]) return acked + 1;
  return -1;
}

describe('two instances on one database, one killed with kill -9 mid-load', () => {
  it('keeps every acknowledged answer, finishes every form as one process would, and serves every link from either instance', async () => {
    const db = await cluster.createDatabase();
    const a = await startPgMain(db, `${root.dir}/a`);
    servers.push(a);
    let b = await startPgMain(db, `${root.dir}/b`);
    servers.push(b);
    proxy = await startRoundRobinProxy([a.url, b.url]);

    const acked = new Array<number>(CONVERSATIONS).fill(0);
    let total = 0;
    let killed: Promise<void> | undefined;
    const result = await runLoad({
      url: proxy.url,
      channel,
      client,
      conversations: CONVERSATIONS,
      script: () => MESSAGES,
      prefix: 'rr',
      channelId: CHANNEL,
      deadlineMs: 120_000,
      onAck: (i, t) => {
        acked[i] = t + 1;
        if (++total === 300) killed = b.kill9();
      },
    });
    await killed;
    expect(b.child.signalCode, 'instance B was killed').toBe('SIGKILL');
    expect(Object.keys(result.statuses).filter((s) => Number(s) >= 500), `no 5xx (${result.firstError})`).toEqual([]);
    expect(proxy.forwarded[0], 'instance A served turns').toBeGreaterThan(100);
    expect(proxy.forwarded[1], 'instance B served turns before it died').toBeGreaterThan(100);

    // Every acknowledged answer is in the database (the turn cut off by the kill may be there too).
    const who = Array.from({ length: CONVERSATIONS }, (_, i): ActivityOptions => ({ channelId: CHANNEL, serviceUrl: channel.url, conversationId: `rr-c${i}`, userId: `rr-u${i}` }));
    const stored = await pgSessions(db, who);
    const next: number[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const held = answersHeld(entryEssence(stored.get(who[i].userId)), acked[i]);
      expect(held, `conversation ${i}: ${acked[i]} answers acknowledged; the database holds neither those nor one more`).toBeGreaterThanOrEqual(0);
      next.push(held);
    }
    expect(next.filter((k) => k < MESSAGES.length).length, 'the kill cut some conversations short').toBeGreaterThan(0);

    // B comes back (a new port); the cut conversations go on where the database says they are,
    // still alternating between the two instances, to the end of the form.
    b = await startPgMain(db, `${root.dir}/b`);
    servers.push(b);
    proxy.targets = [a.url, b.url];
    await Promise.all(
      who.map(async (w, i) => {
        for (let step = next[i]; step < SEED_STEPS.length; step++) {
          const r = await say(client, proxy!.url, channel, w, SEED_STEPS[step].say);
          expect(r.status).toBe(200);
          expect(r.texts.join('\n'), `conversation ${i}, answer ${step + 1} (“${SEED_STEPS[step].say}”)`).toMatch(SEED_STEPS[step].reply);
        }
      }),
    );

    // Every form is what the single-process transcript makes, and scores the same.
    const final = await pgSessions(db, who);
    const expected = scoreForm(JSON.parse(entries[entries.length - 1]).form).total;
    for (const w of who) {
      expect(entryEssence(final.get(w.userId)), `${w.userId}'s form`).toBe(entries[entries.length - 1]);
      expect(scoreForm(activeForm(final.get(w.userId))!).total).toBe(expected);
    }

    // Exports: a link made by one instance downloads from both.
    const links: string[] = [];
    await Promise.all(
      who.map(async (w) => {
        const before = channel.replies(w.conversationId).length;
        const r = await client.post(`${proxy!.url}/api/messages`, messageActivity(w, EXPORT.say));
        expect(r.status).toBe(200);
        const replies = channel.replies(w.conversationId).slice(before);
        expect(replies.map((x) => x.text ?? '').join('\n')).toMatch(EXPORT.reply);
        for (const reply of replies) for (const att of (reply.attachments ?? []) as { contentUrl?: string }[]) if (att.contentUrl) links.push(att.contentUrl);
      }),
    );
    expect(links.length).toBeGreaterThanOrEqual(CONVERSATIONS);
    for (const link of links) {
      const { pathname } = new URL(link);
      const [fromA, fromB] = await Promise.all([fetch(a.url + pathname), fetch(b.url + pathname)]);
      expect([fromA.status, fromB.status], link).toEqual([200, 200]);
      const [bytesA, bytesB] = await Promise.all([fromA.arrayBuffer(), fromB.arrayBuffer()]);
      expect(bytesA.byteLength).toBeGreaterThan(1000);
      expect(Buffer.from(bytesB).equals(Buffer.from(bytesA))).toBe(true);
    }
    await proxy.close();
    proxy = undefined;
    await Promise.all([a.stop(), b.stop()]);
  }, 900_000); // ~1-2 min on an idle 2-core machine; generous for a loaded CI machine
});

describe('two messages of one user at two instances at the same moment', () => {
  it('applies both (one instance re-runs its turn from the other one’s state), none lost', async () => {
    const db = await cluster.createDatabase();
    const [a, b] = await Promise.all([startPgMain(db, `${root.dir}/ra`), startPgMain(db, `${root.dir}/rb`)]);
    servers.push(a, b);
    // 20 users; each greets, then sends its first two answers at once, one to each instance.
    const users = Array.from({ length: 20 }, (_, i): ActivityOptions => ({ channelId: CHANNEL, serviceUrl: channel.url, conversationId: `race-c${i}`, userId: `race-u${i}` }));
    await Promise.all(users.map(async (u) => expect((await say(client, a.url, channel, u, null)).status).toBe(200)));
    // Sub-items: two answers that both add to one list, so a lost update shows as one missing item.
    const steps = SEED_STEPS.slice(0, 9).map((s) => s.say);
    await Promise.all(
      users.map(async (u) => {
        for (const text of steps) expect((await client.post(`${a.url}/api/messages`, messageActivity(u, text))).status).toBe(200);
        const [ra, rb] = await Promise.all([
          client.post(`${a.url}/api/messages`, messageActivity(u, '基本建设 1200 388.632358')),
          client.post(`${b.url}/api/messages`, messageActivity(u, '基本维护 700 423.468663')),
        ]);
        expect([ra.status, rb.status]).toEqual([200, 200]);
      }),
    );
    const stored = await pgSessions(db, users);
    for (const u of users) {
      const form = activeForm(stored.get(u.userId)) as unknown as { subItems?: { name: string }[] } | undefined;
      const names = JSON.stringify(form);
      expect(names, `${u.userId}: both sub-items stored`).toContain('基本建设');
      expect(names, `${u.userId}: both sub-items stored`).toContain('基本维护');
    }
    await Promise.all([a.stop(), b.stop()]);
  }, 300_000);
});

describe('WORKERS', () => {
  it('WORKERS=2 with PostgreSQL starts two worker processes that serve the bot', async () => {
    const db = await cluster.createDatabase();
    const server = await startPgMain(db, `${root.dir}/w`, { WORKERS: '2' });
    servers.push(server);
    const who: ActivityOptions = { channelId: CHANNEL, serviceUrl: channel.url, conversationId: 'workers-c', userId: 'workers-u' };
    expect((await say(client, server.url, channel, who, null)).status).toBe(200);
    for (const step of SEED_STEPS.slice(0, 6)) {
      const r = await say(client, server.url, channel, who, step.say);
      expect(r.status).toBe(200);
      expect(r.texts.join('\n')).toMatch(step.reply);
    }
    const health = await client.get(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, database: { ok: true } });
    const { readdirSync, readFileSync } = await import('node:fs');
    const children = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && (() => {
      try {
        return readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(server.pid);
      } catch {
        return false;
      }
    })());
    expect(children, 'worker processes of the primary').toHaveLength(2);
    await server.stop();
    expect((await server.exited).code).toBe(0);
  }, 240_000);

  it('WORKERS=2 with file storage refuses to start and says why (Chinese and English)', async () => {
    const err = await startServerProcess({ entry: 'main', env: { STORAGE: 'file', DATA_DIR: `${root.dir}/f`, WORKERS: '2' }, timeoutMs: 90_000 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/WORKERS/);
    expect(err?.message).toMatch(/共享存储/);
    expect(err?.message).toMatch(/needs a shared store/);
  }, 120_000);
});
