// Fuzz of issue 12's web paths (items 3, 6, 7), part of `npm run test:long` (FUZZ_RUNS=n):
// - any text, escaped for markdown, renders in Web Chat's markdown-it as exactly its characters
//   (bidi and invisible characters removed) and with no tag;
// - random Origin / Host / Content-Type combinations against the real server: never a 5xx, and a
//   request that is not answered 200 never changes the stored state;
// - random conversation and user ids (lone surrogates, control characters, any Unicode, long):
//   never a 5xx; a 200 means the reply really went out to that conversation; a 400 changes nothing.
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUserText, escapeMarkdown } from '../../dialogs/escape.js';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { fuzzRuns } from '../fuzz/messages.js';
import { fakeChannel, message, testConfig, type FakeChannel } from '../server/helpers.js';

import { decode, md } from './webchatMarkdown.js';
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const markdownish = fc.constantFrom(...'[]()<>!*_`~#|{}&\\/:.,?-+="\'\n\t  aZ09项目@w'.split(''), 'http://', 'www.', '.com', '\n\n', '    ', '1. ', '- ', '\u202e', '\u2066', '\ud800');
const anyText = fc.oneof(
  fc.array(markdownish, { maxLength: 50 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);

describe('escapeMarkdown (fuzz)', () => {
  it('renders any text as exactly its cleaned characters, with no tag but paragraphs and breaks', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const html = md.render(escapeMarkdown(text));
        const tags = [...html.matchAll(/<\s*([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()).filter((t) => t !== 'p' && t !== 'br');
        expect(tags).toEqual([]);
        // markdown-it turns U+0000 into U+FFFD; cleanUserText already removed it
        expect(squash(decode(html))).toBe(squash(cleanUserText(text)));
      }),
      { numRuns: fuzzRuns(2000, 20) },
    );
  });
});

let running: Running;
let channel: FakeChannel;
let port: number;
let seq = 0;

beforeAll(async () => {
  channel = await fakeChannel();
  running = await startServer(testConfig({ STORAGE: 'memory' }), silentLogger());
  port = Number(new URL(running.url).port);
});

afterAll(async () => {
  await running?.stop();
  await channel?.close();
});

function post(path: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const stored = async (userId: string) => {
  const key = `test/users/${userId}/`;
  return (await running.storage.read([key]))[key];
};

describe('the request guard over HTTP (fuzz)', () => {
  it('never a 5xx; whatever is not answered 200 changes nothing', async () => {
    const origin = fc.option(
      fc.oneof(
        fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:1', 'http://localhost', 'file://'),
        fc.constant('SELF'),
        fc.webUrl().map((u) => new URL(u).origin),
        fc.string({ maxLength: 20 }),
      ),
      { nil: undefined },
    );
    const host = fc.option(fc.oneof(fc.constantFrom('SELF', 'localhost', 'attacker.example', '[::1]', '127.0.0.1.nip.io', '0x7f000001'), fc.domain(), fc.string({ unit: 'grapheme-ascii', maxLength: 20 })), { nil: undefined });
    const type = fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'APPLICATION/JSON'), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(origin, host, type, async (o, h, t) => {
        const userId = `guard-${++seq}`;
        const headers: Record<string, string> = {};
        if (o !== undefined) headers.Origin = o === 'SELF' ? `http://127.0.0.1:${port}` : o;
        if (h !== undefined) headers.Host = h === 'SELF' ? `127.0.0.1:${port}` : h;
        if (t !== undefined) headers['Content-Type'] = t;
        let status: number;
        try {
          status = await post('/api/messages', headers, JSON.stringify(message(channel.url, '0', { from: { id: userId }, conversation: { id: `${userId}-c` } })));
        } catch {
          return; // Node refused to send a header value (not a server answer)
        }
        expect(status).toBeLessThan(500);
        if (status !== 200) expect(await stored(userId)).toBeUndefined();
      }),
      { numRuns: fuzzRuns(40, 0.2) },
    );
  });

  it('ids: never a 5xx; 200 means the reply reached that conversation; 400 changes nothing', async () => {
    const id = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.constantFrom('\ud800', 'a\udc00', 'x'.repeat(1025), 'a\u0000b', 'a\nb', '.', '..', '中文'));
    await fc.assert(
      fc.asyncProperty(id, fc.option(id, { nil: undefined }), async (raw, activityId) => {
        const n = ++seq;
        const conversationId = `${raw}-${n}`;
        const userId = `ids-${n}`;
        const extra = { from: { id: userId }, conversation: { id: conversationId }, ...(activityId !== undefined ? { id: activityId } : {}) };
        const status = await post('/api/messages', { 'Content-Type': 'application/json' }, JSON.stringify(message(channel.url, '你好', extra)));
        expect(status === 200 || status === 400).toBe(true);
        if (status === 400) {
          expect(await stored(userId)).toBeUndefined();
          return;
        }
        const end = Date.now() + 3000;
        while (!channel.replies.some((r) => r.conversationId === conversationId)) {
          if (Date.now() > end) throw new Error(`answered 200 but no reply reached ${JSON.stringify(conversationId)}`);
          await new Promise((r) => setTimeout(r, 10));
        }
      }),
      { numRuns: fuzzRuns(30, 0.2), endOnFailure: true },
    );
  }, 120_000);
});
