// Download links: unguessable tokens bound to a user's form, expiring (injected clock), no listing,
// Chinese file names in Content-Disposition; inline data: URLs where the channel takes them.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelCaps, ExportedFile } from '../../dialogs/ports.js';
import { FileLinkStore, LinkFileDelivery, serveFile } from '../../src/files/index.js';

const HOUR = 60 * 60 * 1000;
const scope = { userId: 'user-1', formKey: 'conv-1/form' };
const file: ExportedFile = {
  name: '苏州市智能制造融合发展中心项目-2021-绩效自评表.docx',
  contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  bytes: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]),
};
const links: ChannelCaps = { inlineFiles: false, suggestedActions: true, adaptiveCards: true };
const inline: ChannelCaps = { ...links, inlineFiles: true };

let dataDir: string;
let now: Date;
const clock = { now: () => now };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jixiao-files-'));
  now = new Date('2024-03-01T08:00:00Z');
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('FileLinkStore', () => {
  it('stores a file under an unguessable token and returns it with its scope', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const { token, expiresAt } = await store.put(file, scope);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(expiresAt).toBe('2024-03-02T08:00:00.000Z');
    const got = await store.get(token);
    expect(got).toMatchObject({ name: file.name, contentType: file.contentType, scope, expiresAt });
    expect([...got!.bytes]).toEqual([...file.bytes]);
    const meta = JSON.parse(await readFile(join(dataDir, 'files', `${token}.json`), 'utf8'));
    expect(meta.scope).toEqual(scope);
    expect((await readdir(join(dataDir, 'files'))).sort()).toEqual([`${token}.bin`, `${token}.json`].sort());
  });

  it('gives a different token every time', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i++) tokens.add((await store.put(file, scope)).token);
    expect(tokens.size).toBe(50);
  });

  it('forgets and deletes a file once it expires (24 h by default)', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const { token } = await store.put(file, scope);
    now = new Date(now.getTime() + 24 * HOUR - 1);
    expect(await store.get(token)).toBeDefined();
    now = new Date(now.getTime() + 1);
    expect(await store.get(token)).toBeUndefined();
    expect(await readdir(join(dataDir, 'files'))).toEqual([]);
  });

  it('takes a configured lifetime, and one per file', async () => {
    const store = new FileLinkStore({ dataDir, clock, defaultTtlMs: HOUR });
    const short = await store.put(file, scope);
    const long = await store.put(file, scope, 3 * HOUR);
    now = new Date(now.getTime() + 2 * HOUR);
    expect(await store.get(short.token)).toBeUndefined();
    expect(await store.get(long.token)).toBeDefined();
  });

  it('sweeps expired files and keeps the rest', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const old = await store.put(file, scope, HOUR);
    const fresh = await store.put(file, scope, 5 * HOUR);
    now = new Date(now.getTime() + 2 * HOUR);
    expect(await store.sweep()).toBe(1);
    expect(await readdir(join(dataDir, 'files'))).not.toContain(`${old.token}.bin`);
    expect(await store.get(fresh.token)).toBeDefined();
  });

  it('answers nothing for unknown or malformed tokens, including paths', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    await store.put(file, scope);
    for (const token of ['', 'x', 'A'.repeat(43), '../files', '../../etc/passwd', `${'a'.repeat(40)}/..`]) {
      expect(await store.get(token)).toBeUndefined();
    }
  });
});

describe('serveFile', () => {
  it('serves the file with a Chinese file name (RFC 5987) and no caching', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const { token } = await store.put(file, scope);
    const res = await serveFile(store, token);
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe(file.contentType);
    expect(res.headers['Cache-Control']).toBe('no-store');
    expect(res.headers['Content-Length']).toBe('7');
    expect(res.headers['Content-Disposition']).toBe(
      `attachment; filename="2021.docx"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    );
    expect(decodeURIComponent(res.headers['Content-Disposition'].split("UTF-8''")[1])).toBe(file.name);
    expect([...(res.body as Buffer)]).toEqual([...file.bytes]);
  });

  it('answers 404 with a Chinese hint for unknown and expired tokens', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const { token } = await store.put(file, scope, HOUR);
    const unknown = await serveFile(store, 'B'.repeat(43));
    expect(unknown).toMatchObject({ status: 404, headers: { 'Cache-Control': 'no-store' } });
    expect(unknown.body).toContain('重新生成');
    now = new Date(now.getTime() + HOUR);
    expect((await serveFile(store, token)).status).toBe(404);
    expect((await serveFile(store, '')).status).toBe(404);
  });
});

describe('LinkFileDelivery', () => {
  it('sends inline data: URLs where the channel accepts inline files', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const delivery = new LinkFileDelivery({ store, publicBaseUrl: 'https://bot.example.cn/' });
    const [d] = await delivery.deliver([file], scope, inline);
    expect(d).toEqual({ name: file.name, contentType: file.contentType, contentUrl: `data:${file.contentType};base64,${Buffer.from(file.bytes).toString('base64')}` });
    expect(await store.sweep()).toBe(0);
  });

  it('sends expiring links to the bot’s own server otherwise, scoped to the user’s form', async () => {
    const store = new FileLinkStore({ dataDir, clock, defaultTtlMs: 2 * HOUR });
    const delivery = new LinkFileDelivery({ store, publicBaseUrl: 'https://bot.example.cn/jixiao/' });
    const [d] = await delivery.deliver([file], scope, links);
    const m = /^https:\/\/bot\.example\.cn\/jixiao\/files\/([A-Za-z0-9_-]{43})\/(.+)$/.exec(d.contentUrl);
    expect(m).not.toBeNull();
    expect(decodeURIComponent(m![2])).toBe(file.name);
    expect(d.expiresAt).toBe('2024-03-01T10:00:00.000Z');
    expect((await store.get(m![1]))?.scope).toEqual(scope);
  });

  it('sends a file too large to inline as a link', async () => {
    const store = new FileLinkStore({ dataDir, clock });
    const delivery = new LinkFileDelivery({ store, publicBaseUrl: 'http://127.0.0.1:3978', maxInlineBytes: 4 });
    const [d] = await delivery.deliver([file], scope, inline);
    expect(d.contentUrl).toMatch(/^http:\/\/127\.0\.0\.1:3978\/files\//);
  });
});
