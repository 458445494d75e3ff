// Issue 12 item 4: a redelivered activity (same conversation, same activity id) is applied at most
// once. Against the server of `npm start` in a child process: the duplicate of "0" at 结转数 must not
// become 财政收回数 = 0; the duplicate gets the original replies; two copies arriving at once apply
// once; and the record survives kill -9 and a restart (it is saved with the state it guards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import { messageActivity, type ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { activeForm, ids, say, startMain, storedSessions, tempRoot } from '../faults/helpers.js';
import { SEED_STEPS } from '../server/seedConversation.js';

let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let client: HttpClient;
let server: ServerProcess;

beforeAll(async () => {
  root = tempRoot('jixiao-redelivery-');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(8);
  server = await startMain(root.dataDir);
}, 120_000);

afterAll(async () => {
  await server?.kill9();
  client?.close();
  await channel?.close();
  root?.cleanup();
});

/** Greets and answers the seed transcript up to (not including) 结转数. */
async function upToCarriedOver(who: ActivityOptions): Promise<void> {
  expect((await say(client, server.url, channel, who, null)).status).toBe(200);
  const i = SEED_STEPS.findIndex((s) => /结转数/.test(String(s.reply)));
  for (const step of SEED_STEPS.slice(0, i)) {
    const r = await say(client, server.url, channel, who, step.say);
    expect(r.status).toBe(200);
    expect(r.texts.join('\n')).toMatch(step.reply);
  }
}

async function post(activity: Record<string, unknown>): Promise<number> {
  return (await client.post(`${server.url}/api/messages`, activity)).status;
}

async function funds(who: ActivityOptions) {
  const sessions = await storedSessions(root.dataDir, [who]);
  return activeForm(sessions.get(who.userId))?.funds;
}

describe('a redelivered activity', () => {
  it('is applied once and answered with the replies of the first delivery', async () => {
    const who = ids(channel, 'dup');
    await upToCarriedOver(who);
    const zero = messageActivity(who, '0');

    const before = channel.replies(who.conversationId).length;
    expect(await post(zero)).toBe(200);
    const first = channel.replies(who.conversationId).slice(before).map((r) => r.text);
    expect(first.join('\n')).toMatch(/已记录结转数：0/);
    expect(await funds(who)).toMatchObject({ carriedOver: '0' });
    expect((await funds(who))?.recovered).toBeUndefined();

    const mid = channel.replies(who.conversationId).length;
    expect(await post(zero)).toBe(200);
    const second = channel.replies(who.conversationId).slice(mid).map((r) => r.text);
    expect(second).toEqual(first);
    expect((await funds(who))?.recovered).toBeUndefined();

    // The next, new message still goes to 财政收回数.
    const next = await say(client, server.url, channel, who, '0');
    expect(next.texts.join('\n')).toMatch(/已记录财政收回数：0/);
    expect(await funds(who)).toMatchObject({ carriedOver: '0', recovered: '0' });
  });

  it('arriving twice at once is applied once', async () => {
    const who = ids(channel, 'race');
    await upToCarriedOver(who);
    const zero = messageActivity(who, '0');
    const statuses = await Promise.all([post(zero), post(zero), post(zero)]);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await funds(who)).toMatchObject({ carriedOver: '0' });
    expect((await funds(who))?.recovered).toBeUndefined();
  });

  it('is still recognised after kill -9 and a restart', async () => {
    const who = ids(channel, 'kill');
    await upToCarriedOver(who);
    const zero = messageActivity(who, '0');
    expect(await post(zero)).toBe(200);
    await server.kill9();
    server = await startMain(root.dataDir);
    expect(await post(zero)).toBe(200);
    expect(await funds(who)).toMatchObject({ carriedOver: '0' });
    expect((await funds(who))?.recovered).toBeUndefined();
  }, 120_000);

  it('with the same id in another conversation is a new message', async () => {
    const a = ids(channel, 'sameid-a');
    const b = ids(channel, 'sameid-b');
    await upToCarriedOver(a);
    await upToCarriedOver(b);
    const shared = { id: 'same-activity-id' };
    expect(await post({ ...messageActivity(a, '0'), ...shared })).toBe(200);
    expect(await post({ ...messageActivity(b, '0'), ...shared })).toBe(200);
    expect(await funds(a)).toMatchObject({ carriedOver: '0' });
    expect(await funds(b)).toMatchObject({ carriedOver: '0' });
  });
});
