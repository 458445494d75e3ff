// A share of the fuzzed conversations over real HTTP: the server of `npm start` (startServer:
// file storage in a temp folder, SerializeTurns, the form bot) on 127.0.0.1, POST /api/messages,
// replies to a local channel stub. Messages are sent one at a time or several at once in one
// conversation. Every turn: 200 (never a 5xx), a reply delivered, no apology for a crash or a
// failed save; after each step, the state stored on disk passes the zod models, a value is never
// lost to a message no question accepts, and the scores the bot reported equal an audit of the
// stored form. Default: 8 conversations; FUZZ_RUNS=n runs n/10.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import { messageActivity, type ActivityOptions } from '../../bench/lib/load.js';
import type { Session } from '../../dialogs/engine/index.js';
import { M } from '../../dialogs/messages/zh-CN.js';
import { loadConfig } from '../../src/config.js';
import { TURN_ERROR_REPLY } from '../../src/server/adapter.js';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { FileStorage } from '../../src/storage/index.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { lostValues, scoreMismatches, storedSession } from './invariants.js';
import { fuzzRuns, message, short, type Message } from './messages.js';

let root: string;
let running: Running;
let channel: ChannelStub;
let client: HttpClient;
let reader: FileStorage;
let seq = 0;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jixiao-fuzz-http-'));
  const dataDir = path.join(root, 'data');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(16);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STORAGE: 'file', LOG_LEVEL: 'silent', WEBCHAT: 'off', SHUTDOWN_TIMEOUT_MS: '5000' }, root);
  running = await startServer(config, silentLogger());
  reader = new FileStorage({ dataDir, sweepTempFiles: false });
});

afterAll(async () => {
  await running?.stop();
  client?.close();
  await channel?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The session the bot stored for this user (UserState: "<channel>/users/<user>/", property jixiaoSession). */
async function stored(ids: ActivityOptions): Promise<unknown> {
  const key = `${ids.channelId}/users/${ids.userId}/`;
  const item = (await reader.read([key]))[key] as { jixiaoSession?: unknown } | undefined;
  return item?.jixiaoSession;
}

/** Sends messages at once; returns the reply texts and the problems seen. */
async function send(ids: ActivityOptions, messages: Message[]): Promise<{ texts: string[]; problems: string[] }> {
  const problems: string[] = [];
  const before = channel.replies(ids.conversationId).length;
  const responses = await Promise.all(messages.map((m) => client.post(`${running.url}/api/messages`, messageActivity(ids, m.text))));
  responses.forEach((r, i) => {
    if (r.status !== 200) problems.push(`“${short(messages[i].text)}” was answered ${r.status}: ${r.body.slice(0, 200)}`);
  });
  const texts = channel.replies(ids.conversationId).slice(before).map((r) => r.text ?? '');
  if (texts.length < messages.length) problems.push(`${messages.length} messages, only ${texts.length} replies`);
  for (const t of texts) {
    if (t.includes(M.turnFailed) || t.includes(TURN_ERROR_REPLY)) problems.push(`a turn failed: “${t}”`);
    if (t.includes(M.saveFailed)) problems.push(`an answer was not saved on a healthy disk: “${t}”`);
  }
  return { texts, problems };
}

const batch = fc.oneof(
  { weight: 3, arbitrary: message.map((m) => [m]) },
  { weight: 1, arbitrary: fc.array(message.filter((m) => m.kind !== 'tooLong'), { minLength: 2, maxLength: 4 }) },
);

describe('fuzzed conversations over HTTP', () => {
  it('never answer 5xx, always reply, and keep a valid stored form with the scores reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SEED_STEPS.length }), fc.array(batch, { minLength: 1, maxLength: 8 }), async (start, batches) => {
        const n = ++seq;
        const ids: ActivityOptions = { channelId: 'test', serviceUrl: channel.url, conversationId: `fuzz-c${n}`, userId: `fuzz-u${n}` };
        for (const step of SEED_STEPS.slice(0, start)) {
          const r = await send(ids, [{ text: step.say, kind: 'answer' }]);
          if (r.problems.length) throw new Error(`seed answer “${step.say}”: ${r.problems.join('\n')}`);
        }
        const said: string[] = [];
        for (const messages of batches) {
          said.push(messages.map((m) => short(m.text)).join(' ‖ '));
          const before = start === 0 && said.length === 1 ? undefined : storedSession(await stored(ids)).session;
          const r = await send(ids, messages);
          const after = storedSession(await stored(ids));
          const problems = [...r.problems, ...after.problems];
          if (after.session && messages.length === 1) {
            problems.push(...scoreMismatches(r.texts, [], after.session));
            const m = messages[0];
            if (before && (m.kind === 'invalid' || m.kind === 'tooLong')) problems.push(...lostValues(before as Session, after.session, m.text, m.kind));
          }
          if (problems.length) throw new Error(`after ${start} seed answers, then ${said.join(', ')}:\n${problems.join('\n')}`);
        }
      }),
      { numRuns: fuzzRuns(8, 0.1) },
    );
  }, 180_000);

  it('answers /healthz after the fuzzing', async () => {
    const r = await client.get(`${running.url}/healthz`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });
});
