// Issue 12, items 3 and 7 against the real `npm start` (the build in dist/, a child process, local
// mode with the web chat, file storage): the attacks of the issue are refused, nothing they carried
// is stored, and the server keeps serving the legitimate client.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { FileStorage } from '../../src/storage/index.js';
import { startMain, tempRoot } from '../faults/helpers.js';
import { fakeChannel, message, type FakeChannel } from '../server/helpers.js';

function request(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const root = tempRoot('jixiao-web-npmstart-');
let server: ServerProcess;
let channel: FakeChannel;

beforeAll(async () => {
  channel = await fakeChannel();
  server = await startMain(root.dataDir, { WEBCHAT: 'auto' });
});

afterAll(async () => {
  await server?.stop();
  await channel?.close();
  root.cleanup();
});

async function stored(userId: string): Promise<unknown> {
  const storage = new FileStorage({ dataDir: root.dataDir, sweepTempFiles: false, cacheSize: 0 });
  const key = `test/users/${userId}/`;
  return (await storage.read([key]))[key];
}

describe('npm start in local mode', () => {
  it('refuses a foreign Origin (403), a rebound Host (421), text/plain (415) and a lone-surrogate id (400); stores nothing of them', async () => {
    const activity = (extra: Record<string, unknown>) => JSON.stringify(message(channel.url, '0', { from: { id: 'victim' }, conversation: { id: 'victim-c' }, ...extra }));
    expect((await request(server.url, 'POST', '/api/messages', { 'Content-Type': 'text/plain', Origin: 'https://evil.example' }, activity({}))).status).toBe(403);
    expect((await request(server.url, 'POST', '/api/messages', { 'Content-Type': 'text/plain' }, activity({}))).status).toBe(415);
    expect((await request(server.url, 'POST', '/v3/directline/tokens/generate', { 'Content-Type': 'application/json', Host: 'attacker.example' }, '{}')).status).toBe(421);
    expect((await request(server.url, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, activity({ conversation: { id: 'victim-\ud800' } }))).status).toBe(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(channel.replies).toEqual([]);
    expect(await stored('victim')).toBeUndefined();

    // The legitimate client is served, the page comes with its CSP, and the server is up.
    expect((await request(server.url, 'POST', '/api/messages', { 'Content-Type': 'application/json' }, activity({}))).status).toBe(200);
    await channel.waitForReplies(1);
    expect(await stored('victim')).toBeDefined();
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
