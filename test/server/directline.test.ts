// The local Direct Line 3.0 subset, driven the way Web Chat drives it (tokens, start, post, poll,
// upload), against the echo bot over the real /api/messages route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AppServer } from '../../src/server/app.js';
import { EchoBot } from '../../src/server/echoBot.js';
import { silentLogger } from '../../src/server/logger.js';
import { ConversationStore } from '../../src/directline/store.js';
import { postJson, testConfig } from './helpers.js';

type Started = { conversationId: string; token: string; expires_in: number };
type ActivitySet = { activities: { id: string; type: string; text?: string; from: { id: string; role?: string }; attachments?: { contentUrl: string; name: string; contentType: string }[]; channelData?: unknown; replyToId?: string; serviceUrl?: string }[]; watermark: string };

let app: AppServer;
let dl: string;

beforeAll(async () => {
  app = createServer({ config: testConfig({ MAX_BODY_BYTES: '4096', UPLOAD_MAX_BYTES: '65536' }), bot: new EchoBot(), logger: silentLogger() });
  dl = `${await app.listen()}/v3/directline`;
});

afterAll(async () => {
  await app?.close();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function start(userId = 'u_tester'): Promise<Started> {
  const generated = await postJson(`${dl}/tokens/generate`, { user: { id: userId, name: '我' }, locale: 'zh-CN' });
  expect(generated.status).toBe(200);
  const { token } = generated.json as Started;
  const started = await postJson(`${dl}/conversations`, { user: { id: userId }, locale: 'zh-CN' }, auth(token));
  expect(started.status).toBe(201);
  return started.json as Started;
}

async function poll(conv: Started, watermark = '', until?: (set: ActivitySet) => boolean): Promise<ActivitySet> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await fetch(`${dl}/conversations/${conv.conversationId}/activities?watermark=${watermark}`, { headers: auth(conv.token) });
    expect(res.status).toBe(200);
    const set = (await res.json()) as ActivitySet;
    if (!until || until(set)) return set;
    if (Date.now() > deadline) throw new Error(`timed out polling: ${JSON.stringify(set)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const say = (conv: Started, text: string, clientActivityID = `c-${Math.random()}`) =>
  postJson(`${dl}/conversations/${conv.conversationId}/activities`, { type: 'message', text, channelData: { clientActivityID }, from: { id: 'someone-else' } }, auth(conv.token));

describe('Direct Line subset', () => {
  it('starts a conversation with a random id and token, and the bot greets the user', async () => {
    const conv = await start();
    expect(conv.conversationId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(conv.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(conv.expires_in).toBeGreaterThan(3000);
    const set = await poll(conv, '', (s) => s.activities.length >= 1);
    expect(set.activities[0]).toMatchObject({ type: 'message', text: '你好，我是回声机器人。', from: { role: 'bot' } });
    expect(set.watermark).toBe('1');
  });

  it('also starts a conversation without a token (user id from the body)', async () => {
    const res = await postJson(`${dl}/conversations`, { user: { id: 'u_plain' } });
    expect(res.status).toBe(201);
    const conv = res.json as Started;
    const set = await poll(conv, '', (s) => s.activities.length >= 1);
    expect(set.activities[0].text).toBe('你好，我是回声机器人。');
  });

  it('echoes the user activity with our identity and relays the reply; the watermark moves on', async () => {
    const conv = await start('u_echo');
    await poll(conv, '', (s) => s.activities.length >= 1);
    const posted = await say(conv, '第一句', 'client-1');
    expect(posted.status).toBe(200);
    const { id } = posted.json as { id: string };
    const set = await poll(conv, '1', (s) => s.activities.length >= 2);
    expect(set.activities[0]).toMatchObject({ id, text: '第一句', from: { id: 'u_echo', role: 'user' }, channelData: { clientActivityID: 'client-1' } });
    expect(set.activities[1]).toMatchObject({ text: '你说：第一句', replyToId: id, from: { role: 'bot' } });
    expect(set.activities.some((a) => a.serviceUrl !== undefined)).toBe(false); // the connector key stays private
    expect(set.watermark).toBe('3');
    expect((await poll(conv, '3')).activities).toEqual([]);
  });

  it('keeps the order of quick messages', async () => {
    const conv = await start('u_order');
    await Promise.all(['一', '二', '三', '四'].map((t) => say(conv, t)));
    const replies = (s: ActivitySet) => s.activities.filter((a) => a.from.role === 'bot' && a.text?.startsWith('你说'));
    const set = await poll(conv, '', (s) => replies(s).length >= 4);
    const users = set.activities.filter((a) => a.from.role === 'user').map((a) => a.text);
    const bots = replies(set).map((a) => a.text);
    expect(users).toHaveLength(4);
    expect(bots).toEqual(users.map((t) => `你说：${t}`));
  });

  it('uploads a file as an attachment the bot can download', async () => {
    const conv = await start('u_upload');
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', channelData: { clientActivityID: 'up-1' } })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob(['项目名称 测试'], { type: 'text/plain' }), '自评表 "草稿".txt');
    const res = await fetch(`${dl}/conversations/${conv.conversationId}/upload?userId=u_upload`, { method: 'POST', headers: auth(conv.token), body: form });
    expect(res.status).toBe(200);
    const set = await poll(conv, '', (s) => s.activities.some((a) => a.text?.startsWith('收到')));
    const echoed = set.activities.find((a) => a.from.role === 'user');
    expect(echoed?.attachments).toEqual([{ contentType: 'text/plain', name: '自评表 "草稿".txt', contentUrl: expect.stringMatching(/\/v3\/directline\/attachments\/[A-Za-z0-9_-]+\//) }]);
    expect(set.activities.find((a) => a.from.role === 'bot' && a.text?.startsWith('收到'))?.text).toBe('收到 1 个文件：自评表 "草稿".txt');
    const file = await fetch(echoed!.attachments![0].contentUrl);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('项目名称 测试');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
  });

  it('never serves an uploaded file as a page of this origin', async () => {
    const conv = await start('u_html');
    const form = new FormData();
    form.append('file', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'x.html');
    expect((await fetch(`${dl}/conversations/${conv.conversationId}/upload`, { method: 'POST', headers: auth(conv.token), body: form })).status).toBe(200);
    const set = await poll(conv, '', (s) => s.activities.some((a) => a.attachments?.length));
    const url = set.activities.find((a) => a.attachments?.length)!.attachments![0].contentUrl;
    const file = await fetch(url);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-security-policy')).toBe('sandbox');
  });

  it('answers 404 for an unknown conversation and 403 for a wrong token', async () => {
    const conv = await start('u_guard');
    const other = await start('u_other');
    expect((await fetch(`${dl}/conversations/nope/activities`, { headers: auth(conv.token) })).status).toBe(404);
    expect((await postJson(`${dl}/conversations/nope/activities`, { type: 'message', text: 'x' }, auth(conv.token))).status).toBe(404);
    expect((await fetch(`${dl}/conversations/${conv.conversationId}/activities`, { headers: auth(other.token) })).status).toBe(403);
    expect((await fetch(`${dl}/conversations/${conv.conversationId}/activities`)).status).toBe(403);
    expect((await postJson(`${dl}/conversations`, {}, auth('forged-token'))).status).toBe(403);
    expect((await postJson(`${dl}/tokens/refresh`, {}, auth('forged-token'))).status).toBe(403);
    expect((await fetch(`${dl}/attachments/unknown/x.txt`)).status).toBe(404);
  });

  it('refreshes a token and resumes a conversation by id', async () => {
    const conv = await start('u_refresh');
    const refreshed = await postJson(`${dl}/tokens/refresh`, undefined, auth(conv.token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ conversationId: conv.conversationId, token: expect.any(String) });
    const resumed = await fetch(`${dl}/conversations/${conv.conversationId}?watermark=0`, { headers: auth((refreshed.json as Started).token) });
    expect(resumed.status).toBe(200);
  });

  it('rejects bad bodies: an activity over the limit, malformed or wrongly typed 400; an upload over the limit 413', async () => {
    const conv = await start('u_bad');
    const big = await postJson(`${dl}/conversations/${conv.conversationId}/activities`, { type: 'message', text: '长'.repeat(3000) }, auth(conv.token));
    expect(big.status).toBe(400);
    expect(big.json).toMatchObject({ error: 'payload_too_large' });
    expect((await postJson(`${dl}/conversations/${conv.conversationId}/activities`, '{"type":', auth(conv.token))).status).toBe(400);
    expect((await postJson(`${dl}/conversations/${conv.conversationId}/activities`, { type: 'invoke' }, auth(conv.token))).status).toBe(400);
    expect((await postJson(`${dl}/tokens/generate`, { user: { id: 'bad id with spaces' } })).status).toBe(400);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(70_000)]), 'big.bin');
    const upload = await fetch(`${dl}/conversations/${conv.conversationId}/upload`, { method: 'POST', headers: auth(conv.token), body: form });
    expect(upload.status).toBe(413);
    const set = await poll(conv, '1');
    // Nothing reached the bot; the Direct Line says in the chat why the file was refused.
    expect(set.activities.map((a) => [a.from.role, a.text])).toEqual([['bot', expect.stringMatching(/^文件太大（0\.1 MB），上限 0\.1 MB。/)]]);
  });

  it('does not let the page pick its identity or the bot connector', async () => {
    const conv = await start('u_me');
    await postJson(`${dl}/conversations/${conv.conversationId}/activities`, { type: 'message', text: 'hi', from: { id: 'admin' }, serviceUrl: 'http://evil.example' }, auth(conv.token));
    const set = await poll(conv, '1', (s) => s.activities.length >= 2);
    expect(set.activities[0].from.id).toBe('u_me');
    expect(set.activities[1].text).toBe('你说：hi');
  });

  it('rejects connector calls without the secret key', async () => {
    const conv = await start('u_connector');
    const res = await postJson(`${dl}/connector/wrong-key/v3/conversations/${conv.conversationId}/activities`, { type: 'message', text: '伪造的回复' });
    expect(res.status).toBe(404);
  });
});

describe('ConversationStore limits', () => {
  it('expires idle conversations and evicts the least recently used at the cap', () => {
    let now = 0;
    const store = new ConversationStore({ maxConversations: 2, idleMs: 1000, now: () => now });
    const a = store.create({ id: 'a' });
    now = 10;
    const b = store.create({ id: 'b' });
    now = 20;
    store.get(a.id); // a is now more recent than b
    const c = store.create({ id: 'c' });
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)?.user.id).toBe('a');
    expect(store.get(c.id)?.user.id).toBe('c');
    now = 5000;
    expect(store.get(a.id)).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.sweep()).toBe(1);
    expect(store.size).toBe(0);
  });

  it('keeps at most maxActivities with absolute watermarks', () => {
    const store = new ConversationStore({ maxConversations: 5, idleMs: 60_000, maxActivities: 3 });
    const conv = store.create({ id: 'u' });
    for (let i = 1; i <= 5; i++) store.append(conv, { type: 'message', text: String(i) });
    expect(store.since(conv, '0').activities.map((a) => a.text)).toEqual(['3', '4', '5']);
    expect(store.since(conv, '4')).toEqual({ activities: [expect.objectContaining({ text: '5' })], watermark: '5' });
    expect(store.since(conv, '5').activities).toEqual([]);
  });

  it('rejects expired tokens', () => {
    let now = 0;
    const store = new ConversationStore({ maxConversations: 5, idleMs: 10_000_000, tokenTtlSeconds: 60, now: () => now });
    const conv = store.create({ id: 'u' });
    expect(store.byToken(conv.token)).toBe(conv);
    now = 61_000;
    expect(store.byToken(conv.token)).toBeUndefined();
    expect(store.tokenValidFor(conv, conv.token)).toBe(false);
  });
});
