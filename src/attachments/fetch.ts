// Reads the files users attach to a message, from outside: only from hosts the channel uses
// (an allow-list), never from a private, loopback or link-local address (checked on the address
// actually connected to, so DNS rebinding does not get around it), with one deadline for the whole
// download (DNS, connect, headers, body) and a size cap counted while the bytes arrive: the
// download is aborted at the limit and never holds more than the limit. Redirects are followed
// (at most 3) only to allowed hosts. The bot's own origin (Direct Line uploads in local mode) is
// read in-process through `local`, never over HTTP.
//
// A file that cannot be read throws AttachmentProblemError: its `fileProblem` says what went
// wrong, for the user (dialogs/bot.ts readFiles turns it into TurnInput.fileErrors).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Attachment } from 'botbuilder';
import type { FileProblem } from '../../dialogs/ports.js';

export type Problem = Omit<FileProblem, 'name'>;

export class AttachmentProblemError extends Error {
  constructor(
    readonly fileProblem: Problem,
    detail: string,
  ) {
    super(detail);
    this.name = 'AttachmentProblemError';
  }
}

export type FetchAttachmentOptions = {
  /** Allowed hosts: `host`, `host:port`, `*.suffix` (any subdomain), or an IP address (`127.0.0.1:4000`, `[::1]:4000`). */
  allowHosts: readonly string[];
  /** The bot's own origins (e.g. http://localhost:3978): read through `local`, never over HTTP. */
  selfOrigins?: () => readonly string[];
  /** Reads a URL of the bot's own origin in-process (Direct Line uploads); undefined = gone. */
  local?: (url: URL) => Promise<Uint8Array | undefined>;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Deadline for the whole download, in ms. */
  timeoutMs: number;
  /** DNS lookup (tests); default dns.lookup. */
  lookup?: typeof dns.lookup;
};

export type AttachmentFetcher = (attachment: Attachment) => Promise<Uint8Array | undefined>;

const MAX_REDIRECTS = 3;
const TEAMS_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';

// Addresses a file must never be fetched from (unless the allow-list names the address itself).
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True for loopback, private, link-local, CGNAT, multicast, reserved and documentation addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return true; // an IPv4-mapped address is never a channel's host
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

type HostRule = { kind: 'exact' | 'suffix' | 'ip'; host: string; port?: string };

/** Parses one allow-list entry; undefined when it is not one. */
export function parseHostRule(entry: string): HostRule | undefined {
  const e = entry.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(e);
  if (bracketed) return isIP(bracketed[1]) === 6 ? { kind: 'ip', host: `[${bracketed[1]}]`, port: bracketed[2] } : undefined;
  const m = /^(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/.exec(e);
  if (!m) return undefined;
  if (m[1]) return { kind: 'suffix', host: m[2], port: m[3] };
  return { kind: isIP(m[2]) ? 'ip' : 'exact', host: m[2], port: m[3] };
}

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

/** The rule that allows this URL's host, if any. */
function ruleFor(rules: readonly HostRule[], url: URL): HostRule | undefined {
  const host = url.hostname.toLowerCase();
  const port = defaultPort(url);
  return rules.find((r) => {
    if (r.port !== undefined && r.port !== port) return false;
    if (r.kind === 'suffix') return host.endsWith(`.${r.host}`);
    return host === r.host;
  });
}

/** A DNS lookup that refuses private addresses: runs when the socket connects, so no rebinding. */
function guardedLookup(lookup: typeof dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as dns.LookupAddress[];
      const bad = list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0) {
        const error = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' });
        return callback(error, '', 0);
      }
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}

const problem = (p: Problem, detail: string) => new AttachmentProblemError(p, detail);

/** The URL an attachment's bytes are at (Teams file download info, else contentUrl). */
export function attachmentUrl(a: Attachment): string | undefined {
  if (a.contentType === TEAMS_DOWNLOAD) {
    const url = (a.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
    return typeof url === 'string' ? url : undefined;
  }
  return typeof a.contentUrl === 'string' ? a.contentUrl : undefined;
}

/** data: URLs (inline files), up to `maxBytes`. */
export function readDataUrl(url: string, maxBytes: number): Uint8Array {
  const data = /^data:[^;,]*(?:;[^;,=]+=[^;,]*)*(;base64)?,(.*)$/s.exec(url);
  if (!data) throw problem({ reason: 'failed' }, 'malformed data: URL');
  // The decoded size is known before decoding: refuse without allocating it.
  const estimate = data[1] ? Math.floor((data[2].length * 3) / 4) : data[2].length;
  if (estimate > maxBytes * 3 + 16) throw problem({ reason: 'too-large', limitBytes: maxBytes }, 'data: URL over the limit');
  let bytes: Buffer;
  try {
    bytes = data[1] ? Buffer.from(data[2], 'base64') : Buffer.from(decodeURIComponent(data[2]), 'utf8');
  } catch {
    throw problem({ reason: 'failed' }, 'malformed data: URL');
  }
  if (bytes.length > maxBytes) throw problem({ reason: 'too-large', limitBytes: maxBytes, sizeBytes: bytes.length }, 'data: URL over the limit');
  return new Uint8Array(bytes);
}

export function createAttachmentFetcher(options: FetchAttachmentOptions): AttachmentFetcher {
  const rules = options.allowHosts.map((entry) => {
    const rule = parseHostRule(entry);
    if (!rule) throw new Error(`not a host: ${entry}`);
    return rule;
  });
  const lookup = guardedLookup(options.lookup ?? dns.lookup);
  const { maxBytes, timeoutMs } = options;
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));

  const isSelf = (url: URL) => (options.selfOrigins?.() ?? []).some((o) => safeOrigin(o) === url.origin);

  /** Throws unless the URL may be fetched over HTTP. */
  const check = (url: URL): void => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw problem({ reason: 'not-allowed' }, `scheme ${url.protocol}`);
    if (url.username || url.password) throw problem({ reason: 'not-allowed' }, 'credentials in the URL');
    const rule = ruleFor(rules, url);
    if (!rule) throw problem({ reason: 'not-allowed', host: url.hostname }, `host ${url.hostname} is not allowed`);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    // An IP literal is allowed only when the allow-list names that address itself.
    if (isIP(literal) && rule.kind !== 'ip' && isPrivateAddress(literal)) throw problem({ reason: 'not-allowed', host: url.hostname }, 'private address');
  };

  const get = (url: URL, signal: AbortSignal, redirects: number): Promise<Uint8Array> =>
    new Promise<Uint8Array>((resolve, reject) => {
      const rule = ruleFor(rules, url);
      const client = url.protocol === 'https:' ? https : http;
      const request = client.get(url, {
        agent: false,
        signal,
        // An allow-list entry naming an IP address connects there directly; names go through the guard.
        ...(rule?.kind === 'ip' ? {} : { lookup }),
        headers: { Accept: '*/*', 'User-Agent': 'jixiao-bot' },
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (signal.aborted) reject(problem({ reason: 'timeout', seconds }, `no answer within ${timeoutMs} ms`));
        else if (error.code === 'EPRIVATE') reject(problem({ reason: 'not-allowed', host: url.hostname }, error.message));
        else reject(problem({ reason: 'failed' }, error.message));
      });
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const fail = (error: AttachmentProblemError) => {
          reject(error); // first: destroying emits events that would reject with a vaguer reason
          response.destroy();
          request.destroy();
        };
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          if (redirects >= MAX_REDIRECTS) return fail(problem({ reason: 'failed' }, 'too many redirects'));
          let next: URL;
          try {
            next = new URL(response.headers.location, url);
            check(next);
          } catch (error) {
            return fail(error instanceof AttachmentProblemError ? error : problem({ reason: 'failed' }, 'bad redirect'));
          }
          request.destroy();
          get(next, signal, redirects + 1).then(resolve, reject);
          return;
        }
        if (status < 200 || status >= 300) return fail(problem({ reason: 'failed', status }, `HTTP ${status}`));
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return fail(problem({ reason: 'too-large', limitBytes: maxBytes, sizeBytes: declared }, 'declared size over the limit'));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            chunks.length = 0;
            fail(problem({ reason: 'too-large', limitBytes: maxBytes }, 'download over the limit'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (size <= maxBytes) resolve(new Uint8Array(Buffer.concat(chunks, size)));
        });
        response.on('error', () => {
          if (signal.aborted) reject(problem({ reason: 'timeout', seconds }, `no answer within ${timeoutMs} ms`));
          else reject(problem({ reason: 'failed' }, 'download interrupted'));
        });
        response.on('aborted', () => reject(problem({ reason: signal.aborted ? 'timeout' : 'failed', seconds }, 'download aborted')));
      });
    });

  return async (attachment) => {
    const raw = attachmentUrl(attachment);
    if (!raw) return undefined;
    if (raw.startsWith('data:')) return readDataUrl(raw, maxBytes);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw problem({ reason: 'failed' }, 'not a URL');
    }
    if (isSelf(url)) {
      const bytes = options.local ? await options.local(url) : undefined;
      if (!bytes) throw problem({ reason: 'expired' }, 'own URL not found');
      if (bytes.length > maxBytes) throw problem({ reason: 'too-large', limitBytes: maxBytes, sizeBytes: bytes.length }, 'own file over the limit');
      return bytes;
    }
    check(url);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // The request rejects once aborted; the race makes sure no stuck step outlives the deadline.
      return await Promise.race([
        get(url, controller.signal, 0),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(problem({ reason: 'timeout', seconds }, `no answer within ${timeoutMs} ms`)), { once: true })),
      ]);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Default allow-list in authenticated (Teams) mode: where Teams and the Bot Framework put files. */
export const TEAMS_ATTACHMENT_HOSTS = ['*.sharepoint.com', '*.sharepoint.cn', '*.sharepoint-df.com', 'smba.trafficmanager.net', '*.botframework.com', '*.botframework.azure.cn'] as const;
