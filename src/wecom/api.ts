// The four 企业微信 server APIs the channel uses: gettoken, message/send, media/upload, media/get.
// The access_token is cached (TokenStore) and refreshed before it expires and when WeCom says it is
// invalid or expired (40014, 42001, 41001); one refresh at a time — concurrent callers share it.
import { createHash, randomBytes } from 'node:crypto';
import { MemoryTokenStore, type TokenStore } from './stores.js';

export const TOKEN_ERRORS = new Set([40014, 42001, 41001]);
/** media_id is valid 3 days; files are uploaded anew an hour before that. */
export const MEDIA_TTL_MS = 3 * 24 * 3_600_000;
export const MEDIA_REUSE_MS = MEDIA_TTL_MS - 3_600_000;
export const MAX_FILE_UPLOAD_BYTES = 20 * 1024 * 1024;

export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`${api}: errcode ${errcode} ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

export type WecomApiOptions = {
  apiBase: string;
  corpId: string;
  secret: string;
  agentId: string;
  tokenStore?: TokenStore;
  now?: () => number;
  /** Refresh this long before expires_in runs out (default 5 minutes). */
  refreshMarginMs?: number;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

type ApiJson = { errcode?: number; errmsg?: string; [k: string]: unknown };

export type DownloadedMedia = { bytes: Uint8Array; name: string; contentType: string };

export class WecomApi {
  readonly base: string;
  private readonly store: TokenStore;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private inflight: Promise<string> | undefined;
  private readonly key: string;
  private readonly media = new Map<string, { mediaId: string; createdAt: number }>();
  /** How many times gettoken was called (for tests and logs). */
  refreshes = 0;

  constructor(private readonly options: WecomApiOptions) {
    this.base = options.apiBase.replace(/\/+$/, '');
    this.store = options.tokenStore ?? new MemoryTokenStore();
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
    this.key = `${options.corpId}:${options.agentId}`;
  }

  get agentId(): number {
    return Number(this.options.agentId);
  }

  /** A valid access_token: the cached one, or a fresh one (one gettoken at a time). */
  async token(): Promise<string> {
    const cached = await this.store.get(this.key);
    if (cached && cached.expiresAt - (this.options.refreshMarginMs ?? 300_000) > this.now()) return cached.token;
    return this.refresh();
  }

  private refresh(): Promise<string> {
    this.inflight ??= (async () => {
      try {
        const url = `${this.base}/cgi-bin/gettoken?corpid=${encodeURIComponent(this.options.corpId)}&corpsecret=${encodeURIComponent(this.options.secret)}`;
        this.refreshes++;
        const json = await this.json('gettoken', url, { method: 'GET' });
        if (json.errcode || typeof json.access_token !== 'string') throw new WecomApiError(Number(json.errcode ?? -1), String(json.errmsg ?? 'no access_token'), 'gettoken');
        const expiresIn = Number(json.expires_in ?? 7200);
        await this.store.set(this.key, { token: json.access_token, expiresAt: this.now() + expiresIn * 1000 });
        return json.access_token;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  private async json(api: string, url: string, init: RequestInit): Promise<ApiJson> {
    const res = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    const text = await res.text();
    if (!res.ok) throw new WecomApiError(-1, `HTTP ${res.status}`, api);
    try {
      return JSON.parse(text) as ApiJson;
    } catch {
      throw new WecomApiError(-1, 'response is not JSON', api);
    }
  }

  /** Calls an API with the token; on a token error the token is dropped, refreshed, and the call made once more. */
  private async withToken<T>(api: string, call: (token: string) => Promise<{ json: ApiJson; value?: T }>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.token();
      const { json, value } = await call(token);
      const code = Number(json.errcode ?? 0);
      if (code === 0) return value as T;
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        await this.store.invalidate(this.key, token);
        continue;
      }
      throw new WecomApiError(code, String(json.errmsg ?? ''), api);
    }
  }

  /** POST message/send; returns WeCom's answer (msgid, invaliduser…). */
  async send(body: Record<string, unknown>): Promise<ApiJson> {
    const payload = JSON.stringify({ agentid: this.agentId, safe: 0, ...body });
    return this.withToken('message/send', async (token) => {
      const json = await this.json('message/send', `${this.base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: payload,
      });
      return { json, value: json };
    });
  }

  /** media/upload (multipart field "media", the Chinese file name kept); returns media_id. */
  async upload(file: { name: string; contentType: string; bytes: Uint8Array }, type: 'file' | 'image' = 'file'): Promise<string> {
    if (file.bytes.byteLength > MAX_FILE_UPLOAD_BYTES) throw new WecomApiError(40058, 'file larger than 20 MB', 'media/upload');
    const boundary = `----jixiao${randomBytes(12).toString('hex')}`;
    const body = multipart(boundary, file);
    return this.withToken('media/upload', async (token) => {
      const json = await this.json('media/upload', `${this.base}/cgi-bin/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`, {
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) },
        body,
      });
      return { json, value: String(json.media_id ?? '') };
    });
  }

  /** A media_id for the file: the one uploaded before when it is less than ~3 days old, else a new upload. */
  async mediaIdFor(file: { name: string; contentType: string; bytes: Uint8Array }, fresh = false): Promise<string> {
    const hash = createHash('sha256').update(file.name).update('\u0000').update(file.bytes).digest('hex');
    const known = this.media.get(hash);
    if (!fresh && known && this.now() - known.createdAt < MEDIA_REUSE_MS) return known.mediaId;
    const mediaId = await this.upload(file);
    this.media.set(hash, { mediaId, createdAt: this.now() });
    if (this.media.size > 10_000) for (const k of this.media.keys()) { this.media.delete(k); if (this.media.size <= 5_000) break; }
    return mediaId;
  }

  /** media/get: the bytes of a file the user sent (at most maxBytes; undefined when larger). */
  async download(mediaId: string, maxBytes: number): Promise<DownloadedMedia | { tooLarge: true }> {
    return this.withToken<DownloadedMedia | { tooLarge: true }>('media/get', async (token) => {
      const url = `${this.base}/cgi-bin/media/get?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`;
      const res = await this.fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
      const type = res.headers.get('content-type') ?? 'application/octet-stream';
      if (!res.ok) throw new WecomApiError(-1, `HTTP ${res.status}`, 'media/get');
      // An error is a JSON body without a file name; a file (even a .txt or .json one) has Content-Disposition.
      if (!res.headers.get('content-disposition') && /json|text\/plain/.test(type)) {
        const json = JSON.parse(await res.text()) as ApiJson;
        return { json };
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel();
        return { json: { errcode: 0 }, value: { tooLarge: true as const } };
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) return { json: { errcode: 0 }, value: { tooLarge: true as const } };
        chunks.push(chunk);
      }
      const name = fileNameOf(res.headers.get('content-disposition')) ?? 'file';
      return { json: { errcode: 0 }, value: { bytes: new Uint8Array(Buffer.concat(chunks)), name, contentType: type.split(';')[0].trim() } };
    });
  }
}

/** The file name in a Content-Disposition header: filename* (RFC 5987) first, then filename. */
export function fileNameOf(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  const raw = plain ? (plain[1] ?? plain[2]).trim() : undefined;
  if (!raw) return undefined;
  // A raw UTF-8 name arrives as latin1 characters when the header was decoded as such.
  return /[\u0080-\u00ff]/.test(raw) && !/[\u0100-\uffff]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
}

/** RFC 5987 percent-encoding for filename*. */
const rfc5987 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function multipart(boundary: string, file: { name: string; contentType: string; bytes: Uint8Array }): Buffer {
  const safe = file.name.replace(/["\r\n\\]/g, '_');
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${safe}"; filename*=UTF-8''${rfc5987(file.name)}; filelength=${file.bytes.byteLength}\r\n` +
    `Content-Type: ${file.contentType || 'application/octet-stream'}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
}
