// Issue 12, item 1, against the real server: `npm start`'s build in a child process (so a crash
// shows as a dead process, and /proc/<pid>/status gives its peak resident memory). A user half way
// through the seed form sends DOCX bombs as inline (data: URL) attachments on /api/messages: the
// server stays up, answers with the Chinese message, keeps the stored form as it was, and its
// peak RSS stays under RSS_BOUND; the same for a Teams file.download.info attachment fetched from
// an allowed host. Then a real DOCX is still read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import { messageActivity, type ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { LIMIT_MESSAGES } from '../../src/import/limits.js';
import { readFileSync } from 'node:fs';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { CHANNEL, entryEssence, say, startMain, storedSessions, tempRoot } from '../faults/helpers.js';
import { docxWithDocument, documentBomb, hugeTableXml, seedDocxBytes, type Bomb } from './docx-bomb-helpers.js';

const MB = 1024 * 1024;
/** The bound this test holds the server to: peak resident memory while bombs are read. */
const RSS_BOUND = 400 * MB;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let client: HttpClient;
let server: ServerProcess;
let bomb300: Bomb;
let bomb120: Bomb;
let fileHost: http.Server;
let fileUrl: string;
const users: ActivityOptions[] = [];

const who = (name: string): ActivityOptions => ({ channelId: CHANNEL, serviceUrl: channel.url, conversationId: `${name}-c`, userId: `${name}-u` });

function withFile(o: ActivityOptions, name: string, bytes: Uint8Array): Record<string, unknown> {
  return { ...messageActivity(o, ''), attachments: [{ contentType: DOCX, name, contentUrl: `data:${DOCX};base64,${Buffer.from(bytes).toString('base64')}` }] };
}

/** Posts an activity with a file and returns the status and the texts of the replies it produced. */
async function sendFile(o: ActivityOptions, name: string, bytes: Uint8Array): Promise<{ status: number; texts: string[]; ms: number }> {
  const before = channel.replies(o.conversationId).length;
  const r = await client.post(`${server.url}/api/messages`, withFile(o, name, bytes), { timeoutMs: 60_000 });
  return { status: r.status, texts: channel.replies(o.conversationId).slice(before).map((x) => x.text ?? ''), ms: r.ms };
}

async function stillUp(): Promise<void> {
  expect(server.child.exitCode, `the server exited: ${server.stderr().slice(-2000)}`).toBeNull();
  expect((await client.get(`${server.url}/healthz`)).status).toBe(200);
}

beforeAll(async () => {
  [bomb300, bomb120] = await Promise.all([documentBomb(300), documentBomb(120)]);
  root = tempRoot('jixiao-docx-bomb-');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(8);
  // The 300 MB bomb is 360 KB, 480 KB as a data: URL: over the default 256 KB body limit, so the
  // operator's setting MAX_BODY_BYTES is raised here (the 120 MB bomb fits the default).
  // The Teams path: a file.download.info attachment whose downloadUrl is on an allowed host.
  fileHost = http.createServer((req, res) => {
    const bytes = req.url === '/bomb.docx' ? bomb300.bytes : undefined;
    res.writeHead(bytes ? 200 : 404, { 'Content-Type': DOCX });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => fileHost.listen(0, '127.0.0.1', resolve));
  const hostPort = (fileHost.address() as AddressInfo).port;
  fileUrl = `http://127.0.0.1:${hostPort}/bomb.docx`;
  server = await startMain(root.dataDir, { MAX_BODY_BYTES: String(2 * MB), ATTACHMENT_HOSTS: `127.0.0.1:${hostPort}` });
  for (const name of ['bomb-a', 'bomb-b', 'bomb-c', 'bomb-d']) {
    const u = who(name);
    users.push(u);
    await say(client, server.url, channel, u, null);
    for (const step of SEED_STEPS.slice(0, 5)) {
      const r = await say(client, server.url, channel, u, step.say);
      expect(r.texts.join('\n')).toMatch(step.reply);
    }
  }
}, 180_000);

afterAll(async () => {
  await server?.stop();
  client?.close();
  await channel?.close();
  await new Promise((resolve) => fileHost?.close(resolve));
  root?.cleanup();
});

describe('DOCX bombs sent to the running server', () => {
  it('refuses a 360 KB DOCX that inflates to 300 MB: the server stays up, the user is told, the form is unchanged, RSS bounded', async () => {
    const u = users[0];
    const before = entryEssence((await storedSessions(root.dataDir, [u])).get(u.userId));
    expect(before).toContain('苏州市智能制造融合发展中心项目');
    const r = await sendFile(u, 'bomb.docx', bomb300.bytes);
    expect(r.status).toBe(200);
    expect(r.texts.join('\n')).toContain(LIMIT_MESSAGES.unpacked);
    await stillUp();
    expect(entryEssence((await storedSessions(root.dataDir, [u])).get(u.userId))).toBe(before);
    expect(server.rss().peakBytes).toBeLessThan(RSS_BOUND);
  });

  it('refuses the bomb sent as a Teams file (file.download.info, downloaded from an allowed host)', async () => {
    const u = users[0];
    const before = entryEssence((await storedSessions(root.dataDir, [u])).get(u.userId));
    const n = channel.replies(u.conversationId).length;
    const activity = {
      ...messageActivity(u, ''),
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'bomb.docx', content: { downloadUrl: fileUrl, fileType: 'docx' } }],
    };
    expect((await client.post(`${server.url}/api/messages`, activity, { timeoutMs: 60_000 })).status).toBe(200);
    expect(channel.replies(u.conversationId).slice(n).map((x) => x.text ?? '').join('\n')).toContain(LIMIT_MESSAGES.unpacked);
    await stillUp();
    expect(entryEssence((await storedSessions(root.dataDir, [u])).get(u.userId))).toBe(before);
    expect(server.rss().peakBytes).toBeLessThan(RSS_BOUND);
  });

  it('refuses three bombs sent at once by three users, and then reads a real DOCX', async () => {
    const three = users.slice(1, 4);
    const before = await storedSessions(root.dataDir, three);
    const results = await Promise.all(three.map((u, i) => sendFile(u, `bomb${i}.docx`, i === 1 ? bomb300.bytes : bomb120.bytes)));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.texts.join('\n')).toContain(LIMIT_MESSAGES.unpacked);
    }
    await stillUp();
    const after = await storedSessions(root.dataDir, three);
    for (const u of three) expect(entryEssence(after.get(u.userId))).toBe(entryEssence(before.get(u.userId)));
    expect(server.rss().peakBytes).toBeLessThan(RSS_BOUND);

    const real = await sendFile(users[0], '自评表.docx', await seedDocxBytes());
    expect(real.texts.join('\n')).toMatch(/已读取「自评表\.docx」/);
    await stillUp();
  });
});

describe('a file that gets past the byte limits but not the worker limits, in the running server', () => {
  // IMPORT_TIMEOUT_MS / IMPORT_HEAP_MB set low, so that a table of ~148,000 elements (under the
  // element limit; seconds and ~50 MB of heap to parse) runs past them.
  // The next file: the seed as text after the time limit (a DOCX may take 300 ms on a loaded
  // machine), the seed's DOCX after the heap limit (it reads in 16 MB; the table needs ~50 MB).
  for (const [label, env, message, next] of [
    ['time', { IMPORT_TIMEOUT_MS: '300' }, LIMIT_MESSAGES.timeout, 'txt'],
    ['heap', { IMPORT_HEAP_MB: '16' }, LIMIT_MESSAGES.memory, 'docx'],
  ] as const) {
    it(`stops the worker at its ${label} limit: the user is told, the form is unchanged, the next file is read`, async () => {
      const dir = tempRoot('jixiao-docx-limit-');
      const limited = await startMain(dir.dataDir, { ...env, MAX_BODY_BYTES: String(2 * MB) });
      try {
        const u = who(`limit-${label}`);
        await say(client, limited.url, channel, u, null);
        for (const step of SEED_STEPS.slice(0, 3)) await say(client, limited.url, channel, u, step.say);
        const before = entryEssence((await storedSessions(dir.dataDir, [u])).get(u.userId));
        const table = await docxWithDocument(hugeTableXml(16_400, 2));
        const send = async (name: string, bytes: Uint8Array) => {
          const n = channel.replies(u.conversationId).length;
          const r = await client.post(`${limited.url}/api/messages`, withFile(u, name, bytes), { timeoutMs: 60_000 });
          return { status: r.status, text: channel.replies(u.conversationId).slice(n).map((x) => x.text ?? '').join('\n') };
        };
        const r = await send('table.docx', table);
        expect(r.status).toBe(200);
        expect(r.text).toContain(message);
        expect(limited.child.exitCode).toBeNull();
        expect((await client.get(`${limited.url}/healthz`)).status).toBe(200);
        expect(entryEssence((await storedSessions(dir.dataDir, [u])).get(u.userId))).toBe(before);
        expect(limited.rss().peakBytes).toBeLessThan(RSS_BOUND);
        const nextFile = next === 'txt' ? readFileSync(SEED_PATH) : await seedDocxBytes();
        expect((await send(`自评表.${next}`, nextFile)).text).toContain(`已读取「自评表.${next}」`);
      } finally {
        await limited.stop();
        dir.cleanup();
      }
    }, 120_000);
  }
});
