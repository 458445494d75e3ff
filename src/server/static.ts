// The local chat page (public/) and Web Chat's UMD bundle, served from memory with validators.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PAGE_CSP } from './guard.js';

/** The folder with package.json: two up from src/server, three from the build's dist/src/server. */
export const PROJECT_ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..', '..');
  }
}
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');

/** node_modules/botframework-webchat/dist/webchat.js (the package's exports hide the path). */
export function webchatBundlePath(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('botframework-webchat/package.json')), 'dist', 'webchat.js');
  } catch {
    return join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
  }
}

type Asset = { body: Buffer; gzipped?: Buffer; etag: string; contentType: string; cacheControl: string };
type AssetOptions = { contentType: string; cacheControl: string; compress?: boolean; headers?: Record<string, string> };

/** Serves one file, read once; gzip when the client accepts it; 304 for a matching ETag. */
export function assetHandler(path: string, { contentType, cacheControl, compress = false, headers: extra = {} }: AssetOptions) {
  let asset: Promise<Asset> | undefined;
  const load = async (): Promise<Asset> => {
    const body = readFileSync(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    const gzipped = compress ? await promisify(gzip)(body) : undefined;
    return { body, gzipped, etag, contentType, cacheControl };
  };
  return async function serveAsset(req: IncomingMessage, res: ServerResponse): Promise<void> {
    asset ??= load();
    let a: Asset;
    try {
      a = await asset;
    } catch {
      asset = undefined;
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': a.contentType,
      'Cache-Control': a.cacheControl,
      ETag: a.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    };
    if (req.headers['if-none-match'] === a.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const useGzip = a.gzipped !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = useGzip ? a.gzipped! : a.body;
    if (useGzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** An HTML page of public/: revalidated on every load, not framed by other sites, scripts only from this origin. */
export function pageHandler(file: string) {
  return assetHandler(join(PUBLIC_DIR, file), {
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'no-cache',
    headers: { 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': PAGE_CSP },
  });
}

/** A script of public/ (the chat page's own code), revalidated on every load. */
export function scriptHandler(file: string) {
  return assetHandler(join(PUBLIC_DIR, file), { contentType: 'application/javascript; charset=utf-8', cacheControl: 'no-cache' });
}

/** Web Chat's bundle: 3.9 MB, gzipped once, cached for a day and revalidated by ETag. */
export function webchatHandler() {
  return assetHandler(webchatBundlePath(), { contentType: 'application/javascript; charset=utf-8', cacheControl: 'public, max-age=86400', compress: true });
}
