// Shared by the attachment and upload tests: a local HTTP server on 127.0.0.1 that records every
// request it gets (to show that a refused URL is never fetched) and can answer, hang, stream a huge
// body or redirect; and the stored form of a user, to show that a refused file changes nothing.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';

export type Hit = { method: string; url: string; at: number };

export type HitServer = {
  url: string;
  port: number;
  hits: Hit[];
  /** Bytes of response bodies written so far (all requests). */
  bytesSent(): number;
  close(): Promise<void>;
};

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, server: { bytes: (n: number) => void }) => void;

/** Routes by path. Unknown paths answer 404. */
export async function hitServer(routes: Record<string, Route>): Promise<HitServer> {
  const hits: Hit[] = [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now() });
    const route = routes[(req.url ?? '').split('?')[0]];
    if (!route) {
      res.writeHead(404);
      res.end();
      return;
    }
    route(req, res, { bytes: (n) => (sent += n) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a body. */
export const serve =
  (body: string | Buffer, contentType = 'text/plain; charset=utf-8'): Route =>
  (_req, res, s) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(bytes.length) });
    s.bytes(bytes.length);
    res.end(bytes);
  };

/** Accepts the request and never answers. */
export const hang: Route = () => undefined;

/** Streams `total` bytes without a Content-Length (chunked), as fast as the client reads. */
export const stream =
  (total: number): Route =>
  (_req, res, s) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = total;
    const pump = () => {
      while (left > 0) {
        left -= chunk.length;
        s.bytes(chunk.length);
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (left = 0));
    pump();
  };

export const redirect =
  (location: string): Route =>
  (_req, res) => {
    res.writeHead(302, { Location: location });
    res.end();
  };

/** The active form of a user as stored (UserState key "<channel>/users/<user>/"), as JSON. */
export async function storedForm(storage: Storage, channelId: string, userId: string): Promise<string> {
  const key = `${channelId}/users/${userId}/`;
  const item = (await storage.read([key]))[key] as { jixiaoSession?: { active?: string; forms?: { id: string; form: unknown }[] } } | undefined;
  const session = item?.jixiaoSession;
  return JSON.stringify(session?.forms?.find((f) => f.id === session.active)?.form ?? null);
}

/** Appends a measured figure to the file named by SECURITY_FIGURES (tests may not print). */
export function figure(line: string): void {
  const file = process.env.SECURITY_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
