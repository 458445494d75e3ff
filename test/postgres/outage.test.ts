// A database outage under a running server (STORAGE=postgres, `npm start` in a child process): a
// message answers "系统繁忙，请稍后再试" and changes nothing, /healthz says 503 with the database's
// state, and once PostgreSQL is back the server serves again by itself (no restart), with every
// answer given before the outage still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import type { ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { entryEssence, say, seedEntries, tempRoot } from '../faults/helpers.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { pgSessions, startPgMain } from './helpers.js';
import { startPgCluster, type PgCluster } from './pgCluster.js';

let cluster: PgCluster;
let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let client: HttpClient;
let server: ServerProcess | undefined;

beforeAll(async () => {
  cluster = await startPgCluster();
  root = tempRoot('jixiao-pg-outage-');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(8);
});

afterAll(async () => {
  await server?.kill9();
  client?.close();
  await channel?.close();
  cluster?.stop();
  root?.cleanup();
});

describe('the database goes away and comes back', () => {
  it('answers 系统繁忙 during the outage, saves nothing half-way, and recovers without a restart', async () => {
    const db = await cluster.createDatabase();
    const log: string[] = [];
    server = await startPgMain(db, root.dataDir, { PG_STATEMENT_TIMEOUT_MS: '2000' }, (line) => log.push(line));
    const who: ActivityOptions = { channelId: 'test', serviceUrl: channel.url, conversationId: 'outage-c', userId: 'outage-u' };
    const entries = await seedEntries();
    expect((await say(client, server.url, channel, who, null)).status).toBe(200);
    for (const step of SEED_STEPS.slice(0, 2)) expect((await say(client, server.url, channel, who, step.say)).texts.join('\n')).toMatch(step.reply);
    const healthy = await client.get(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body).database).toMatchObject({ ok: true });

    cluster.stopServer();
    let restarted = false;
    try {
      const during = await say(client, server.url, channel, who, SEED_STEPS[2].say);
      expect(during.status).toBe(200);
      expect(during.texts.join('\n')).toMatch(/系统繁忙，请稍后再试/);
      expect(during.texts.join('\n')).not.toMatch(SEED_STEPS[2].reply);
      const down = await client.get(`${server.url}/healthz`);
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body)).toMatchObject({ ok: false, database: { ok: false } });
      cluster.startServer();
      restarted = true;
    } finally {
      if (!restarted) cluster.startServer();
    }

    // Back: the same message goes through now, on the state saved before the outage.
    const after = await say(client, server.url, channel, who, SEED_STEPS[2].say);
    expect(after.texts.join('\n')).toMatch(SEED_STEPS[2].reply);
    expect((await client.get(`${server.url}/healthz`)).status).toBe(200);
    const stored = await pgSessions(db, [who]);
    expect(entryEssence(stored.get(who.userId))).toBe(entries[3]);
    // The log tells the outage, without any form content (the answers typed above).
    await server.stop();
    const text = `${log.join('\n')}\n${server.stderr()}`;
    expect(text).toMatch(/database is unavailable|database connection lost/);
    for (const step of [SEED_STEPS[0], SEED_STEPS[2]]) expect(text).not.toContain(step.say);
  }, 300_000);
});
