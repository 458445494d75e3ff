// Malformed, oversized and wrongly typed activities sent to the real server (`npm start` in a
// child process, so that a crash shows as a dead process rather than a failed test runner): each
// is refused with 400 (a body over MAX_BODY_BYTES too, with error payload_too_large), the
// process stays up, /healthz answers, and a normal conversation still works afterwards. Then
// random mutations of a valid activity (fast-check; FUZZ_RUNS=n runs n/2): never a 5xx, never a crash.
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import { messageActivity, type ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { fuzzRuns } from '../fuzz/messages.js';
import { CHANNEL, say, startMain, tempRoot } from './helpers.js';

let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let client: HttpClient;
let server: ServerProcess;
let url: string;
let base: Record<string, unknown>;
let who: ActivityOptions;

beforeAll(async () => {
  root = tempRoot('jixiao-fault-activities-');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(8);
  server = await startMain(root.dataDir);
  url = server.url;
  who = { channelId: CHANNEL, serviceUrl: channel.url, conversationId: 'act-c', userId: 'act-u' };
  base = messageActivity(who, '你好');
});

afterAll(async () => {
  await server?.stop();
  client?.close();
  await channel?.close();
  root?.cleanup();
});

const post = (body: unknown) => client.post(`${url}/api/messages`, body);

async function stillUp(): Promise<void> {
  expect(server.child.exitCode, `the server exited: ${server.stderr().slice(-1000)}`).toBeNull();
  expect((await client.get(`${url}/healthz`)).status).toBe(200);
}

/** Sends a body with chunked transfer encoding (no Content-Length), as a client streaming a large upload would. */
function postChunked(body: Buffer, chunk = 64 * 1024): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += chunk) req.write(body.subarray(i, i + chunk));
    req.end();
  });
}

const malformed: Array<[string, string]> = [
  ['a truncated object', '{"type":"message"'],
  ['JSON null', 'null'],
  ['an array', '[{"type":"message"}]'],
  ['a string', '"message"'],
  ['a number', '42'],
  ['an empty body', ''],
  ['control characters', '\u0000\u0001\u0002'],
  ['not JSON at all', '<xml>message</xml>'],
  ['an object without any activity field', '{}'],
];

const wronglyTyped: Array<[string, (a: Record<string, unknown>) => Record<string, unknown>]> = [
  ['type as a number', (a) => ({ ...a, type: 1 })],
  ['id as a number', (a) => ({ ...a, id: 5 })],
  ['text as a number', (a) => ({ ...a, text: 123 })],
  ['text as an object', (a) => ({ ...a, text: { zh: '你好' } })],
  ['text as null', (a) => ({ ...a, text: null })],
  ['channelId as a number', (a) => ({ ...a, channelId: 7 })],
  ['conversation as a string', (a) => ({ ...a, conversation: 'act-c' })],
  ['conversation.id as a number', (a) => ({ ...a, conversation: { id: 5 } })],
  ['conversation.id as an array', (a) => ({ ...a, conversation: { id: ['act-c'] } })],
  ['from as an array', (a) => ({ ...a, from: [] })],
  ['from.id empty', (a) => ({ ...a, from: { id: '' } })],
  ['recipient as a string', (a) => ({ ...a, recipient: 'bot' })],
  ['serviceUrl as javascript:', (a) => ({ ...a, serviceUrl: 'javascript:alert(1)' })],
  ['serviceUrl as a file URL', (a) => ({ ...a, serviceUrl: 'file:///etc/passwd' })],
  ['locale as a number', (a) => ({ ...a, locale: 5 })],
  ['attachments as a string', (a) => ({ ...a, attachments: 'seed.txt' })],
  ['attachments with null', (a) => ({ ...a, attachments: [null] })],
  ['an attachment without contentType', (a) => ({ ...a, attachments: [{ name: 'seed.txt', contentUrl: 'data:text/plain,x' }] })],
  ['entities as a string', (a) => ({ ...a, entities: 'mention' })],
  ['membersAdded as a string', (a) => ({ ...a, type: 'conversationUpdate', membersAdded: 'act-u' })],
  ['membersAdded with null', (a) => ({ ...a, type: 'conversationUpdate', membersAdded: [null] })],
];

describe('malformed, oversized and wrongly typed activities', () => {
  it.each(malformed)('%s → 400', async (_name, body) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'bad_request' });
    await stillUp();
  });

  it.each(wronglyTyped)('%s → 400, the bot never sees it', async (_name, mutate) => {
    const replies = channel.total();
    const r = await post(mutate(messageActivity(who, '你好')));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'bad_request' });
    expect(channel.total()).toBe(replies);
    await stillUp();
  });

  it('a 1 MB text → 400 payload_too_large, with or without Content-Length', async () => {
    const body = { ...base, text: '字'.repeat(350_000) };
    const size = Buffer.byteLength(JSON.stringify(body));
    expect(size).toBeGreaterThan(1024 * 1024);
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'payload_too_large' });
    expect(await postChunked(Buffer.from(JSON.stringify(body)))).toBe(400);
    await stillUp();
  });

  it('a body nested 100,000 levels deep → answered, never a crash', async () => {
    const r = await post(JSON.stringify({ ...base, channelData: 'DEEP' }).replace('"DEEP"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect(r.status).toBeLessThan(500);
    await stillUp();
  });

  it('random mutations of a valid activity: never a 5xx, never a crash', async () => {
    const fields = ['type', 'id', 'text', 'locale', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient', 'attachments', 'entities', 'membersAdded', 'membersRemoved', 'channelData', 'value', 'timestamp', 'replyToId', 'textFormat', 'name', 'suggestedActions', '__proto__'];
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined), fc.string({ unit: 'binary', maxLength: 50 }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...fields), value), { minLength: 1, maxLength: 4 }), async (changes) => {
        const activity: Record<string, unknown> = messageActivity({ ...who, conversationId: `mut-c${++n}`, userId: `mut-u${n}` }, '你好');
        for (const [field, v] of changes) {
          // a mutated serviceUrl must never send the bot's reply anywhere but here
          if (field === 'serviceUrl' && typeof v === 'string' && v.includes(':')) continue;
          if (v === undefined) delete activity[field];
          else activity[field] = v;
        }
        const r = await post(JSON.stringify(activity));
        const invoke = activity.type === 'invoke' && r.status === 501; // an invoke the bot does not handle: Bot Framework's answer
        if (r.status >= 500 && !invoke) throw new Error(`${r.status} for ${JSON.stringify(activity).slice(0, 300)}: ${r.body.slice(0, 200)}`);
        if (server.child.exitCode !== null) throw new Error(`the server died on ${JSON.stringify(activity).slice(0, 300)}: ${server.stderr().slice(-1000)}`);
      }),
      { numRuns: fuzzRuns(40, 0.5) },
    );
    await stillUp();
  }, 120_000);

  it('afterwards a normal conversation still works', async () => {
    const fresh: ActivityOptions = { ...who, conversationId: 'after-c', userId: 'after-u' };
    expect((await say(client, url, channel, fresh, null)).status).toBe(200);
    for (const step of SEED_STEPS.slice(0, 3)) expect((await say(client, url, channel, fresh, step.say)).texts.join('\n')).toMatch(step.reply);
  });
});

describe('a 1 MB text within a raised body limit', () => {
  it('is answered 200 with a short Chinese message that it is too long; nothing is stored from it', async () => {
    const big = tempRoot('jixiao-fault-bigbody-');
    const roomy = await startMain(big.dataDir, { MAX_BODY_BYTES: String(4 * 1024 * 1024) });
    try {
      const w: ActivityOptions = { ...who, conversationId: 'big-c', userId: 'big-u' };
      await say(client, roomy.url, channel, w, null);
      const r = await say(client, roomy.url, channel, w, '字'.repeat(350_000));
      expect(r.status).toBe(200);
      expect(r.texts.join('\n')).toMatch(/太长（350000 字/);
      const next = await say(client, roomy.url, channel, w, SEED_STEPS[0].say);
      expect(next.texts.join('\n')).toMatch(SEED_STEPS[0].reply);
    } finally {
      await roomy.stop();
      big.cleanup();
    }
  }, 60_000);
});
