// Issue 12, items 3 and 7: in local mode nothing is authenticated, so the server itself must refuse
// what a web page on another site (or a DNS-rebound name) could make the browser send; invoke
// activities are answered (never 501); ids a reply could not carry are refused with 400.
// Against the real server as `npm start` wires it (startServer: form bot, storage, Direct Line).
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AppServer } from '../../src/server/app.js';
import { createGuard } from '../../src/server/guard.js';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { fakeChannel, message, testConfig, type FakeChannel } from '../server/helpers.js';

type Res = { status: number; headers: http.IncomingHttpHeaders; text: string; json?: Record<string, unknown> };

/** A raw HTTP request (fetch would not let a test set Host), to 127.0.0.1. */
function request(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Res> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let running: Running;
let channel: FakeChannel;
let base: string;
let port: number;
const temp: string[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-web-'));
  temp.push(dataDir);
  channel = await fakeChannel();
  running = await startServer(testConfig({ DATA_DIR: dataDir, STORAGE: 'memory' }), silentLogger());
  base = running.url;
  port = Number(new URL(base).port);
});

afterAll(async () => {
  await running?.stop();
  await channel?.close();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

/** The state the bot keeps for a user of the test channel (undefined: the bot never applied anything). */
async function stateOf(userId: string): Promise<unknown> {
  const key = `test/users/${userId}/`;
  return (await running.storage.read([key]))[key];
}

async function until(ok: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting for the bot');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('local mode: requests another web page could send are refused', () => {
  it('a text/plain POST to /api/messages from a foreign Origin gets 403 and changes nothing', async () => {
    const activity = message(channel.url, '恶意网页填的项目名称', { from: { id: 'victim-1' }, conversation: { id: 'victim-1-c' } });
    const res = await request(base, 'POST', '/api/messages', { 'Content-Type': 'text/plain', Origin: 'https://evil.example' }, JSON.stringify(activity));
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: 'forbidden_origin' });
    await settle();
    expect(channel.replies.filter((r) => r.conversationId === 'victim-1-c')).toHaveLength(0);
    expect(await stateOf('victim-1')).toBeUndefined();

    // The same activity from a non-browser client (no Origin), as JSON, is a real turn: the refusal
    // above was the Origin's doing.
    const ok = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify({ ...activity, id: 'again-1' }));
    expect(ok.status).toBe(200);
    await channel.waitForReplies(1);
    expect(channel.replies.some((r) => r.conversationId === 'victim-1-c')).toBe(true);
    expect(await stateOf('victim-1')).toBeDefined();
  });

  it('refuses JSON from a foreign Origin, an opaque "null" Origin and another port on this machine', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1', `http://localhost.evil.example:${port}`, `https://127.0.0.1:${port}`]) {
      const activity = message(channel.url, '0', { from: { id: 'victim-2' }, conversation: { id: 'victim-2-c' } });
      const res = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json', Origin: origin }, JSON.stringify(activity));
      expect(res.status, origin).toBe(403);
      const token = await request(base, 'POST', '/v3/directline/tokens/generate', { 'Content-Type': 'application/json', Origin: origin }, '{}');
      expect(token.status, origin).toBe(403);
    }
    await settle();
    expect(await stateOf('victim-2')).toBeUndefined();
  });

  it('accepts the page’s own origins: localhost, 127.0.0.1 and the address the browser used', async () => {
    for (const [origin, host] of [
      [`http://localhost:${port}`, `127.0.0.1:${port}`],
      [`http://127.0.0.1:${port}`, `127.0.0.1:${port}`],
      [`http://localhost:${port}`, `localhost:${port}`],
    ]) {
      const res = await request(base, 'POST', '/v3/directline/tokens/generate', { 'Content-Type': 'application/json', Origin: origin, Host: host }, '{}');
      expect(res.status, origin).toBe(200);
      expect(res.json?.token).toEqual(expect.any(String));
    }
  });

  it('a request for another Host name (DNS rebinding) gets 421: no token, no page', async () => {
    for (const host of ['attacker.example', `attacker.example:${port}`, `localhost.attacker.example:${port}`]) {
      const token = await request(base, 'POST', '/v3/directline/tokens/generate', { 'Content-Type': 'application/json', Host: host }, '{}');
      expect(token.status, host).toBe(421);
      expect(token.json?.token).toBeUndefined();
      const page = await request(base, 'GET', '/', { Host: host });
      expect(page.status, host).toBe(421);
      expect(page.text).not.toContain('绩效自评助手</title>');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'localhost']) {
      expect((await request(base, 'GET', '/', { Host: host })).status, host).toBe(200);
    }
  });

  it('a body that is not application/json gets 415 on the JSON endpoints and is not applied', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const activity = message(channel.url, '0', { from: { id: 'victim-3' }, conversation: { id: 'victim-3-c' } });
      const res = await request(base, 'POST', '/api/messages', type ? { 'Content-Type': type } : {}, JSON.stringify(activity));
      expect(res.status, String(type)).toBe(415);
      expect(res.json).toMatchObject({ error: 'unsupported_media_type' });
    }
    await settle();
    expect(await stateOf('victim-3')).toBeUndefined();
    const ok = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(message(channel.url, '你好', { from: { id: 'ok-3' }, conversation: { id: 'ok-3-c' } })));
    expect(ok.status).toBe(200);
  });

  it('the Direct Line: a text/plain activity is refused with 415 and never reaches the bot; the upload stays multipart', async () => {
    const started = await request(base, 'POST', '/v3/directline/conversations', {}, undefined); // Web Chat starts with an empty body
    expect(started.status).toBe(201);
    const { conversationId, token } = started.json as { conversationId: string; token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const plain = await request(base, 'POST', `/v3/directline/conversations/${conversationId}/activities`, { ...auth, 'Content-Type': 'text/plain' }, JSON.stringify({ type: 'message', text: '网页偷发的回答' }));
    expect(plain.status).toBe(415);
    await settle();
    const seen = await request(base, 'GET', `/v3/directline/conversations/${conversationId}/activities`, auth);
    expect(seen.text).not.toContain('网页偷发的回答');

    const boundary = 'jixiaoBoundary42';
    const multipart = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n项目名称\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const upload = await request(base, 'POST', `/v3/directline/conversations/${conversationId}/upload`, { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, multipart);
    expect(upload.status).not.toBe(415);
    expect(upload.status).toBeLessThan(500);
  });
});

describe('security headers', () => {
  it('the chat page has a CSP that allows only its own scripts, no framing, no referrer, nosniff', async () => {
    const res = await request(base, 'GET', '/');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('connect-src')).toBe("connect-src 'self' blob:");
    expect(directive('img-src')).not.toMatch(/https?:|\*/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    // No inline script for the CSP to have to allow.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('every other response carries nosniff, no-referrer and a deny-all CSP', async () => {
    for (const path of ['/healthz', '/app.js', '/webchat.js', '/no-such-page']) {
      const res = await request(base, 'GET', path);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['referrer-policy'], path).toBe('no-referrer');
      expect(String(res.headers['content-security-policy']), path).toContain("default-src 'none'");
    }
  });
});

describe('invoke activities', () => {
  it('an Adaptive Card Action.Execute is a turn: 200 with an invoke response, and the bot replies as to typed words', async () => {
    // The user is greeted first and asked for 项目名称; the card button then answers it.
    await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(message(channel.url, '你好', { from: { id: 'inv-1' }, conversation: { id: 'inv-1-c' } })));
    await until(() => channel.replies.some((r) => r.conversationId === 'inv-1-c' && /项目名称/.test(r.activity.text ?? '')));
    const before = channel.replies.length;
    const invoke = message(channel.url, '', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      from: { id: 'inv-1' },
      conversation: { id: 'inv-1-c' },
      value: { action: { type: 'Action.Execute', verb: 'answer', data: { text: '卡片按钮填的项目' } }, trigger: 'manual' },
    });
    delete (invoke as { text?: string }).text;
    const res = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(invoke));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('已收到') });
    await until(() => channel.replies.slice(before).some((r) => (r.activity.text ?? '').includes('卡片按钮填的项目')));
    expect(channel.replies.slice(before).map((r) => r.activity.text ?? '').join('\n')).toMatch(/已记录项目名称：卡片按钮填的项目/);
  });

  it('other invokes get 200, never 501; a malformed card action gets 400, never 500', async () => {
    for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState', 'something/unknown']) {
      const invoke = { ...message(channel.url, '', { type: 'invoke', name, from: { id: 'inv-2' }, conversation: { id: 'inv-2-c' }, value: {} }) };
      const res = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(invoke));
      expect(res.status, name).toBe(200);
    }
    for (const value of [undefined, {}, { action: { type: 'Action.Submit' } }, { action: { type: 'Action.Execute' } }]) {
      const invoke = message(channel.url, '', { type: 'invoke', name: 'adaptiveCard/action', from: { id: 'inv-3' }, conversation: { id: 'inv-3-c' }, value });
      const res = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(invoke));
      expect(res.status, JSON.stringify(value)).toBe(400);
      expect(res.json).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    }
  });
});

describe('ids a reply could not carry', () => {
  it('a lone surrogate, a control character, a dot segment, over 1024 characters (or a conversation id beyond Latin-1) gets 400 and no turn', async () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['conversation.id lone high surrogate', { conversation: { id: 'c-\ud800' } }],
      ['conversation.id lone low surrogate', { conversation: { id: '\udc00-c' } }],
      ['from.id lone surrogate', { from: { id: 'u-\ud83d' } }],
      ['from.id control character', { from: { id: 'u\u0000x' } }],
      ['conversation.id newline', { conversation: { id: 'c\nx' } }],
      ['conversation.id too long', { conversation: { id: 'c'.repeat(1025) } }],
      ['activity id lone surrogate', { id: 'a-\udfff' }],
      ['recipient.id lone surrogate', { recipient: { id: 'b-\ud800' } }],
      // the reply goes out with the conversation id in a header (Latin-1 only) and in its URL path
      ['conversation.id beyond Latin-1', { conversation: { id: '会话-1' } }],
      ['conversation.id a dot segment', { conversation: { id: '..' } }],
      ['activity id a dot segment', { id: '.' }],
    ];
    for (const [what, extra] of bad) {
      const activity = message(channel.url, '0', { from: { id: 'ids-1' }, conversation: { id: 'ids-1-c' }, ...extra });
      // JSON.stringify writes a lone surrogate as the escape \ud800, as a hostile client would.
      const res = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(activity));
      expect(res.status, what).toBe(400);
      expect(res.json, what).toMatchObject({ error: 'bad_request' });
    }
    await settle();
    expect(await stateOf('ids-1')).toBeUndefined();
    // A valid surrogate pair (an emoji) and 1024 characters are fine.
    const ok = await request(base, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(message(channel.url, '你好', { from: { id: 'ids-😀' }, conversation: { id: 'c'.repeat(1024) } })));
    expect(ok.status).toBe(200);
  });
});

describe('authenticated mode (MicrosoftAppId set)', () => {
  let server: AppServer;
  let calls = 0;
  beforeAll(async () => {
    const config = testConfig({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
    server = createServer({ config, bot: { run: async (_c: TurnContext) => void calls++ }, logger: silentLogger() });
    await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes only JSON at /api/messages (415), and leaves Host and Origin to the token check (401)', async () => {
    const activity = JSON.stringify(message('https://smba.trafficmanager.net/amer/', 'hi'));
    const plain = await request(server.url(), 'POST', '/api/messages', { 'Content-Type': 'text/plain' }, activity);
    expect(plain.status).toBe(415);
    const rebound = await request(server.url(), 'POST', '/api/messages', { 'Content-Type': 'application/json; charset=utf-8', Host: 'bot.example.com', Origin: 'https://evil.example' }, activity);
    expect(rebound.status).toBe(401);
    expect(calls).toBe(0);
  });
});

describe('the Host rule for other bind addresses (createGuard)', () => {
  const req = (host: string, origin?: string) => ({ method: 'GET', url: '/', headers: { host, ...(origin ? { origin } : {}) } }) as unknown as http.IncomingMessage;
  it('HOST given as a name: that name and the IP it bound are this server; other names are not', () => {
    const guard = createGuard({ localMode: true, host: 'mypc.lan', port: () => 3978, address: () => '192.168.1.5' });
    expect(guard.check(req('mypc.lan:3978'))).toBeUndefined();
    expect(guard.check(req('192.168.1.5:3978'))).toBeUndefined();
    expect(guard.check(req('evil.example:3978'))?.status).toBe(421);
  });
  it('HOST 0.0.0.0: any IP of the machine, no other name but PUBLIC_BASE_URL’s', () => {
    const guard = createGuard({ localMode: true, host: '0.0.0.0', publicBaseUrl: 'https://jixiao.example.cn', port: () => 3978 });
    expect(guard.check(req('10.0.0.7:3978', 'http://10.0.0.7:3978'))).toBeUndefined();
    expect(guard.check(req('jixiao.example.cn', 'https://jixiao.example.cn'))).toBeUndefined();
    expect(guard.check(req('10.0.0.7:3978', 'http://10.0.0.8:3978'))?.status).toBe(403);
    expect(guard.check(req('mypc.lan:3978'))?.status).toBe(421);
  });
});
