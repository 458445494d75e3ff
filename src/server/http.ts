// Small response helpers. restify patches http.ServerResponse; writeHead and end are called
// separately (never chained) and nothing here goes through restify's formatters.
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** A client error as JSON: `{ error, message }`. A 413 also closes the connection. */
export function sendError(res: ServerResponse, status: number, error: string, message: string): void {
  sendJson(res, status, { error, message }, status === 413 ? { Connection: 'close' } : {});
}

/**
 * A rejected activity body. An activity is answered 400 whatever is wrong with it, as issue 6 asks
 * and as channels expect; the error says which: `payload_too_large` (over MAX_BODY_BYTES, and the
 * connection is closed: the rest of the body is not read) or `bad_request`.
 */
export function sendActivityBodyError(res: ServerResponse, body: { status: 400 | 413; message: string }): void {
  if (body.status === 413) sendJson(res, 400, { error: 'payload_too_large', message: body.message }, { Connection: 'close' });
  else sendError(res, 400, 'bad_request', body.message);
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match && match[1] !== 'undefined' && match[1] !== 'null' ? match[1] : undefined;
}
