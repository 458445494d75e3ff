// Fuzzed attachment URLs (issue 12 item 2): fast-check builds hostile URLs — other schemes, every
// spelling of a loopback address (127.1, 0x7f000001, 2130706433, 0177.0.0.1, [::1],
// [::ffff:127.0.0.1], full-width dots), credentials and fragments that hide the real host, allowed
// names that resolve to private addresses, oversized and malformed data: URLs, odd attachment
// shapes. The fetcher must refuse each with a reason for the user (AttachmentProblemError), fast,
// and nothing may ever connect to the local server the URLs point at. Default 200 runs;
// FUZZ_RUNS=n (npm run test:long) for more.
import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentProblemError, createAttachmentFetcher, type AttachmentFetcher } from '../../src/attachments/fetch.js';

const RUNS = Math.max(200, Number(process.env.FUZZ_RUNS ?? 0) || 0);
const REASONS = ['too-large', 'timeout', 'not-allowed', 'expired', 'failed'];

let server: http.Server;
let port = 0;
let connections = 0;
let fetcher: AttachmentFetcher;

const PRIVATE = ['127.0.0.1', '10.1.2.3', '192.168.1.1', '172.16.0.9', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'];

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('leaked');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  let i = 0;
  fetcher = createAttachmentFetcher({
    allowHosts: ['*.files.example.cn', 'teams.example.cn'],
    maxBytes: 64 * 1024,
    timeoutMs: 2000,
    // Every allowed name resolves to a private address (sometimes next to a public one): a DNS
    // answer must never be enough to reach inside.
    lookup: ((_host: string, _opts: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => {
      const p = PRIVATE[i++ % PRIVATE.length];
      const list = [{ address: p, family: p.includes(':') ? 6 : 4 }];
      if (i % 3 === 0) list.unshift({ address: '203.0.114.7', family: 4 });
      setImmediate(() => cb(null, list));
    }) as never,
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const loopbacks = () => ['127.0.0.1', '127.1', '0x7f000001', '2130706433', '0177.0.0.1', '127.0.0.1.', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '127。0。0。1', 'localhost', '0.0.0.0', '[0:0:0:0:0:0:0:1]'];

const hostileUrl = fc.oneof(
  // a loopback address spelled some way, with our port
  fc.record({ scheme: fc.constantFrom('http', 'https', 'HTTP'), host: fc.constantFrom(...loopbacks()), path: fc.string({ maxLength: 20 }) }).map(({ scheme, host, path }) => `${scheme}://${host}:${port}/${encodeURIComponent(path)}`),
  // an allowed name (resolving privately), with or without our port
  fc
    .record({ sub: fc.constantFrom('a.files.example.cn', 'x.y.files.example.cn', 'teams.example.cn'), withPort: fc.boolean(), scheme: fc.constantFrom('http', 'https') })
    .map(({ sub, withPort, scheme }) => `${scheme}://${sub}${withPort ? `:${port}` : ''}/f.docx`),
  // credentials, fragments and backslashes that make one host look like another
  fc
    .constantFrom(
      `http://teams.example.cn@127.0.0.1:${port}/x`,
      `http://127.0.0.1:${port}#@teams.example.cn/x`,
      `http://127.0.0.1:${port}\\@teams.example.cn/x`,
      `http://teams.example.cn:${port}@127.0.0.1:${port}/x`,
      `http://files.example.cn:${port}/x`,
      `http://evilfiles.example.cn:${port}/x`,
      `http://teams.example.cn.evil.example:${port}/x`,
      `http://%31%32%37.0.0.1:${port}/x`,
    ),
  // other schemes
  fc.constantFrom('file:///etc/passwd', `ftp://127.0.0.1:${port}/`, `gopher://127.0.0.1:${port}/_x`, 'javascript:alert(1)', 'data:', 'data:,', 'data:;base64,@@@', `ws://127.0.0.1:${port}/`, 'about:blank'),
  // anything at all
  fc.string({ maxLength: 80 }),
);

const attachment = fc.record({
  contentType: fc.constantFrom('application/octet-stream', 'text/plain', 'application/vnd.microsoft.teams.file.download.info'),
  url: hostileUrl,
  asDownloadInfo: fc.boolean(),
});

describe('fuzzed attachment URLs', () => {
  it('are refused with a reason, quickly, and never connect inside', async () => {
    await fc.assert(
      fc.asyncProperty(attachment, async ({ contentType, url, asDownloadInfo }) => {
        const a =
          contentType === 'application/vnd.microsoft.teams.file.download.info' && asDownloadInfo
            ? { contentType, content: { downloadUrl: url }, name: 'f.docx' }
            : { contentType, contentUrl: url, name: 'f.docx' };
        const started = Date.now();
        let outcome: unknown;
        try {
          outcome = await fetcher(a);
        } catch (error) {
          outcome = error;
        }
        // Nothing (no URL), or small inline bytes from a data: URL, or a refusal with a reason.
        if (outcome instanceof AttachmentProblemError) expect(REASONS).toContain(outcome.fileProblem.reason);
        else if (outcome !== undefined) {
          expect(url.startsWith('data:')).toBe(true);
          expect((outcome as Uint8Array).length).toBeLessThanOrEqual(64 * 1024);
        }
        expect(Date.now() - started).toBeLessThan(3000);
        expect(connections).toBe(0);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('data: URLs of any size and shape: bytes up to the cap, else a refusal; never an exception of another kind', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 400 })), fc.boolean(), fc.nat(200_000), async (body, b64, pad) => {
        const url = `data:application/octet-stream${b64 ? ';base64' : ''},${body}${'A'.repeat(pad)}`;
        try {
          const bytes = await fetcher({ contentType: 'application/octet-stream', contentUrl: url });
          expect(bytes!.length).toBeLessThanOrEqual(64 * 1024);
        } catch (error) {
          expect(error).toBeInstanceOf(AttachmentProblemError);
        }
      }),
      { numRuns: Math.min(RUNS, 300) },
    );
  }, 120_000);
});
