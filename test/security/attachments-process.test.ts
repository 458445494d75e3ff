// Issue 12 item 2 against `npm start` itself (the build, in a child process, default deadline and
// size cap): a 400 MB attachment is cut off at 10 MB while it downloads and the server's resident
// memory stays put; a URL that never answers is given up at 15 s and the same user's next message
// is answered right after; a private address is never contacted. The attachment host is a local
// server on 127.0.0.1 that the allow-list names by its address (ATTACHMENT_HOSTS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { conversationUpdateActivity, messageActivity, type ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import { startMain, tempRoot } from '../faults/helpers.js';
import { figure, hang, hitServer, serve, stream, type HitServer } from './attachments-helpers.js';

const MB = 1024 * 1024;

let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let files: HitServer;
let secret: HitServer;
let server: ServerProcess;

beforeAll(async () => {
  root = tempRoot('jixiao-attach-');
  channel = await startChannelStub({ keepReplies: true });
  files = await hitServer({ '/big': stream(400 * MB), '/hang': hang });
  secret = await hitServer({ '/admin': serve('secret') });
  server = await startMain(root.dataDir, { ATTACHMENT_HOSTS: `127.0.0.1:${files.port},localhost` });
});

afterAll(async () => {
  await server?.kill9();
  await channel?.close();
  await files?.close();
  await secret?.close();
  root?.cleanup();
});

let n = 0;
async function user(): Promise<{ o: ActivityOptions; send: (text: string, attachments?: unknown[]) => Promise<{ ms: number; said: string }> }> {
  const o: ActivityOptions = { channelId: 'test', serviceUrl: channel.url, conversationId: `att-p-${++n}`, userId: `att-p-u-${n}` };
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
  };
  await post(conversationUpdateActivity(o));
  const send = async (text: string, attachments?: unknown[]) => {
    const before = channel.replies(o.conversationId).length;
    const started = Date.now();
    await post({ ...messageActivity(o, text), ...(attachments ? { attachments } : {}) });
    return {
      ms: Date.now() - started,
      said: channel
        .replies(o.conversationId)
        .slice(before)
        .map((r) => r.text ?? '')
        .join('\n'),
    };
  };
  return { o, send };
}

const file = (url: string, name: string) => [{ contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', contentUrl: url, name }];

describe('attachments against npm start', () => {
  it('a 400 MB response is cut off at 10 MB; RSS does not follow it', async () => {
    const u = await user();
    await u.send('苏州市测试项目');
    const sentBefore = files.bytesSent();
    const base = server.rss();
    let peak = base.rssBytes;
    const sampler = setInterval(() => (peak = Math.max(peak, server.rss().rssBytes)), 20);
    const { ms, said } = await u.send('', file(`${files.url}/big`, '自评表.docx'));
    clearInterval(sampler);
    const sent = files.bytesSent() - sentBefore;
    figure(`npm start, 400 MB attachment: cut off after ${(sent / MB).toFixed(1)} MB sent by the host, ${ms} ms; RSS ${(base.rssBytes / MB).toFixed(0)} MB before, ${(peak / MB).toFixed(0)} MB highest sampled during, ${(server.rss().rssBytes / MB).toFixed(0)} MB after`);
    expect(said).toContain('文件「自评表.docx」超过 10 MB 上限，没有读取。请压缩或只发送自评表本身。');
    expect(said).toMatch(/年份/);
    expect(sent).toBeLessThan(40 * MB); // 10 MB plus what sat in the socket buffers
    expect(peak - base.rssBytes).toBeLessThan(64 * MB); // was 251 → 1,372 MB (issue 12)
  });

  it('a never-answering URL is refused at 15 s; the same user’s next message is answered right after', async () => {
    const u = await user();
    const hung = u.send('', file(`${files.url}/hang`, '自评表.docx'));
    await new Promise((r) => setTimeout(r, 500));
    const next = u.send('进度');
    const [first, second] = await Promise.all([hung, next]);
    figure(`npm start, never-answering URL: refused after ${first.ms} ms (ATTACHMENT_TIMEOUT_MS default 15000); the next message, sent 0.5 s after it, answered after ${second.ms} ms`);
    expect(first.said).toContain('文件「自评表.docx」下载超时（15 秒），没有读取。请重新发送。');
    expect(first.said).not.toContain('没有收到内容');
    expect(first.ms).toBeGreaterThanOrEqual(14_900);
    expect(first.ms).toBeLessThan(19_000); // was 302 s (issue 12)
    expect(second.ms).toBeLessThan(19_000);
    expect(second.said).not.toBe('');
  }, 40_000);

  it('a private address is never contacted, even under an allowed name', async () => {
    const u = await user();
    const { said } = await u.send('', file(`http://localhost:${secret.port}/admin`, 'a.docx'));
    expect(said).toContain(`不接受来自该地址（localhost）的文件「a.docx」`);
    const direct = await u.send('', file(`${secret.url}/admin`, 'b.docx'));
    expect(direct.said).toContain('不接受来自该地址（127.0.0.1）的文件「b.docx」');
    expect(secret.hits).toEqual([]);
  });
});
