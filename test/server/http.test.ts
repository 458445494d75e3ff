// /api/messages end to end with a local HTTP server playing the channel, and the checks that keep
// malformed or oversized bodies away from the bot.
import type { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type AppServer } from '../../src/server/app.js';
import { EchoBot } from '../../src/server/echoBot.js';
import { silentLogger } from '../../src/server/logger.js';
import { conversationUpdate, fakeChannel, message, postJson, testConfig, type FakeChannel } from './helpers.js';

class SpyBot {
  calls = 0;
  readonly #inner = new EchoBot();
  async run(context: TurnContext) {
    this.calls++;
    await this.#inner.run(context);
  }
}

let channel: FakeChannel;
let app: AppServer;
let base: string;
const bot = new SpyBot();

beforeAll(async () => {
  channel = await fakeChannel();
  app = createServer({ config: testConfig({ MAX_BODY_BYTES: '4096' }), bot, logger: silentLogger() });
  base = await app.listen();
});

afterAll(async () => {
  await app?.close();
  await channel?.close();
});

beforeEach(() => {
  channel.replies.length = 0;
  bot.calls = 0;
});

describe('POST /api/messages in local mode', () => {
  it('binds to 127.0.0.1 when no app id is set', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('greets a new member and answers a message through the channel serviceUrl', async () => {
    const update = await postJson(`${base}/api/messages`, conversationUpdate(channel.url));
    expect(update.status).toBe(200);
    const said = message(channel.url, '你好');
    const reply = await postJson(`${base}/api/messages`, said);
    expect(reply.status).toBe(200);
    const replies = await channel.waitForReplies(2);
    expect(replies.map((r) => r.activity.text)).toEqual(['你好，我是回声机器人。', '你说：你好']);
    expect(replies[1]).toMatchObject({ conversationId: 'conv-1', replyTo: said.id });
    expect(replies[1].activity).toMatchObject({ type: 'message', recipient: { id: 'user-1' }, conversation: { id: 'conv-1' } });
    expect(bot.calls).toBe(2);
  });

  it.each([
    ['malformed JSON', '{"type": "message",', /malformed JSON/],
    ['an empty body', '', /empty body/],
    ['a JSON array', '[{"type":"message"}]', /JSON object/],
    ['a JSON string', '"message"', /JSON object/],
    ['null', 'null', /JSON object/],
  ])('answers 400 to %s without calling the bot', async (_label, body, message) => {
    const res = await postJson(`${base}/api/messages`, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'bad_request', message: expect.stringMatching(message) });
    expect(bot.calls).toBe(0);
  });

  it.each([
    ['type', /activity\.type is missing/],
    ['serviceUrl', /serviceUrl/],
    ['conversation', /activity\.conversation is missing/],
    ['from', /activity\.from is missing/],
    ['channelId', /activity\.channelId is missing/],
  ])('answers 400 to an activity without %s', async (field, expected) => {
    const activity = message(channel.url, '你好');
    delete activity[field];
    const res = await postJson(`${base}/api/messages`, activity);
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toMatch(expected);
    expect(bot.calls).toBe(0);
  });

  it('answers 400 to an activity whose type is not a string', async () => {
    const res = await postJson(`${base}/api/messages`, message(channel.url, 'x', { type: 42 }));
    expect(res.status).toBe(400);
    expect(bot.calls).toBe(0);
  });

  it('answers 400 payload_too_large to a body over MAX_BODY_BYTES (declared length)', async () => {
    const res = await postJson(`${base}/api/messages`, message(channel.url, '长'.repeat(3000)));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'payload_too_large' });
    expect(bot.calls).toBe(0);
  });

  it('answers 400 to a chunked body that grows over the limit', async () => {
    const big = JSON.stringify(message(channel.url, 'x'.repeat(10_000)));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(big);
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.subarray(i, i + 1000));
        controller.close();
      },
    });
    const response = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
    expect(bot.calls).toBe(0);
  });

  it('still works after the bad requests', async () => {
    const res = await postJson(`${base}/api/messages`, message(channel.url, '还在吗'));
    expect(res.status).toBe(200);
    expect((await channel.waitForReplies(1))[0].activity.text).toBe('你说：还在吗');
  });

  it('rejects other methods on /api/messages', async () => {
    const res = await fetch(`${base}/api/messages`);
    expect(res.status).toBe(405);
  });
});

describe('GET /healthz', () => {
  it('reports ok, version, uptime and the rule set', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await res.json();
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), uptimeSeconds: expect.any(Number), ruleSet: 'suzhou-2021', mode: 'local' });
  });
});

describe('the local chat page and its assets', () => {
  it('serves the Web Chat page in Chinese, wired to our Direct Line with polling', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>绩效自评助手</title>');
    expect(html).toContain('<script src="/webchat.js"></script>');
    // The page's own code is a script file (its CSP allows no inline script).
    expect(html).toContain('<script src="/app.js"></script>');
    const app = await fetch(`${base}/app.js`);
    expect(app.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const script = await app.text();
    expect(script).toContain("location.origin + '/v3/directline'");
    expect(script).toMatch(/webSocket: false/);
    expect(script).toMatch(/locale: 'zh-CN'/);
    expect(script).toMatch(/localStorage/);
  });

  it('serves Web Chat’s bundle with caching headers, gzip and 304 on a matching ETag', async () => {
    const plain = await fetch(`${base}/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = plain.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const body = await plain.text();
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(body).toContain('renderWebChat');

    const zipped = await fetch(`${base}/webchat.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(body.length / 2);
    expect(await zipped.text()).toBe(body); // fetch inflates it

    const again = await fetch(`${base}/webchat.js`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('serves the favicon, the privacy and terms pages the Teams manifest links to', async () => {
    const icon = await fetch(`${base}/favicon.png`);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await icon.arrayBuffer()).subarray(1, 4).toString('latin1')).toBe('PNG');
    for (const page of ['privacy', 'terms']) {
      const res = await fetch(`${base}/${page}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('lang="zh-CN"');
    }
  });

  it('answers 404 for files it does not know', async () => {
    expect((await fetch(`${base}/files/${'A'.repeat(43)}/x.docx`)).status).toBe(404); // no file store given here
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });
});
