// Issue 12 item 2: attachments are fetched only from allowed hosts, never from a private address,
// within a deadline and a size cap counted while downloading, and the user is told in Chinese what
// went wrong with the file; the form does not change. Against the real wiring of `npm start`
// (startServer, local mode) over HTTP, with a local server on 127.0.0.1 that records every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentProblemError, createAttachmentFetcher } from '../../src/attachments/fetch.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { conversationUpdate, fakeChannel, message, postJson, testConfig, type FakeChannel, type Reply } from '../server/helpers.js';
import { figure, hang, hitServer, redirect, serve, storedForm, stream, type HitServer } from './attachments-helpers.js';

const SEED_TEXT = '项目名称\n测试项目\n';

let channel: FakeChannel;
/** A host that is NOT on the allow-list (the default in local mode: none). */
let outside: HitServer;
/** A host the allow-list names by its address (as a test or an intranet file server would). */
let allowed: HitServer;
let local: Running;
let strict: Running;

beforeAll(async () => {
  channel = await fakeChannel();
  outside = await hitServer({ '/seed.txt': serve(SEED_TEXT) });
  allowed = await hitServer({
    '/hang': hang,
    '/big': stream(400 * 1024 * 1024),
    '/declared-big': serve(Buffer.alloc(2 * 1024 * 1024)),
    '/to-outside': redirect(`${outside.url}/seed.txt`),
    '/missing': (_req, res) => {
      res.writeHead(404);
      res.end();
    },
  });
  // Local mode with its defaults: no outside host at all.
  local = await startServer(testConfig(), silentLogger());
  // Allows `allowed` by address, and `localhost` by name (which resolves to a loopback address).
  strict = await startServer(
    testConfig({ ATTACHMENT_HOSTS: `127.0.0.1:${allowed.port},localhost:${outside.port}`, ATTACHMENT_TIMEOUT_MS: '2000', UPLOAD_MAX_BYTES: String(1024 * 1024) }),
    silentLogger(),
  );
});

afterAll(async () => {
  await local?.stop();
  await strict?.stop();
  await channel?.close();
  await outside?.close();
  await allowed?.close();
});

let seq = 0;
/** A user who has answered the first question (so there is a form to keep unchanged). */
async function user(server: Running): Promise<{ ids: Record<string, unknown>; send: (text: string, attachments?: unknown[]) => Promise<{ replies: Reply[]; ms: number }> }> {
  const n = ++seq;
  const ids = { conversation: { id: `att-conv-${n}` }, from: { id: `att-user-${n}`, name: '测试' } };
  const send = async (text: string, attachments?: unknown[]) => {
    const started = Date.now();
    const res = await postJson(`${server.url}/api/messages`, message(channel.url, text, { ...ids, ...(attachments ? { attachments } : {}) }));
    expect(res.status).toBe(200);
    return { replies: channel.replies.filter((r) => r.conversationId === ids.conversation.id && r.activity.replyToId !== 'seen'), ms: Date.now() - started };
  };
  expect((await postJson(`${server.url}/api/messages`, conversationUpdate(channel.url, { ...ids, membersAdded: [ids.from] }))).status).toBe(200);
  await send('苏州市测试项目');
  return { ids, send };
}

/** The replies of this conversation after the first `skip`, as one text. */
const textAfter = (replies: Reply[], skip: number) =>
  replies
    .slice(skip)
    .map((r) => r.activity.text ?? '')
    .join('\n');

const file = (url: string, name = 'seed.txt') => [{ contentType: 'text/plain', contentUrl: url, name }];

describe('attachment URLs', () => {
  it('local mode: a file on an outside host is not fetched; the user is told so and the form is unchanged', async () => {
    const u = await user(local);
    const before = await storedForm(local.storage, 'test', String((u.ids.from as { id: string }).id));
    const count = channel.replies.filter((r) => r.conversationId === (u.ids.conversation as { id: string }).id).length;
    const { replies } = await u.send('', file(`${outside.url}/seed.txt`));
    expect(outside.hits).toEqual([]);
    const said = textAfter(replies, count);
    expect(said).toContain('不接受来自该地址（127.0.0.1）的文件「seed.txt」');
    expect(said).toContain('请直接在对话中上传文件');
    expect(said).not.toContain('没有收到内容');
    expect(said).toMatch(/年份/); // and the question it was at is asked again
    expect(await storedForm(local.storage, 'test', String((u.ids.from as { id: string }).id))).toBe(before);
  });

  it('a private address is refused even when its name is allowed (localhost → 127.0.0.1), and so are link-local and metadata addresses', async () => {
    const u = await user(strict);
    const id = String((u.ids.from as { id: string }).id);
    const before = await storedForm(strict.storage, 'test', id);
    for (const url of [`http://localhost:${outside.port}/seed.txt`, 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://10.0.0.1/x', 'file:///etc/passwd']) {
      const count = channel.replies.filter((r) => r.conversationId === (u.ids.conversation as { id: string }).id).length;
      const { replies, ms } = await u.send('', file(url));
      expect(textAfter(replies, count), url).toMatch(/不接受来自该地址.*的文件「seed\.txt」/);
      expect(ms, url).toBeLessThan(5000); // refused at once, not after a connect timeout
    }
    expect(outside.hits).toEqual([]);
    expect(await storedForm(strict.storage, 'test', id)).toBe(before);
  });

  it('a redirect from an allowed host to one that is not is not followed', async () => {
    const u = await user(strict);
    const count = channel.replies.filter((r) => r.conversationId === (u.ids.conversation as { id: string }).id).length;
    const { replies } = await u.send('', file(`${allowed.url}/to-outside`));
    expect(allowed.hits.some((h) => h.url === '/to-outside')).toBe(true);
    expect(outside.hits).toEqual([]);
    expect(textAfter(replies, count)).toContain('不接受来自该地址（127.0.0.1）的文件');
  });

  it('a never-answering URL is given up within the deadline, and the same user’s next message is answered promptly', async () => {
    const u = await user(strict);
    const conv = (u.ids.conversation as { id: string }).id;
    const count = channel.replies.filter((r) => r.conversationId === conv).length;
    const hung = u.send('', file(`${allowed.url}/hang`));
    await new Promise((r) => setTimeout(r, 300));
    const next = u.send('进度');
    const [first, second] = await Promise.all([hung, next]);
    expect(first.ms).toBeGreaterThanOrEqual(1900);
    expect(first.ms).toBeLessThan(6000); // ATTACHMENT_TIMEOUT_MS=2000, plus the turn on a loaded machine
    expect(second.ms).toBeLessThan(6000); // waited only for the rest of the first turn’s deadline
    const said = textAfter(second.replies, count);
    expect(said).toContain('文件「seed.txt」下载超时（2 秒），没有读取。请重新发送。');
    expect(said).toMatch(/进度|已填|还差|第 \d/);
    figure(`in-process: never-answering URL refused after ${first.ms} ms (deadline 2000 ms); next message answered ${second.ms} ms after it was sent`);
  });

  it('a 400 MB response is cut off at the size cap while downloading', async () => {
    const u = await user(strict);
    const conv = (u.ids.conversation as { id: string }).id;
    const count = channel.replies.filter((r) => r.conversationId === conv).length;
    const before = await storedForm(strict.storage, 'test', String((u.ids.from as { id: string }).id));
    const rssBefore = process.memoryUsage().rss;
    const sentBefore = allowed.bytesSent();
    const { replies, ms } = await u.send('', file(`${allowed.url}/big`, 'big.docx'));
    const rssAfter = process.memoryUsage().rss;
    // UPLOAD_MAX_BYTES=1 MB: the server stopped reading near 1 MB (plus what was in flight in socket buffers).
    const sent = allowed.bytesSent() - sentBefore;
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024 * 1024);
    expect(ms).toBeLessThan(2000);
    figure(`in-process: 400 MB response cut off after ${(sent / 1048576).toFixed(1)} MB sent, ${ms} ms; test process RSS ${(rssBefore / 1048576).toFixed(0)} → ${(rssAfter / 1048576).toFixed(0)} MB`);
    expect(textAfter(replies, count)).toContain('文件「big.docx」超过 1 MB 上限，没有读取。请压缩或只发送自评表本身。');
    expect(await storedForm(strict.storage, 'test', String((u.ids.from as { id: string }).id))).toBe(before);
    // A declared Content-Length over the limit is refused before the body is read.
    const c2 = channel.replies.filter((r) => r.conversationId === conv).length;
    const declared = await u.send('', file(`${allowed.url}/declared-big`, 'big2.docx'));
    expect(textAfter(declared.replies, c2)).toContain('文件「big2.docx」有 2 MB，超过 1 MB 上限');
  });

  it('an HTTP error is reported as a failed download, not as an empty message', async () => {
    const u = await user(strict);
    const conv = (u.ids.conversation as { id: string }).id;
    const count = channel.replies.filter((r) => r.conversationId === conv).length;
    const { replies } = await u.send('', file(`${allowed.url}/missing`));
    const said = textAfter(replies, count);
    expect(said).toContain('文件「seed.txt」没能下载（HTTP 404）。请重新发送。');
    expect(said).not.toContain('没有收到内容');
  });

  it('an allowed host that serves the file is read (the allow-list works both ways)', async () => {
    const fileServer = await hitServer({ '/seed.txt': serve(SEED_TEXT) });
    const open = await startServer(testConfig({ ATTACHMENT_HOSTS: `127.0.0.1:${fileServer.port}` }), silentLogger());
    try {
      const u = await user(open);
      const conv = (u.ids.conversation as { id: string }).id;
      const count = channel.replies.filter((r) => r.conversationId === conv).length;
      const { replies } = await u.send('', file(`${fileServer.url}/seed.txt`));
      expect(fileServer.hits.map((h) => h.url)).toEqual(['/seed.txt']);
      expect(textAfter(replies, count)).not.toContain('不接受');
    } finally {
      await open.stop();
      await fileServer.close();
    }
  });
});

describe('attachment settings', () => {
  it('defaults: no outside host in local mode; the Teams/SharePoint/Bot Framework hosts with an app id; a deadline of 15 s at most', () => {
    expect(loadConfig({}).attachmentHosts).toEqual([]);
    expect(loadConfig({}).attachmentTimeoutMs).toBe(15_000);
    const teams = loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' }).attachmentHosts;
    expect(teams).toEqual(expect.arrayContaining(['*.sharepoint.com', 'smba.trafficmanager.net', '*.botframework.com']));
    expect(() => loadConfig({ ATTACHMENT_TIMEOUT_MS: '60000' })).toThrow(ConfigError);
    expect(() => loadConfig({ ATTACHMENT_HOSTS: 'http://evil.example/' })).toThrow(/ATTACHMENT_HOSTS/);
    expect(loadConfig({ ATTACHMENT_HOSTS: 'none', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' }).attachmentHosts).toEqual([]);
  });
});

describe('authenticated (Teams) mode', () => {
  const teamsConfig = () => loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' });

  it('a Teams file.download.info or contentUrl pointing anywhere but the Teams/SharePoint hosts is not fetched', async () => {
    const config = teamsConfig();
    const fetch = createAttachmentFetcher({ allowHosts: config.attachmentHosts, maxBytes: config.uploadMaxBytes, timeoutMs: config.attachmentTimeoutMs });
    const hitsBefore = outside.hits.length;
    for (const a of [
      { contentType: 'application/vnd.microsoft.teams.file.download.info', content: { downloadUrl: `${outside.url}/seed.txt` }, name: '表.docx' },
      { contentType: 'text/plain', contentUrl: `${outside.url}/seed.txt`, name: '表.txt' },
      { contentType: 'text/plain', contentUrl: `http://contoso.sharepoint.com.${'attacker'}.example:${outside.port}/seed.txt`, name: '表.txt' },
    ]) {
      const error = await fetch(a).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AttachmentProblemError);
      expect((error as AttachmentProblemError).fileProblem.reason).toBe('not-allowed');
    }
    expect(outside.hits.length).toBe(hitsBefore);
  });

  it('a SharePoint name that resolves to a private address is refused without connecting', async () => {
    const config = teamsConfig();
    const lookup = ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as never;
    const fetch = createAttachmentFetcher({ allowHosts: config.attachmentHosts, maxBytes: config.uploadMaxBytes, timeoutMs: config.attachmentTimeoutMs, lookup });
    const hitsBefore = outside.hits.length;
    const error = await fetch({ contentType: 'application/vnd.microsoft.teams.file.download.info', content: { downloadUrl: `http://contoso.sharepoint.com:${outside.port}/seed.txt` }, name: '表.docx' }).catch((e: unknown) => e);
    expect((error as AttachmentProblemError).fileProblem).toMatchObject({ reason: 'not-allowed', host: 'contoso.sharepoint.com' });
    expect(outside.hits.length).toBe(hitsBefore);
  });
});
