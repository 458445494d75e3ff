// Request guard, run before routing (restify `pre`) on every request:
// - every response carries the security headers (nosniff, no referrer, no framing, and a CSP:
//   `default-src 'none'` for everything but the chat page, which sets its own);
// - in local mode, where nothing is authenticated, a request is refused when a web page on another
//   site could have sent it: an `Origin` that is not this server's own (403), a `Host` that is not
//   an address of this server (421: DNS rebinding), and on the JSON endpoints a body that is not
//   `application/json` (415: text/plain and form posts need no CORS preflight);
// - in authenticated mode /api/messages takes JSON only (the Bot Framework channels post
//   application/json); Origin and Host are not checked (the channel authenticates with a token).
// A request without Origin (curl, a channel, the Direct Line's own loopback calls) is not from a page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { sendError } from './http.js';

/** Headers sent with every response (a route may override the CSP, e.g. the chat page). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/**
 * Other sites' pages may not even load this server's answers as a subresource (a JSON answer read
 * through a side channel). Not for /files/: a download link is meant to be opened from a channel's
 * client, wherever that runs (its token protects it).
 */
const CORP = 'same-origin';

/**
 * The chat page's policy: its own scripts only (no inline script, no eval), styles inline (Web Chat
 * injects its styles at run time), images only from itself, data: and blob: (so no remote image
 * shows in the chat, whatever a message says), requests only to itself, never framed.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' data: blob:",
  "connect-src 'self' blob:", // Web Chat reads an attached file back from its blob: URL before uploading it
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export type GuardOptions = {
  localMode: boolean;
  /** The address the server was told to bind (HOST): a name, an IP, or 0.0.0.0 / :: for all. */
  host: string;
  /** PUBLIC_BASE_URL when it was set. */
  publicBaseUrl?: string;
  /** The port actually bound (known once listening). */
  port: () => number | undefined;
  /** The IP address actually bound (HOST may be a name; the Direct Line calls the server by its IP). */
  address?: () => string | undefined;
};

export type Refusal = { status: 403 | 415 | 421; error: string; message: string };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** The hostname of a Host header, lower-case, IPv6 without brackets; undefined when malformed. */
export function hostnameOf(hostHeader: string): string | undefined {
  const h = hostHeader.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(h);
  if (v6) return v6[1];
  const named = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(h);
  return named ? named[1].replace(/\.$/, '') : undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The paths whose POST/PUT bodies are JSON (the Direct Line upload is multipart and not listed). */
export function isJsonEndpoint(path: string, localMode: boolean): boolean {
  if (path === '/api/messages') return true;
  if (!localMode) return false;
  return path.startsWith('/v3/directline/') && !/\/upload\/?$/.test(path);
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length.trim() !== '0';
}

function isJsonType(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return media === 'application/json';
}

export function createGuard(options: GuardOptions) {
  const publicOrigin = originOf(options.publicBaseUrl);
  const publicHost = options.publicBaseUrl ? hostnameOf(new URL(options.publicBaseUrl).host) : undefined;
  const boundHost = options.host.toLowerCase().replace(/^\[|\]$/g, '');
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::' || boundHost === '';

  const hostAllowed = (hostname: string): boolean => {
    if (LOOPBACK_NAMES.has(hostname) || hostname === boundHost || hostname === publicHost) return true;
    if (hostname === options.address?.()?.toLowerCase()) return true;
    // Bound to every interface: the machine's addresses by IP (an IP cannot be re-pointed by DNS).
    return wildcard && isIP(hostname) !== 0;
  };

  const originAllowed = (origin: string, hostHeader: string | undefined): boolean => {
    if (origin === publicOrigin) return true;
    const port = options.port();
    if (port !== undefined && ['localhost', '127.0.0.1', '[::1]'].some((h) => origin === `http://${h}:${port}`)) return true;
    // The page this server served, at whatever allowed address the browser used (same origin).
    return hostHeader !== undefined && origin === originOf(`http://${hostHeader}`);
  };

  /** Why the request is refused, or undefined when it may go on. */
  function check(req: IncomingMessage): Refusal | undefined {
    const path = (req.url ?? '/').split('?')[0];
    const method = (req.method ?? 'GET').toUpperCase();
    if (options.localMode) {
      const hostHeader = req.headers.host;
      if (hostHeader !== undefined) {
        const hostname = hostnameOf(hostHeader);
        if (hostname === undefined || !hostAllowed(hostname)) {
          return { status: 421, error: 'misdirected_request', message: 'this server does not answer for that Host; open it at its own address' };
        }
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !originAllowed(origin, hostHeader)) {
        return { status: 403, error: 'forbidden_origin', message: 'requests from other web pages are not accepted' };
      }
    }
    if ((method === 'POST' || method === 'PUT') && isJsonEndpoint(path, options.localMode) && hasBody(req) && !isJsonType(req.headers['content-type'])) {
      return { status: 415, error: 'unsupported_media_type', message: 'the body must be application/json' };
    }
    return undefined;
  }

  /** restify `pre` handler: sets the security headers, answers a refusal and stops the chain. */
  function pre(req: IncomingMessage, res: ServerResponse, next: (arg?: false) => void): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!(req.url ?? '').startsWith('/files/')) res.setHeader('Cross-Origin-Resource-Policy', CORP);
    const refusal = check(req);
    if (!refusal) return next();
    req.resume(); // discard the body; the answer goes out at once
    sendError(res, refusal.status, refusal.error, refusal.message);
    next(false);
  }

  return { check, pre };
}
