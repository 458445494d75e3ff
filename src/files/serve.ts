// GET /files/:token/:name, without restify: the server mounts this. Unknown or expired tokens get
// 404; there is no listing; downloads are never cached and carry the Chinese name per RFC 5987/6266.
import type { LinkStore } from './store.js';

export type FileResponse = { status: number; headers: Record<string, string>; body: Buffer | string };

export const NOT_FOUND_MESSAGE = '文件不存在或链接已过期。请回到对话中发送“导出”，重新生成文件。';

/** RFC 5987 ext-value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves alone also encoded. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A plain-ASCII stand-in for clients that ignore filename*. */
export function asciiFallback(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const stem = (dot > 0 ? name.slice(0, dot) : name)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${stem || 'file'}${ext}`;
}

export function contentDisposition(name: string): string {
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc5987(name)}`;
}

const COMMON = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

export async function serveFile(store: LinkStore, token: string): Promise<FileResponse> {
  const file = typeof token === 'string' ? await store.get(token) : undefined;
  if (!file) {
    return { status: 404, headers: { ...COMMON, 'Content-Type': 'text/plain; charset=utf-8' }, body: NOT_FOUND_MESSAGE };
  }
  const body = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  return {
    status: 200,
    headers: {
      ...COMMON,
      'Content-Type': file.contentType,
      'Content-Length': String(body.byteLength),
      'Content-Disposition': contentDisposition(file.name),
    },
    body,
  };
}
