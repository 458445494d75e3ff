// The data folder fails under a running server (`npm start` in a child process): full (the
// process's file-size limit set to 0 with prlimit: every write fails with EFBIG, as on a full
// disk) or read-only (one data folder made immutable with chattr +i, which stops root too). The
// user whose answer could not be written is told so in Chinese; nothing already saved changes;
// the server keeps answering (/healthz, other users); once the disk is back, the answer sent
// again is saved. Where prlimit or chattr cannot do it here, the test says so and skips.
import { execFileSync } from 'node:child_process';
import { unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import type { ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { M } from '../../dialogs/messages/zh-CN.js';
import { itemPath } from '../../src/storage/layout.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { CHANNEL, corruptFiles, dataFiles, entryEssence, say, seedEntries, startMain, storedSessions, tempRoot } from './helpers.js';

const ANSWERED = 5;

let channel: ChannelStub;
let client: HttpClient;
let entries: string[];
let root: ReturnType<typeof tempRoot>;
let server: ServerProcess | undefined;
let undo: Array<() => void> = [];

beforeAll(async () => {
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(16);
  entries = await seedEntries();
});

afterAll(async () => {
  client?.close();
  await channel?.close();
});

beforeEach(async () => {
  root = tempRoot('jixiao-fault-storage-');
  undo = [];
  return async () => {
    for (const u of undo.reverse()) u();
    await server?.stop();
    server = undefined;
    root.cleanup();
  };
});

const who = (name: string): ActivityOptions => ({ channelId: CHANNEL, serviceUrl: channel.url, conversationId: `${name}-c`, userId: `${name}-u` });
const userFile = (w: ActivityOptions) => itemPath(root.dataDir, `${w.channelId}/users/${w.userId}/`);
const conversationFile = (w: ActivityOptions) => itemPath(root.dataDir, `${w.channelId}/conversations/${w.conversationId}/`);

/** Greets and gives the first answers of the seed; checks each was taken. */
async function answerFirst(url: string, w: ActivityOptions, n: number): Promise<void> {
  expect((await say(client, url, channel, w, null)).status).toBe(200);
  for (const step of SEED_STEPS.slice(0, n)) {
    const r = await say(client, url, channel, w, step.say);
    expect(r.texts.join('\n')).toMatch(step.reply);
  }
}

async function healthy(url: string): Promise<void> {
  const r = await client.get(`${url}/healthz`);
  expect(r.status).toBe(200);
}

function tryExec(file: string, args: string[]): boolean {
  try {
    execFileSync(file, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the data folder fails under a running server', () => {
  it('full (writes fail with EFBIG): the user is told the answer was not saved, nothing saved changes, the server answers, and the answer saves once there is room', async (ctx) => {
    server = await startMain(root.dataDir);
    const url = server.url;
    const a = who('full-a');
    const b = who('full-b');
    await Promise.all([answerFirst(url, a, ANSWERED), answerFirst(url, b, ANSWERED)]);
    const before = dataFiles(root.dataDir);

    const pid = String(server.pid);
    if (!tryExec('prlimit', ['--pid', pid, '--fsize=0:unlimited'])) ctx.skip('prlimit cannot set the file-size limit of the server here');
    undo.push(() => tryExec('prlimit', ['--pid', pid, '--fsize=unlimited:unlimited']));

    for (const w of [a, b]) {
      const r = await say(client, url, channel, w, SEED_STEPS[ANSWERED].say);
      expect(r.status).toBe(200);
      expect(r.texts).toEqual([M.saveFailed]);
    }
    await healthy(url);
    expect(dataFiles(root.dataDir), 'the data folder is exactly as before: nothing damaged, no temp file left').toEqual(before);

    expect(tryExec('prlimit', ['--pid', pid, '--fsize=unlimited:unlimited'])).toBe(true);
    for (const w of [a, b]) {
      const r = await say(client, url, channel, w, SEED_STEPS[ANSWERED].say);
      expect(r.texts.join('\n'), 'the answer sent again is taken').toMatch(SEED_STEPS[ANSWERED].reply);
    }
    const stored = await storedSessions(root.dataDir, [a, b]);
    for (const w of [a, b]) expect(entryEssence(stored.get(w.userId))).toBe(entries[ANSWERED + 1]);
    expect(corruptFiles(dataFiles(root.dataDir))).toEqual([]);
  }, 60_000);

  it('read-only (one folder immutable): that user is told the answer was not saved, the others go on, nothing saved changes', async (ctx) => {
    server = await startMain(root.dataDir);
    const url = server.url;
    const a = who('ro-a');
    // another user whose files are in other folders than a's
    let n = 0;
    let b = who(`ro-b${n}`);
    const aDirs = new Set([path.dirname(userFile(a)), path.dirname(conversationFile(a))]);
    while (aDirs.has(path.dirname(userFile(b))) || aDirs.has(path.dirname(conversationFile(b)))) b = who(`ro-b${++n}`);
    await Promise.all([answerFirst(url, a, ANSWERED), answerFirst(url, b, ANSWERED)]);

    const dir = path.dirname(userFile(a));
    const before = dataFiles(root.dataDir);
    if (!tryExec('chattr', ['+i', dir])) ctx.skip('chattr +i does not work on this file system');
    undo.push(() => tryExec('chattr', ['-i', dir]));
    try {
      writeFileSync(path.join(dir, '.probe'), 'x');
      unlinkSync(path.join(dir, '.probe'));
      ctx.skip('the immutable folder is still writable here');
    } catch {
      // read-only, as intended
    }

    const ra = await say(client, url, channel, a, SEED_STEPS[ANSWERED].say);
    expect(ra.status).toBe(200);
    expect(ra.texts).toEqual([M.saveFailed]);
    const rb = await say(client, url, channel, b, SEED_STEPS[ANSWERED].say);
    expect(rb.texts.join('\n'), 'another user is served and saved').toMatch(SEED_STEPS[ANSWERED].reply);
    await healthy(url);

    const after = dataFiles(root.dataDir);
    const aRel = path.relative(root.dataDir, userFile(a));
    expect(after.get(aRel), "a's saved answers are intact").toBe(before.get(aRel));
    expect(corruptFiles(after)).toEqual([]);
    const stored = await storedSessions(root.dataDir, [a, b]);
    expect(entryEssence(stored.get(a.userId))).toBe(entries[ANSWERED]);
    expect(entryEssence(stored.get(b.userId))).toBe(entries[ANSWERED + 1]);

    expect(tryExec('chattr', ['-i', dir])).toBe(true);
    const again = await say(client, url, channel, a, SEED_STEPS[ANSWERED].say);
    expect(again.texts.join('\n'), 'the answer sent again is taken').toMatch(SEED_STEPS[ANSWERED].reply);
    expect(entryEssence((await storedSessions(root.dataDir, [a])).get(a.userId))).toBe(entries[ANSWERED + 1]);
  }, 60_000);
});
