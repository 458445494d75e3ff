// A local 企业微信 for tests and for `npm run wecom:sim`: it plays the WeCom server side of a
// self-built app from the published protocol.
//   - sends encrypted callbacks to the bot (the same crypto, checked against the official vector),
//     and delivers one again when no 200 came within 5 s, up to 3 times;
//   - serves /cgi-bin/gettoken (tokens expire; tests can force 42001 expiry or 40014 invalidation),
//     /cgi-bin/message/send, /cgi-bin/media/upload (multipart field "media", > 5 bytes, ≤ 20 MB,
//     media_id valid 3 days) and /cgi-bin/media/get;
//   - applies the limits: text over 2048 bytes is cut off (as WeCom does), more than 30 messages a
//     minute (1000 an hour) to one member are dropped silently, unknown users are reported;
//   - records what each user received.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WecomCrypto } from './crypto.js';
import { MAX_BUTTONS, MAX_TEXT_BYTES, utf8Bytes, type TemplateCard } from './text.js';

export type SimulatorOptions = {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** The bot's callback URL (…/api/wecom); may be set later with `callbackUrl`. */
  callbackUrl?: string;
  /** Milliseconds since the epoch; share a fake clock with the bot to test pacing without waiting. */
  now?: () => number;
  /** How long WeCom waits for the 200 (default 5000 ms). */
  ackTimeoutMs?: number;
  /** Deliveries after the first when no 200 comes (default 3). */
  retries?: number;
  /** access_token lifetime (default 7200 s). */
  tokenTtlSeconds?: number;
  /** Known members (default: anyone). */
  users?: string[];
  /** Messages one member may receive from the app per minute and per hour (WeCom: 30 and 1000). */
  limits?: { perMinute: number; perHour: number };
};

export type ReceivedFile = { mediaId: string; name: string; contentType: string; bytes: Buffer };

export type Received = {
  user: string;
  at: number;
  msgtype: string;
  content?: string;
  card?: TemplateCard;
  file?: ReceivedFile;
  /** The text was longer than 2048 bytes and was cut off, as WeCom does. */
  truncated?: boolean;
};

export type Attempt = { status?: number; timedOut?: boolean; error?: string; ms: number };
export type Delivery = { attempts: Attempt[]; acknowledged: boolean; msgId?: string };

type Media = { id: string; name: string; contentType: string; bytes: Buffer; createdAt: number };

const MEDIA_LIFE_MS = 3 * 24 * 3_600_000;

export class WecomSimulator {
  readonly crypto: WecomCrypto;
  readonly received: Received[] = [];
  /** Messages WeCom accepted but did not deliver (over 30/min or 1000/h for the member). */
  readonly dropped: Received[] = [];
  /** Every API call, for assertions: gettoken, message/send, media/upload, media/get. */
  readonly calls: { api: string; errcode: number; at: number }[] = [];
  callbackUrl: string | undefined;
  /** How long a callback waits for the bot's 200 before WeCom gives up and delivers it again. */
  ackTimeoutMs: number;
  onReceive: ((r: Received) => void) | undefined;
  private readonly now: () => number;
  private readonly tokens = new Map<string, { expiresAt: number; invalid?: boolean }>();
  private readonly media = new Map<string, Media>();
  private readonly taskIds = new Set<string>();
  private readonly deliveredAt = new Map<string, number[]>();
  private server: http.Server | undefined;
  private url = '';
  private msgSeq = BigInt(7_000_000_000_000_000_000n);

  constructor(private readonly options: SimulatorOptions) {
    this.crypto = new WecomCrypto({ token: options.token, encodingAesKey: options.encodingAesKey, receiveId: options.corpId });
    this.callbackUrl = options.callbackUrl;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** Starts the API server on 127.0.0.1 (a free port); resolves to its base URL (WECOM_API_BASE). */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  get apiBase(): string {
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // What users received ----------------------------------------------------------------------------

  receivedBy(user: string): Received[] {
    return this.received.filter((r) => r.user === user);
  }

  /** Waits until `predicate` holds for the user's received messages (polling), or throws. */
  async waitFor(user: string, predicate: (msgs: Received[]) => boolean, timeoutMs = 10_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const msgs = this.receivedBy(user);
      if (predicate(msgs)) return msgs;
      if (Date.now() > until) throw new Error(`timed out; ${user} received: ${JSON.stringify(msgs.map(show))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The most messages one user received within any 60-second window. */
  maxPerMinute(user: string): number {
    const times = this.receivedBy(user).map((r) => r.at).sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 60_000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  // Tokens ------------------------------------------------------------------------------------------

  /** Every token issued so far now answers 42001 (access_token expired). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, this.now() - 1);
  }

  /** Every token issued so far now answers 40014 (invalid access_token). */
  invalidateTokens(): void {
    for (const t of this.tokens.values()) t.invalid = true;
  }

  /** Ages every uploaded file past its 3-day media_id life. */
  expireMedia(): void {
    for (const m of this.media.values()) m.createdAt = this.now() - MEDIA_LIFE_MS - 1;
  }

  // Callbacks ---------------------------------------------------------------------------------------

  /** The admin console's "保存": GET verification with an encrypted echostr; returns the answer. */
  async verifyUrl(echo = String(BigInt.asUintN(63, BigInt(`0x${randomBytes(8).toString('hex')}`)))): Promise<{ status: number; body: string; echo: string }> {
    const encrypt = this.crypto.encrypt(echo);
    const q = this.signedQuery(encrypt);
    const res = await fetch(`${this.target()}?${q}&echostr=${encodeURIComponent(encrypt)}`);
    return { status: res.status, body: await res.text(), echo };
  }

  nextMsgId(): string {
    this.msgSeq += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.msgSeq.toString();
  }

  /** The user types a text message. */
  sendText(user: string, text: string, opts: { msgId?: string } = {}): Promise<Delivery> {
    const msgId = opts.msgId ?? this.nextMsgId();
    return this.deliver(this.inner(user, 'text', `<Content>${cdata(text)}</Content><MsgId>${msgId}</MsgId>`), msgId);
  }

  /** An event (enter_agent, subscribe…) from the user. */
  sendEvent(user: string, event: string, extra: Record<string, string> = {}, createTime?: number): Promise<Delivery> {
    const fields = Object.entries(extra).map(([k, v]) => `<${k}>${cdata(v)}</${k}>`).join('');
    return this.deliver(this.inner(user, 'event', `<Event>${cdata(event)}</Event>${fields}`, createTime));
  }

  /** The user taps a button of a template card they received. */
  clickButton(user: string, card: TemplateCard, buttonText: string): Promise<Delivery> {
    const button = card.button_list.find((b) => b.text === buttonText || b.key === buttonText);
    if (!button) throw new Error(`no button "${buttonText}" on the card (${card.button_list.map((b) => b.text).join(', ')})`);
    return this.sendEvent(user, 'template_card_event', {
      EventKey: button.key,
      TaskId: card.task_id,
      CardType: card.card_type,
      ResponseCode: randomBytes(16).toString('hex'),
    });
  }

  /** The user sends a file: it is stored as media (for media/get) and announced by a callback. */
  sendFile(user: string, name: string, bytes: Uint8Array, contentType = 'application/octet-stream'): Promise<Delivery> {
    const id = this.storeMedia(name, contentType, Buffer.from(bytes));
    const msgId = this.nextMsgId();
    return this.deliver(this.inner(user, 'file', `<MediaId>${cdata(id)}</MediaId><FileName>${cdata(name)}</FileName><MsgId>${msgId}</MsgId>`), msgId);
  }

  /** The plaintext callback XML of a message from `user`. */
  inner(user: string, type: string, body: string, createTime = Math.floor(this.now() / 1000)): string {
    return `<xml><ToUserName>${cdata(this.options.corpId)}</ToUserName><FromUserName>${cdata(user)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata(type)}</MsgType>${body}<AgentID>${this.options.agentId}</AgentID></xml>`;
  }

  /** Encrypts and signs a plaintext callback: the query string and the POST body WeCom would send. */
  seal(xml: string, opts: { timestamp?: number; receiveId?: string } = {}): { query: string; body: string; encrypt: string } {
    const encrypt = this.crypto.encrypt(xml, undefined, opts.receiveId);
    const query = this.signedQuery(encrypt, opts.timestamp);
    const body = `<xml><ToUserName>${cdata(this.options.corpId)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt><AgentID>${cdata(this.options.agentId)}</AgentID></xml>`;
    return { query, body, encrypt };
  }

  /** POSTs a plaintext callback, sealed, with WeCom's retries. */
  deliver(xml: string, msgId?: string): Promise<Delivery> {
    const { query, body } = this.seal(xml);
    return this.post(query, body, msgId);
  }

  /** POSTs exactly this query and body (forged or replayed callbacks), with WeCom's retries. */
  async post(query: string, body: string, msgId?: string): Promise<Delivery> {
    const attempts: Attempt[] = [];
    const tries = 1 + (this.options.retries ?? 3);
    for (let i = 0; i < tries; i++) {
      const started = Date.now();
      try {
        const res = await fetch(`${this.target()}?${query}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/xml; charset=utf-8' },
          body,
          signal: AbortSignal.timeout(this.ackTimeoutMs),
        });
        await res.text();
        attempts.push({ status: res.status, ms: Date.now() - started });
        if (res.status === 200) return { attempts, acknowledged: true, ...(msgId ? { msgId } : {}) };
      } catch (error) {
        const timedOut = (error as { name?: string }).name === 'TimeoutError';
        attempts.push({ timedOut, error: timedOut ? undefined : String(error), ms: Date.now() - started });
      }
    }
    return { attempts, acknowledged: false, ...(msgId ? { msgId } : {}) };
  }

  private signedQuery(encrypt: string, timestamp = Math.floor(this.now() / 1000)): string {
    const nonce = String(Math.floor(Math.random() * 1e10));
    const sig = this.crypto.signature(String(timestamp), nonce, encrypt);
    return `msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`;
  }

  private target(): string {
    if (!this.callbackUrl) throw new Error('WecomSimulator: callbackUrl is not set');
    return this.callbackUrl;
  }

  private storeMedia(name: string, contentType: string, bytes: Buffer): string {
    const id = `3${randomBytes(24).toString('base64url')}`;
    this.media.set(id, { id, name, contentType, bytes, createdAt: this.now() });
    return id;
  }

  // The API server ----------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size <= 21 * 1024 * 1024) chunks.push(c);
    }
    const body = Buffer.concat(chunks);
    const json = (api: string, value: Record<string, unknown>) => {
      const errcode = Number(value.errcode ?? 0);
      this.calls.push({ api, errcode, at: this.now() });
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ errmsg: errcode === 0 ? 'ok' : 'error', ...value, errcode }));
    };
    try {
      switch (url.pathname) {
        case '/cgi-bin/gettoken':
          return json('gettoken', this.gettoken(url));
        case '/cgi-bin/message/send': {
          const bad = this.tokenError(url);
          if (bad) return json('message/send', bad);
          return json('message/send', this.send(body));
        }
        case '/cgi-bin/media/upload': {
          const bad = this.tokenError(url);
          if (bad) return json('media/upload', bad);
          return json('media/upload', this.upload(req.headers['content-type'] ?? '', body, size));
        }
        case '/cgi-bin/media/get': {
          const bad = this.tokenError(url);
          if (bad) return json('media/get', bad);
          const m = this.media.get(url.searchParams.get('media_id') ?? '');
          if (!m || this.now() - m.createdAt > MEDIA_LIFE_MS) return json('media/get', { errcode: 40007, errmsg: 'invalid media_id' });
          this.calls.push({ api: 'media/get', errcode: 0, at: this.now() });
          res.writeHead(200, {
            'Content-Type': m.contentType,
            'Content-Length': String(m.bytes.length),
            'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(m.name)}`,
          });
          res.end(m.bytes);
          return;
        }
        default:
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('not found');
      }
    } catch (error) {
      json(url.pathname, { errcode: -1, errmsg: `system error: ${String(error)}` });
    }
  }

  private gettoken(url: URL): Record<string, unknown> {
    if (url.searchParams.get('corpid') !== this.options.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
    if (url.searchParams.get('corpsecret') !== this.options.secret) return { errcode: 40001, errmsg: 'invalid credential' };
    const token = randomBytes(48).toString('base64url');
    const ttl = this.options.tokenTtlSeconds ?? 7200;
    this.tokens.set(token, { expiresAt: this.now() + ttl * 1000 });
    return { errcode: 0, access_token: token, expires_in: ttl };
  }

  private tokenError(url: URL): Record<string, unknown> | undefined {
    const token = url.searchParams.get('access_token');
    if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
    const t = this.tokens.get(token);
    if (!t || t.invalid) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (t.expiresAt <= this.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    return undefined;
  }

  private send(body: Buffer): Record<string, unknown> {
    let msg: Record<string, any>;
    try {
      msg = JSON.parse(body.toString('utf8')) as Record<string, any>;
    } catch {
      return { errcode: 47001, errmsg: 'data format error' };
    }
    if (String(msg.agentid) !== this.options.agentId) return { errcode: 40056, errmsg: 'invalid agentid' };
    const users = String(msg.touser ?? '').split('|').filter(Boolean);
    if (users.length === 0) return { errcode: 40058, errmsg: 'touser is empty' };
    const known = this.options.users;
    const invalid = known ? users.filter((u) => !known.includes(u)) : [];
    const valid = users.filter((u) => !invalid.includes(u));
    if (valid.length === 0) return { errcode: 81013, errmsg: 'user & party & tag all invalid', invaliduser: invalid.join('|') };
    const base = { at: this.now(), msgtype: String(msg.msgtype) };
    let item: Omit<Received, 'user'>;
    switch (msg.msgtype) {
      case 'text': {
        const content = msg.text?.content;
        if (typeof content !== 'string' || content.length === 0) return { errcode: 41009, errmsg: 'missing text content' };
        const truncated = utf8Bytes(content) > MAX_TEXT_BYTES;
        item = { ...base, content: truncated ? cutBytes(content, MAX_TEXT_BYTES) : content, ...(truncated ? { truncated } : {}) };
        break;
      }
      case 'template_card': {
        const card = msg.template_card as TemplateCard | undefined;
        const problem = cardProblem(card, this.taskIds);
        if (problem) return { errcode: 40058, errmsg: `invalid template_card: ${problem}` };
        this.taskIds.add(card!.task_id);
        item = { ...base, card: card! };
        break;
      }
      case 'file': {
        const m = this.media.get(String(msg.file?.media_id ?? ''));
        if (!m || this.now() - m.createdAt > MEDIA_LIFE_MS) return { errcode: 40007, errmsg: 'invalid media_id' };
        item = { ...base, file: { mediaId: m.id, name: m.name, contentType: m.contentType, bytes: m.bytes } };
        break;
      }
      default:
        return { errcode: 40008, errmsg: 'invalid message type' };
    }
    for (const user of valid) {
      const r: Received = { user, ...item };
      const times = (this.deliveredAt.get(user) ?? []).filter((t) => t > this.now() - 3_600_000);
      const lastMinute = times.filter((t) => t > this.now() - 60_000).length;
      const limits = this.options.limits ?? { perMinute: 30, perHour: 1000 };
      if (lastMinute >= limits.perMinute || times.length >= limits.perHour) {
        this.dropped.push(r); // "超过部分会被丢弃不下发"
        continue;
      }
      times.push(this.now());
      this.deliveredAt.set(user, times);
      this.received.push(r);
      this.onReceive?.(r);
    }
    return { errcode: 0, invaliduser: invalid.join('|'), msgid: randomBytes(12).toString('hex'), ...(msg.msgtype === 'template_card' ? { response_code: randomBytes(16).toString('hex') } : {}) };
  }

  private upload(contentType: string, body: Buffer, size: number): Record<string, unknown> {
    if (size > 20 * 1024 * 1024) return { errcode: 40006, errmsg: 'invalid file size (max 20MB)' };
    const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
    if (!boundary) return { errcode: 44001, errmsg: 'empty media data (not multipart/form-data)' };
    const part = multipartPart(body, boundary, 'media');
    if (!part) return { errcode: 44001, errmsg: 'empty media data (no field "media")' };
    if (part.bytes.length <= 5) return { errcode: 40006, errmsg: 'invalid file size (must be > 5 bytes)' };
    if (!part.filename) return { errcode: 40058, errmsg: 'filename missing' };
    const id = this.storeMedia(part.filename, part.contentType, part.bytes);
    return { errcode: 0, type: 'file', media_id: id, created_at: String(Math.floor(this.now() / 1000)) };
  }
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

function cutBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (utf8Bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

function cardProblem(card: TemplateCard | undefined, taskIds: Set<string>): string | undefined {
  if (!card || card.card_type !== 'button_interaction') return 'card_type must be button_interaction';
  if (!card.task_id || !/^[A-Za-z0-9_\-@]{1,128}$/.test(card.task_id)) return 'task_id';
  if (taskIds.has(card.task_id)) return 'task_id already used';
  if (!card.main_title?.title && !card.sub_title_text) return 'main_title.title or sub_title_text is required';
  const buttons = card.button_list ?? [];
  if (buttons.length < 1 || buttons.length > MAX_BUTTONS) return `button_list needs 1..${MAX_BUTTONS} buttons`;
  if (buttons.some((b) => !b.text || !b.key || utf8Bytes(b.key) > 1024)) return 'every button needs text and a key of at most 1024 bytes';
  return undefined;
}

/** One field of a multipart/form-data body: bytes, file name (filename* preferred) and type. */
export function multipartPart(body: Buffer, boundary: string, field: string): { bytes: Buffer; filename?: string; contentType: string } | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const headStart = pos + delimiter.length + 2;
    const headEnd = body.indexOf('\r\n\r\n', headStart);
    if (headEnd < 0) return undefined;
    const head = body.subarray(headStart, headEnd).toString('utf8');
    const next = body.indexOf(delimiter, headEnd + 4);
    if (next < 0) return undefined;
    const bytes = body.subarray(headEnd + 4, next - 2);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    if (new RegExp(`name="${field}"`).test(disposition)) {
      const star = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
      const plain = /filename="([^"]*)"/.exec(disposition)?.[1];
      const filename = star ? decodeURIComponent(star) : plain;
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
      return { bytes: Buffer.from(bytes), ...(filename ? { filename } : {}), contentType };
    }
    pos = next;
  }
  return undefined;
}

function show(r: Received): string {
  if (r.content !== undefined) return r.content.slice(0, 80);
  if (r.card) return `[card] ${r.card.sub_title_text ?? r.card.main_title?.title ?? ''} {${r.card.button_list.map((b) => b.text).join('|')}}`;
  if (r.file) return `[file] ${r.file.name}`;
  return r.msgtype;
}
