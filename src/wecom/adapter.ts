// 企业微信 / 政务微信 self-built app (自建应用) as a botbuilder BotAdapter, so dialogs/bot.ts runs
// unchanged (the shape of the Slack/Webex/WeChat adapters: the channel's webhook in, its REST API out).
//
//   GET  /api/wecom   URL verification: signature checked, echostr decrypted, the plaintext answered.
//   POST /api/wecom   an encrypted callback. Signature, timestamp window, corp id, agent id and the
//                     ciphertext are checked first; anything wrong is refused with a 4xx and changes
//                     nothing. A valid callback is answered at once with an empty 200 (WeCom retries
//                     after 5 s without one), and the turn runs after that; its replies go out through
//                     message/send.
//
// Each callback is applied at most once: a seen-set (SeenStore) of MsgId, or user + CreateTime +
// event for events, drops WeCom's retries; activity.id carries the same key, for the bot's own
// at-most-once record. A user's forms are keyed by corp id + user id (conversation.id and from.id).
import type { WecomConfig } from '../config.js';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type Attachment,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { XMLParser } from 'fast-xml-parser';
import type { LinkStore as FileLinkStore } from '../files/store.js';
import { MAX_FILE_UPLOAD_BYTES, WecomApi, WecomApiError } from './api.js';
import { WecomCrypto, WecomCryptoError } from './crypto.js';
import { PacedOutbox, type Pace } from './outbox.js';
import { MemorySeenStore, type SeenStore, type TokenStore } from './stores.js';
import { menuChoice, planMessages, type Outgoing, type OutgoingFile } from './text.js';

export const WECOM_CHANNEL_ID = 'wecom';

/** The channel's settings: WECOM_* as src/config.ts reads and checks them. */
export type WecomSettings = WecomConfig;

type Log = { info(o: unknown, m?: string): void; warn(o: unknown, m?: string): void; error(o: unknown, m?: string): void };
const quiet: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type WecomAdapterOptions = {
  settings: WecomSettings;
  logger?: Log;
  /** Milliseconds since the epoch (tests inject a fake clock). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  tokenStore?: TokenStore;
  seenStore?: SeenStore;
  /** How long a callback key is remembered (default 1 h; WeCom retries within ~20 s). */
  seenTtlMs?: number;
  /** The store behind the bot's download links: exported files are read from it and uploaded. */
  fileStore?: FileLinkStore;
  /** Largest file a user may send (default 10 MB, as UPLOAD_MAX_BYTES). */
  uploadMaxBytes?: number;
  /** The largest callback body accepted (default 64 KB). */
  maxBodyBytes?: number;
  pace?: Pace;
  /** enter_agent greets at most once per user in this interval (default 10 minutes). */
  greetIntervalMs?: number;
  fetch?: typeof fetch;
  /** Runs each turn (the server's TurnTracker, so that shutdown waits for it). */
  track?: <T>(turn: () => Promise<T>) => Promise<unknown>;
  /** True while the server is shutting down: callbacks get 503 and WeCom delivers them again later. */
  draining?: () => boolean;
  /** Called when a turn is over and its replies were sent (metrics, the benchmark). */
  onTurnEnd?: (user: string, ms: number, outcome: 'ok' | 'failed') => void;
};

/** The decrypted callback: the XML fields as strings. */
export type WecomMessage = Record<string, string | undefined> & { FromUserName?: string; MsgType?: string };

export const M_WECOM = {
  unsupported: '目前只能处理文字和文件（本助手导出的 Word、文本或 JSON 表单）。请用文字回复，或发送文件。',
  fileTooLarge: (mb: number) => `文件太大（上限 ${mb} MB），没有读取。请压缩或删去无关内容后再发送。`,
  fileUnreadable: '没能取到您发送的文件，请重新发送一次。',
  fileTooLargeToSend: (name: string, url: string) => `文件「${name}」超过 20 MB，不能在企业微信中发送。请在浏览器中下载：${url}`,
  fileLink: (name: string, url: string) => `文件「${name}」请在浏览器中下载：${url}`,
  fileNotSent: (name: string) => `文件「${name}」没有发送成功。请稍后再发送“导出”。`,
  turnFailed: '出错了，请重试。如果一直出错，请发送“帮助”。',
};

const SENDING = Symbol('wecom-sending');
const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreDeclaration: true, ignoreAttributes: true, trimValues: true });

/** A refused request: the status and a short reason (logged; the body says little). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function parseXml(xml: string): Record<string, string | undefined> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Refusal(400, 'DTDs are not accepted');
  let parsed: unknown;
  try {
    parsed = parser.parse(xml, true);
  } catch {
    throw new Refusal(400, 'malformed XML');
  }
  const root = (parsed as { xml?: unknown } | undefined)?.xml;
  if (!root || typeof root !== 'object') throw new Refusal(400, 'no <xml> root');
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}

/** The key a callback is de-duplicated by: MsgId, or user + CreateTime + event (+ card task and button). */
export function callbackKey(corpId: string, msg: WecomMessage): string {
  if (msg.MsgId) return `${corpId}:msg:${msg.MsgId}`;
  return [corpId, 'ev', msg.FromUserName, msg.CreateTime, msg.Event, msg.TaskId, msg.EventKey].map((x) => x ?? '').join(':');
}

export class WecomAdapter extends BotAdapter {
  readonly api: WecomApi;
  readonly crypto: WecomCrypto;
  readonly outbox: PacedOutbox;
  private readonly settings: WecomSettings;
  private readonly log: Log;
  private readonly now: () => number;
  private readonly seen: SeenStore;
  private readonly menus = new Map<string, { options: string[]; at: number }>();
  private readonly greeted = new Map<string, number>();
  private readonly running = new Set<Promise<unknown>>();
  private taskSeq = 0;

  constructor(private readonly options: WecomAdapterOptions) {
    super();
    this.settings = options.settings;
    this.log = options.logger ?? quiet;
    this.now = options.now ?? Date.now;
    this.crypto = new WecomCrypto({ token: this.settings.token, encodingAesKey: this.settings.encodingAesKey, receiveId: this.settings.corpId });
    this.api = new WecomApi({
      apiBase: this.settings.apiBase,
      corpId: this.settings.corpId,
      secret: this.settings.secret,
      agentId: this.settings.agentId,
      tokenStore: options.tokenStore,
      now: this.now,
      fetch: options.fetch,
    });
    this.seen = options.seenStore ?? new MemorySeenStore(this.now);
    this.outbox = new PacedOutbox({ pace: options.pace, now: this.now, sleep: options.sleep });
  }

  // Inbound ----------------------------------------------------------------------------------------

  /** GET /api/wecom: URL verification. */
  async handleGet(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const q = query(req);
      // Base64 has no spaces: a '+' that arrived unencoded was decoded to ' ' by the query parser.
      const echostr = (q.get('echostr') ?? '').replace(/ /g, '+');
      this.checkRequest(q, echostr);
      const plain = this.decrypt(echostr);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(plain);
    } catch (error) {
      this.refuse(res, error, 'verify');
    }
  }

  /** POST /api/wecom: checks the callback, answers an empty 200 at once, then runs the turn. */
  async handlePost(req: IncomingMessage, res: ServerResponse, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let msg: WecomMessage;
    try {
      if (this.options.draining?.()) throw new Refusal(503, 'shutting down');
      const q = query(req);
      const body = await readLimited(req, this.options.maxBodyBytes ?? 65_536);
      const outer = parseXml(body);
      const encrypt = outer.Encrypt ?? '';
      this.checkRequest(q, encrypt);
      msg = parseXml(this.decrypt(encrypt)) as WecomMessage;
      if (msg.ToUserName !== undefined && msg.ToUserName !== this.settings.corpId) throw new Refusal(403, 'ToUserName is another corp');
      if (msg.AgentID !== undefined && msg.AgentID !== '' && msg.AgentID !== this.settings.agentId) throw new Refusal(403, 'AgentID is another app');
      if (!msg.FromUserName || !/^[\w.@-]{1,64}$/.test(msg.FromUserName)) throw new Refusal(400, 'FromUserName missing or malformed');
      if (!msg.MsgType) throw new Refusal(400, 'MsgType missing');
    } catch (error) {
      this.refuse(res, error, 'callback');
      return;
    }
    const key = callbackKey(this.settings.corpId, msg);
    let first: boolean;
    try {
      first = await this.seen.claim(key, this.options.seenTtlMs ?? 3_600_000);
    } catch (error) {
      // The seen-set is down: no 200, so WeCom delivers it again later.
      this.log.error({ err: String(error) }, 'wecom: seen-set unavailable');
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('');
    if (!first) {
      this.log.info({ type: msg.MsgType, event: msg.Event }, 'wecom: repeated callback ignored');
      return;
    }
    const turn = this.turn(msg, logic);
    const tracked = this.options.track ? this.options.track(() => turn) : turn;
    this.running.add(tracked);
    void tracked.then(
      () => this.running.delete(tracked),
      (error: unknown) => {
        this.running.delete(tracked);
        this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'wecom turn failed');
      },
    );
  }

  /** Resolves when every running turn has finished and its replies have been sent (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    await this.outbox.idle();
  }

  private checkRequest(q: URLSearchParams, encrypt: string): void {
    const timestamp = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    if (!/^\d{1,12}$/.test(timestamp) || !nonce || nonce.length > 64 || !encrypt) throw new Refusal(400, 'missing timestamp, nonce or ciphertext');
    if (!this.crypto.verify(q.get('msg_signature') ?? undefined, timestamp, nonce, encrypt)) throw new Refusal(403, 'bad msg_signature');
    const skew = Math.abs(this.now() / 1000 - Number(timestamp));
    if (skew > this.settings.maxSkewSeconds) throw new Refusal(403, `stale timestamp (${Math.round(skew)} s off)`);
  }

  private decrypt(encrypt: string): string {
    try {
      return this.crypto.decrypt(encrypt);
    } catch (error) {
      if (error instanceof WecomCryptoError) throw new Refusal(error.reason === 'receiveId' ? 403 : 400, error.message);
      throw error;
    }
  }

  private refuse(res: ServerResponse, error: unknown, what: string): void {
    const status = error instanceof Refusal ? error.status : 500;
    const reason = error instanceof Error ? error.message : String(error);
    if (status >= 500 && !(error instanceof Refusal)) this.log.error({ err: reason }, `wecom ${what} failed`);
    else this.log.warn({ status, reason }, `wecom ${what} refused`);
    if (res.headersSent) return;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(status === 503 ? 'busy' : 'refused');
  }

  // The turn ---------------------------------------------------------------------------------------

  private async turn(msg: WecomMessage, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const user = msg.FromUserName!;
    const started = performance.now();
    const line = (outcome: 'ok' | 'failed') => {
      const ms = performance.now() - started;
      this.log.info({ channel: WECOM_CHANNEL_ID, user: idHash(`${this.settings.corpId}:${user}`), type: msg.MsgType, event: msg.Event, ms: Math.round(ms), outcome }, 'turn');
      this.options.onTurnEnd?.(user, ms, outcome);
    };
    try {
      const activity = await this.toActivity(msg);
      if (!activity) return;
      if ('reply' in activity) {
        await this.deliver(user, [{ kind: 'text', content: activity.reply }]);
        return;
      }
      const context = new TurnContext(this, activity);
      const sending: Promise<void>[] = [];
      context.turnState.set(SENDING, sending);
      await this.runMiddleware(context, logic);
      // The replies were queued as the bot sent them (within SerializeTurns, so in turn order);
      // the turn is over when they have gone out.
      await Promise.all(sending);
      line('ok');
    } catch (error) {
      line('failed');
      this.log.error({ err: error instanceof Error ? error.message : String(error) }, 'wecom turn failed');
      await this.deliver(user, [{ kind: 'text', content: M_WECOM.turnFailed }]).catch(() => undefined);
    }
  }

  private reference(user: string): Partial<ConversationReference> {
    const id = `${this.settings.corpId}:${user}`;
    return {
      channelId: WECOM_CHANNEL_ID,
      serviceUrl: this.api.base,
      conversation: { id, isGroup: false, conversationType: 'personal', name: user },
      user: { id, name: user },
      bot: { id: `wecom-app-${this.settings.agentId}`, name: '绩效自评助手' },
    };
  }

  private base(user: string, id: string, createTime: string | undefined): Partial<Activity> {
    const ref = this.reference(user);
    const seconds = Number(createTime);
    return {
      channelId: ref.channelId,
      serviceUrl: ref.serviceUrl,
      conversation: ref.conversation as Activity['conversation'],
      from: ref.user,
      recipient: ref.bot,
      id,
      timestamp: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(this.now()),
      locale: 'zh-CN',
    };
  }

  /** The callback as an activity, a direct reply (unsupported content), or nothing (ignored events). */
  private async toActivity(msg: WecomMessage): Promise<Partial<Activity> | { reply: string } | undefined> {
    const user = msg.FromUserName!;
    const id = msg.MsgId ? msg.MsgId : [user, msg.CreateTime, msg.Event, msg.TaskId, msg.EventKey].filter((x) => x !== undefined && x !== '').join(':');
    const base = this.base(user, id, msg.CreateTime);
    const channelData = { msgType: msg.MsgType, event: msg.Event, agentId: msg.AgentID };
    switch (msg.MsgType) {
      case 'text': {
        let text = (msg.Content ?? '').slice(0, 4000);
        const chosen = menuChoice(text, this.menuOf(user));
        if (chosen !== undefined) text = chosen;
        return { ...base, type: ActivityTypes.Message, text, channelData };
      }
      case 'event': {
        const event = msg.Event ?? '';
        if (event === 'enter_agent' || event === 'subscribe') {
          const last = this.greeted.get(user);
          if (event === 'enter_agent' && last !== undefined && this.now() - last < (this.options.greetIntervalMs ?? 600_000)) return undefined;
          this.greeted.set(user, this.now());
          if (this.greeted.size > 100_000) this.greeted.clear();
          return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [base.from!], channelData };
        }
        if (event === 'template_card_event' && msg.EventKey) {
          return { ...base, type: ActivityTypes.Message, text: msg.EventKey.slice(0, 1024), channelData: { ...channelData, taskId: msg.TaskId } };
        }
        return undefined;
      }
      case 'file':
      case 'image': {
        if (!msg.MediaId) return { reply: M_WECOM.fileUnreadable };
        const max = this.options.uploadMaxBytes ?? 10 * 1024 * 1024;
        let media;
        try {
          media = await this.api.download(msg.MediaId, max);
        } catch (error) {
          this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'wecom media/get failed');
          return { reply: M_WECOM.fileUnreadable };
        }
        if ('tooLarge' in media) return { reply: M_WECOM.fileTooLarge(Math.floor(max / 1024 / 1024)) };
        const name = (msg.FileName || media.name || (msg.MsgType === 'image' ? 'image.jpg' : 'file')).slice(0, 200);
        const attachment: Attachment = {
          contentType: media.contentType || 'application/octet-stream',
          name,
          contentUrl: `data:${media.contentType || 'application/octet-stream'};base64,${Buffer.from(media.bytes).toString('base64')}`,
        };
        return { ...base, type: ActivityTypes.Message, text: '', attachments: [attachment], channelData };
      }
      default:
        return { reply: M_WECOM.unsupported };
    }
  }

  private menuOf(user: string): string[] | undefined {
    const menu = this.menus.get(user);
    if (!menu) return undefined;
    if (this.now() - menu.at > 24 * 3_600_000) {
      this.menus.delete(user);
      return undefined;
    }
    return menu.options;
  }

  // Outbound ---------------------------------------------------------------------------------------

  /**
   * One call carries all of a turn's replies (the bot sends them together after saving; SerializeTurns
   * holds them until the turn is over), so they are merged here into as few messages as possible and
   * queued at once. Inside a callback's turn the call returns without waiting for the pacing; the
   * turn waits for delivery after the middleware. Elsewhere (continueConversation) it waits.
   */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const user = this.userOf(context);
    if (user) {
      const delivery = this.deliver(user, this.plan(user, activities));
      const sending = context.turnState.get(SENDING) as Promise<void>[] | undefined;
      if (sending) sending.push(delivery);
      else await delivery;
    }
    return activities.map(() => ({ id: `wecom-${randomBytes(6).toString('hex')}` }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('企业微信 messages cannot be edited');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('企业微信 messages cannot be recalled by this adapter');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  private userOf(context: TurnContext): string | undefined {
    const id = context.activity.conversation?.id ?? '';
    const prefix = `${this.settings.corpId}:`;
    return id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
  }

  private plan(user: string, activities: Partial<Activity>[]): Outgoing[] {
    const texts: string[] = [];
    let suggestions: string[] = [];
    const files: OutgoingFile[] = [];
    for (const a of activities) {
      if (a.type !== undefined && a.type !== ActivityTypes.Message) continue;
      if (a.text) texts.push(a.text);
      const actions = a.suggestedActions?.actions ?? [];
      if (actions.length) suggestions = actions.map((x) => String(x.value ?? x.title ?? '')).filter(Boolean);
      for (const att of a.attachments ?? []) {
        if (att.contentType.startsWith('application/vnd.microsoft.card')) continue;
        if (att.contentUrl) files.push({ name: att.name ?? 'file', contentType: att.contentType, contentUrl: att.contentUrl });
      }
    }
    const planned = planMessages({ texts, suggestions, files }, { cards: this.settings.cards, taskId: () => this.taskId() });
    if (planned.menu) this.menus.set(user, { options: planned.menu, at: this.now() });
    else if (texts.length > 0) this.menus.delete(user);
    if (this.menus.size > 100_000) this.menus.clear();
    return planned.messages;
  }

  private taskId(): string {
    return `jx${this.now().toString(36)}${(++this.taskSeq).toString(36)}${randomBytes(4).toString('hex')}`;
  }

  /** Queues the messages for the user, paced; errors are logged (and a file that failed is said so). */
  deliver(user: string, messages: Outgoing[]): Promise<void> {
    return this.outbox.enqueue(
      user,
      messages.map((m) => () => this.sendOne(user, m)),
    );
  }

  private async sendOne(user: string, m: Outgoing): Promise<void> {
    try {
      if (m.kind === 'text') await this.api.send({ touser: user, msgtype: 'text', text: { content: m.content } });
      else if (m.kind === 'card') await this.api.send({ touser: user, msgtype: 'template_card', template_card: m.card });
      else await this.sendFile(user, m.file);
    } catch (error) {
      this.log.warn({ err: error instanceof Error ? error.message : String(error), kind: m.kind }, 'wecom send failed');
    }
  }

  private async sendFile(user: string, file: OutgoingFile): Promise<void> {
    const bytes = await this.fileBytes(file.contentUrl);
    const isLink = /^https?:\/\//.test(file.contentUrl);
    if (!bytes) {
      const content = isLink ? M_WECOM.fileLink(file.name, file.contentUrl) : M_WECOM.fileNotSent(file.name);
      await this.api.send({ touser: user, msgtype: 'text', text: { content } });
      return;
    }
    if (bytes.byteLength > MAX_FILE_UPLOAD_BYTES) {
      const content = isLink ? M_WECOM.fileTooLargeToSend(file.name, file.contentUrl) : M_WECOM.fileNotSent(file.name);
      await this.api.send({ touser: user, msgtype: 'text', text: { content } });
      return;
    }
    const doc = { name: file.name, contentType: file.contentType, bytes };
    let mediaId = await this.api.mediaIdFor(doc);
    try {
      await this.api.send({ touser: user, msgtype: 'file', file: { media_id: mediaId } });
    } catch (error) {
      // 40007: the media_id is unknown or expired (3 days): upload anew and send once more.
      if (!(error instanceof WecomApiError) || error.errcode !== 40007) throw error;
      mediaId = await this.api.mediaIdFor(doc, true);
      await this.api.send({ touser: user, msgtype: 'file', file: { media_id: mediaId } });
    }
  }

  /** The bytes behind a reply's file: a data: URL, or one of our own download links (read from the file store). */
  private async fileBytes(url: string): Promise<Uint8Array | undefined> {
    const data = /^data:[^;,]*;base64,(.*)$/s.exec(url);
    if (data) return new Uint8Array(Buffer.from(data[1], 'base64'));
    const token = /\/files\/([A-Za-z0-9_-]{43})\/[^/]*$/.exec(url)?.[1];
    if (!token || !this.options.fileStore) return undefined;
    const stored = await this.options.fileStore.get(token);
    return stored?.bytes;
  }
}

/** A short stable hash of a user id for logs (the id itself is not logged). */
function idHash(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

function query(req: IncomingMessage): URLSearchParams {
  // URLSearchParams percent-decodes (WeCom: "需要做Urldecode处理"); a '+' in base64 arrives as %2B.
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

function readLimited(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new Refusal(413, 'body too large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        reject(new Refusal(413, 'body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new Refusal(400, 'body could not be read')));
    req.on('aborted', () => reject(new Refusal(400, 'request aborted')));
  });
}
