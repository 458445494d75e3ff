// Issue 12 item 5 and the upload part of item 7: Direct Line uploads are kept on disk under
// DATA_DIR (not in memory), expire, are capped per conversation, are read by the bot in-process,
// and a refused upload is explained in the chat in Chinese. Against `npm start` (the build, in a
// child process, local mode with the web chat on), driven the way Web Chat drives it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { startMain, tempRoot } from '../faults/helpers.js';
import { figure } from './attachments-helpers.js';

const MB = 1024 * 1024;

type Conv = { conversationId: string; token: string };
type DlActivity = { id: string; type: string; text?: string; from: { role?: string }; attachments?: { contentUrl: string; name: string }[] };

class DirectLine {
  constructor(readonly base: string) {}
  async start(userId: string): Promise<Conv> {
    const res = await fetch(`${this.base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId }, locale: 'zh-CN' }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Conv;
  }
  async activities(conv: Conv): Promise<DlActivity[]> {
    const res = await fetch(`${this.base}/v3/directline/conversations/${conv.conversationId}/activities`, { headers: { Authorization: `Bearer ${conv.token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { activities: DlActivity[] }).activities;
  }
  /** Waits until the bot has said something matching. */
  async waitFor(conv: Conv, pattern: RegExp, timeoutMs = 20_000): Promise<DlActivity[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.activities(conv);
      if (all.some((a) => a.from.role === 'bot' && pattern.test(a.text ?? ''))) return all;
      if (Date.now() > until) throw new Error(`no bot message matching ${pattern}: ${JSON.stringify(all.map((a) => a.text))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /**
   * The status, or 'closed' when the server closed the connection before the body was sent (it
   * answers 413 at once for a declared size over the limit). A new connection per upload, as a
   * browser would open under load: a pooled one the server has just timed out would fail on its own.
   */
  async upload(conv: Conv, name: string, bytes: Uint8Array, type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'): Promise<number | 'closed'> {
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([bytes], { type }), name);
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const url = new URL(`${this.base}/v3/directline/conversations/${conv.conversationId}/upload`);
    return new Promise((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        agent: false,
        headers: { Authorization: `Bearer ${conv.token}`, 'Content-Type': encoded.headers.get('content-type')!, 'Content-Length': String(body.length) },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve('closed') : reject(error)));
      req.end(body);
    });
  }
}

/** Every file under a folder (recursively), with its size. */
function filesUnder(dir: string): { path: string; size: number }[] {
  if (!existsSync(dir)) return [];
  const out: { path: string; size: number }[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, size: s.size });
  }
  return out;
}

const mb = (n: number) => `${(n / MB).toFixed(0)} MB`;

describe('Direct Line uploads (npm start, web chat on)', () => {
  let root: ReturnType<typeof tempRoot>;
  let server: ServerProcess;
  let dl: DirectLine;
  const uploads = () => path.join(root.dataDir, 'uploads');

  beforeAll(async () => {
    root = tempRoot('jixiao-uploads-');
    // Files live 6 seconds here, so that the test sees them expire.
    server = await startMain(root.dataDir, { WEBCHAT: 'on', UPLOAD_TTL_MINUTES: '0.1' });
    dl = new DirectLine(server.url);
  });

  afterAll(async () => {
    await server?.kill9();
    root?.cleanup();
  });

  it('an upload lands on disk under DATA_DIR/uploads, the bot reads it in-process, and it expires', async () => {
    const conv = await dl.start('u_seed');
    const seed = readFileSync(SEED_PATH);
    expect(await dl.upload(conv, '自评表.txt', seed, 'text/plain')).toBe(200);
    const all = await dl.waitFor(conv, /已读取「自评表\\?\.txt」/);
    // On disk, byte for byte, under a random name; nothing about it in the conversation state.
    const onDisk = filesUnder(uploads());
    expect(onDisk).toHaveLength(1);
    expect(readFileSync(onDisk[0].path).equals(seed)).toBe(true);
    // Served back only at its unguessable address.
    const url = all.find((a) => a.attachments?.length)!.attachments![0].contentUrl;
    const id = /\/attachments\/([A-Za-z0-9_-]+)\//.exec(url)![1];
    expect(id).toHaveLength(24); // 18 random bytes
    expect(path.basename(onDisk[0].path)).toBe(id);
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(seed)).toBe(true);
    // UPLOAD_TTL_MINUTES=0.1: gone from disk and from the URL within a few seconds, unread.
    const until = Date.now() + 15_000;
    while (filesUnder(uploads()).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(filesUnder(uploads())).toEqual([]);
    expect((await fetch(url)).status).toBe(404);
  });

  it('a 50 MB upload is refused with 413 and the chat says why in Chinese; nothing reaches the bot or the disk', async () => {
    const conv = await dl.start('u_big');
    await dl.waitFor(conv, /请输入项目名称/);
    const before = (await dl.activities(conv)).length;
    // 413 (or the connection closed under a client still sending: Web Chat then only says the upload failed).
    expect([413, 'closed']).toContain(await dl.upload(conv, '大文件.docx', new Uint8Array(50 * MB)));
    const all = await dl.waitFor(conv, /文件太大/);
    const added = all.slice(before);
    expect(added.map((a) => [a.from.role, a.text])).toEqual([['bot', '文件太大（50 MB），上限 10 MB。请压缩或只发送自评表本身。']]);
    expect(filesUnder(uploads())).toEqual([]);
  });

  it('leaves no uploaded file behind when it stops', async () => {
    const conv = await dl.start('u_stop');
    expect(await dl.upload(conv, 'a.docx', new Uint8Array(1024))).toBe(200);
    expect(filesUnder(uploads()).length).toBeGreaterThan(0);
    await server.stop();
    expect(filesUnder(uploads())).toEqual([]);
  });
});

describe('memory under 8 conversations × 4 uploads of 10 MB (npm start, default settings)', () => {
  let root: ReturnType<typeof tempRoot>;
  let server: ServerProcess;

  beforeAll(async () => {
    root = tempRoot('jixiao-uploads-rss-');
    server = await startMain(root.dataDir, { WEBCHAT: 'on' });
  });

  afterAll(async () => {
    await server?.kill9();
    root?.cleanup();
  });

  it('keeps the files on disk, refuses a fifth one per conversation in Chinese, and RSS stays bounded', async () => {
    const dl = new DirectLine(server.url);
    // Just under UPLOAD_MAX_BYTES (10 MB) with the multipart envelope: a PDF (the bot says at once it cannot read one).
    const file = new Uint8Array(10 * MB - 4096).fill(0x20);
    file.set(Buffer.from('%PDF-1.7\n'));
    /** n conversations, each uploading `each` files one after another, all conversations at once. */
    const round = async (tag: string, n: number, each: number) => {
      const convs = await Promise.all(Array.from({ length: n }, (_, i) => dl.start(`u_${tag}_${i}`)));
      await Promise.all(convs.map((c) => dl.waitFor(c, /请输入项目名称/)));
      const statuses = await Promise.all(
        convs.map(async (c, i) => {
          const out: (number | 'closed')[] = [];
          for (let k = 0; k < each; k++) out.push(await dl.upload(c, `表${i}-${k}.pdf`, file, 'application/pdf'));
          return out;
        }),
      );
      expect(statuses.flat(), JSON.stringify(statuses)).toEqual(Array(n * each).fill(200));
      return convs;
    };
    const uploads = () => filesUnder(path.join(root.dataDir, 'uploads'));
    const base = server.rss().rssBytes;
    const t0 = Date.now();
    const convs = await round('a', 8, 4);
    const seconds = (Date.now() - t0) / 1000;
    const first = server.rss();
    expect(uploads()).toHaveLength(32);
    expect(uploads().every((f) => f.size === file.length)).toBe(true);
    // Per conversation at most 4 × UPLOAD_MAX_BYTES at once: a fifth file is refused, and said so.
    // Refused by its declared size before the body is read: 413, or the connection closed under the sender.
    expect([413, 'closed']).toContain(await dl.upload(convs[0], '第五个.pdf', file, 'application/pdf'));
    await dl.waitFor(convs[0], /这次对话上传的文件已达上限（10 个或共 40 MB），没有收下这个文件/);
    expect(uploads()).toHaveLength(32);
    // Another 160 MB in new conversations: what is kept doubles on disk, not in memory.
    await round('b', 8, 2);
    const second = server.rss();
    expect(uploads()).toHaveLength(48);
    figure(
      `npm start, 8 × 4 uploads of 10 MB in ${seconds.toFixed(1)} s: RSS ${mb(base)} before, ${mb(first.rssBytes)} after (peak ${mb(first.peakBytes)}); ` +
        `8 × 2 more (480 MB on disk in all): RSS ${mb(second.rssBytes)} (peak ${mb(second.peakBytes)})`,
    );
    // Before, all 320 MB stayed in memory (186 → 562 MB in issue 12, and it stayed there). Now RSS
    // is bounded by the work in flight (8 uploads at a time: each body, the bot's read of it and the
    // import worker's copy, ~10 MB each, and the garbage they leave until collected), not by what is
    // kept: 160 MB more on disk adds (almost) nothing.
    // Bounds checked: 160 MB more uploads raise RSS by less than 64 MB (what tells "kept on disk"
    // from "kept in memory"), and the peak stays under base + 480 MB, the total uploaded (measured
    // 230–330 MB over base on loaded 2-core machines: ~3 copies × 8 uploads in flight × 10 MB plus
    // uncollected garbage; the peak depends on GC timing, so it is a ceiling, not a target).
    expect(second.peakBytes).toBeLessThan(base + 480 * MB);
    expect(second.rssBytes - first.rssBytes).toBeLessThan(64 * MB);
  }, 240_000);
});
