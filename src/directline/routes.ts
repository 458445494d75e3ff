// A Direct Line 3.0 subset, enough for Bot Framework Web Chat with `webSocket: false` (polling):
//   POST /v3/directline/tokens/generate, /tokens/refresh, /conversations
//   GET  /v3/directline/conversations/:id            (reconnect)
//   GET  /v3/directline/conversations/:id/activities?watermark=
//   POST /v3/directline/conversations/:id/activities
//   POST /v3/directline/conversations/:id/upload     (multipart: an `activity` part and files)
//   GET  /v3/directline/attachments/:id/:name        (the uploaded files, kept on disk for a while)
// and, for the bot's replies, the Bot Connector routes under a secret serviceUrl:
//   POST /v3/directline/connector/:key/v3/conversations/:cid/activities[/:replyToId]
//
// Activities reach the bot over real HTTP: POST <this server>/api/messages, with `serviceUrl`
// pointing back at the connector routes, so CloudAdapter answers with real HTTP POSTs that are
// stored here and polled by the page. Why not in-process: the bot is then exercised exactly as a
// channel drives it (body checks, authentication, turn serialisation, per-turn logs, replies through
// the connector client), and the Direct Line stays a separate component that could run in another
// process. It costs two loopback requests per turn (~1 ms). It only works when /api/messages is
// unauthenticated, so the Direct Line is mounted in local mode only (config.webchat).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Server } from 'restify';
import { z } from 'zod';
import { M } from '../../dialogs/messages/zh-CN.js';
import { readBody, readJson } from '../server/body.js';
import { bearerToken, sendActivityBodyError, sendError, sendJson } from '../server/http.js';
import { idHash, type Logger } from '../server/logger.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { random, type ConversationStore, type DlConversation } from './store.js';

export const DIRECTLINE_BOT = { id: 'jixiao-bot', name: '绩效自评助手', role: 'bot' } as const;
export const CHANNEL_ID = 'directline';

export type DirectLineOptions = {
  store: ConversationStore;
  logger: Logger;
  /** Limit for JSON bodies from the page. */
  maxBodyBytes: number;
  /** Limit for one upload request (all its files). */
  uploadMaxBytes: number;
  /** This server's own address as the bot reaches it, e.g. http://127.0.0.1:3978 (known after listen). */
  selfUrl: () => string;
  /** The address the browser and the bot use for uploaded files. */
  publicBaseUrl: () => string;
  /** How long a post waits for the bot's turn to finish. */
  turnTimeoutMs?: number;
};

type Req = IncomingMessage & { params?: Record<string, string> };
type Handler = (req: Req, res: ServerResponse) => Promise<void>;

const UserId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_\-.:@]+$/);

const StartBody = z
  .looseObject({
    user: z.looseObject({ id: UserId.optional(), name: z.string().max(64).optional() }).optional(),
    locale: z.string().max(20).optional(),
  })
  .optional();

const PageActivity = z.looseObject({
  type: z.enum(['message', 'event', 'typing'], { error: 'activity.type must be message, event or typing' }),
  text: z.string().max(20_000).optional(),
});

/** Upload types echoed back as they came; anything else is served as application/octet-stream. */
const SAFE_TYPES = new Set([
  'text/plain',
  'application/json',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'image/png',
  'image/jpeg',
  'image/gif',
]);

/** Fields the page may set on an activity; identity, conversation and serviceUrl are ours. */
const PAGE_FIELDS = ['type', 'text', 'textFormat', 'channelData', 'value', 'name', 'locale', 'localTimestamp', 'localTimezone', 'entities', 'replyToId'] as const;

export function mountDirectLine(server: Server, options: DirectLineOptions): { connectorKey: string; serviceUrl: () => string } {
  const { store, logger, maxBodyBytes, uploadMaxBytes } = options;
  const turnTimeoutMs = options.turnTimeoutMs ?? 60_000;
  const connectorKey = random(24);
  const serviceUrl = () => `${options.selfUrl()}/v3/directline/connector/${connectorKey}`;
  const base = '/v3/directline';

  const wrap =
    (handler: Handler) =>
    async (req: Req, res: ServerResponse): Promise<void> => {
      try {
        await handler(req, res);
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'direct line request failed');
        if (!res.headersSent) sendError(res, 500, 'internal_error', 'the request could not be processed');
      }
    };
  const route = (method: 'get' | 'post' | 'put' | 'del', path: string, handler: Handler) =>
    (server[method] as (path: string, h: Handler) => void).call(server, path, wrap(handler));

  const describe = (conv: DlConversation) => ({
    conversationId: conv.id,
    token: conv.token,
    expires_in: Math.max(0, Math.round((conv.tokenExpiresAt - Date.now()) / 1000)),
  });

  /** The conversation named in the path, answering 404 (unknown) or 403 (wrong token) itself. */
  const conversationFor = (req: Req, res: ServerResponse): DlConversation | undefined => {
    const conv = store.get(req.params?.id ?? '');
    if (!conv) {
      sendError(res, 404, 'not_found', 'unknown or expired conversation');
      return undefined;
    }
    if (!store.tokenValidFor(conv, bearerToken(req.headers.authorization))) {
      sendError(res, 403, 'forbidden', 'missing, invalid or expired token');
      return undefined;
    }
    return conv;
  };

  const toBot = (conv: DlConversation, activity: Partial<Activity>): Promise<number> => {
    const run = conv.queue.then(async () => {
      const response = await fetch(`${options.selfUrl()}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ ...activity, serviceUrl: serviceUrl() }),
        signal: AbortSignal.timeout(turnTimeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) logger.warn({ conv: idHash(conv.id), status: response.status }, 'the bot refused an activity');
      return response.status;
    });
    conv.queue = run.catch(() => undefined);
    return run;
  };

  const stamp = (conv: DlConversation, activity: Partial<Activity>): Partial<Activity> => ({
    ...activity,
    timestamp: new Date(),
    channelId: CHANNEL_ID,
    conversation: { id: conv.id } as Activity['conversation'],
    from: { id: conv.user.id, name: conv.user.name, role: 'user' } as Activity['from'],
    recipient: { ...DIRECTLINE_BOT },
  });

  const start = (conv: DlConversation) => {
    if (conv.started) return;
    conv.started = true;
    const update = stamp(conv, { type: 'conversationUpdate', membersAdded: [{ id: conv.user.id, name: conv.user.name } as Activity['from']], locale: conv.locale });
    update.id = store.nextActivityId(conv);
    toBot(conv, update).catch((error: unknown) =>
      logger.warn({ conv: idHash(conv.id), err: error instanceof Error ? error.message : String(error) }, 'could not tell the bot about a new conversation'),
    );
  };

  /** Stores the user's activity (the page polls it back as the echo) and waits for the bot's turn. */
  const post = async (conv: DlConversation, activity: Partial<Activity>, res: ServerResponse) => {
    const stored = store.append(conv, stamp(conv, activity));
    try {
      const status = await toBot(conv, stored);
      if (status >= 200 && status < 300) sendJson(res, 200, { id: stored.id });
      else sendError(res, 502, 'bot_error', `the bot answered ${status}`);
    } catch (error) {
      logger.warn({ conv: idHash(conv.id), err: error instanceof Error ? error.message : String(error) }, 'could not reach the bot');
      sendError(res, 502, 'bot_unreachable', 'the bot did not answer');
    }
  };

  /** A message from the bot into the conversation, straight from the Direct Line (no turn). */
  const notify = (conv: DlConversation, text: string) =>
    store.append(conv, {
      type: 'message',
      text,
      timestamp: new Date(),
      channelId: CHANNEL_ID,
      conversation: { id: conv.id } as Activity['conversation'],
      from: { ...DIRECTLINE_BOT },
      recipient: { id: conv.user.id, name: conv.user.name, role: 'user' } as Activity['recipient'],
    });

  const newUser = (given?: { id?: string; name?: string }) => ({ id: given?.id ?? `u_${random(12)}`, name: given?.name });

  // Page → Direct Line ---------------------------------------------------------------------------

  route('post', `${base}/tokens/generate`, async (req, res) => {
    const body = await optionalJson(req, res, maxBodyBytes);
    if (body === null) return;
    const parsed = StartBody.safeParse(body);
    if (!parsed.success) return sendError(res, 400, 'bad_request', 'user.id must be 1–64 letters, digits or _-.:@');
    const conv = store.create(newUser(parsed.data?.user), parsed.data?.locale);
    logger.debug({ conv: idHash(conv.id) }, 'direct line token generated');
    sendJson(res, 200, describe(conv));
  });

  route('post', `${base}/tokens/refresh`, async (req, res) => {
    const conv = store.byToken(bearerToken(req.headers.authorization));
    if (!conv) return sendError(res, 403, 'forbidden', 'missing, invalid or expired token');
    sendJson(res, 200, describe(store.refreshToken(conv)));
  });

  route('post', `${base}/conversations`, async (req, res) => {
    const token = bearerToken(req.headers.authorization);
    const body = await optionalJson(req, res, maxBodyBytes);
    if (body === null) return;
    const parsed = StartBody.safeParse(body);
    if (!parsed.success) return sendError(res, 400, 'bad_request', 'user.id must be 1–64 letters, digits or _-.:@');
    let conv: DlConversation | undefined;
    if (token) {
      conv = store.byToken(token);
      if (!conv) return sendError(res, 403, 'forbidden', 'invalid or expired token');
      if (!conv.locale && parsed.data?.locale) conv.locale = parsed.data.locale;
    } else {
      conv = store.create(newUser(parsed.data?.user), parsed.data?.locale);
    }
    const isNew = !conv.started;
    start(conv);
    logger.debug({ conv: idHash(conv.id), isNew }, 'direct line conversation started');
    sendJson(res, isNew ? 201 : 200, describe(conv));
  });

  route('get', `${base}/conversations/:id`, async (req, res) => {
    const conv = conversationFor(req, res);
    if (conv) sendJson(res, 200, describe(conv));
  });

  route('get', `${base}/conversations/:id/activities`, async (req, res) => {
    const conv = conversationFor(req, res);
    if (!conv) return;
    const watermark = new URL(req.url ?? '/', 'http://x').searchParams.get('watermark') ?? undefined;
    sendJson(res, 200, store.since(conv, watermark || undefined));
  });

  route('post', `${base}/conversations/:id/activities`, async (req, res) => {
    const conv = conversationFor(req, res);
    if (!conv) {
      req.resume();
      return;
    }
    const body = await readJson(req, maxBodyBytes);
    if (!body.ok) return sendActivityBodyError(res, body);
    const parsed = PageActivity.safeParse(body.value);
    if (!parsed.success) return sendError(res, 400, 'bad_request', parsed.error.issues.map((i) => i.message).join('; '));
    if (parsed.data.type === 'typing') return sendJson(res, 200, { id: store.nextActivityId(conv) });
    const activity: Partial<Activity> = {};
    for (const key of PAGE_FIELDS) if (parsed.data[key] !== undefined) (activity as Record<string, unknown>)[key] = parsed.data[key];
    await post(conv, activity, res);
  });

  /**
   * Reads an upload, stores its files on disk and returns the activity for the bot; answers an
   * error itself (and returns undefined). Its own function, so that the body is no longer
   * referenced while the bot's turn runs.
   */
  const receiveUpload = async (req: Req, res: ServerResponse, conv: DlConversation, boundary: string): Promise<Partial<Activity> | undefined> => {
    const body = await readUploadBody(req, uploadMaxBytes);
    if (!body.ok) {
      if (body.status === 413) {
        // Web Chat shows only that the upload failed: say what happened in the chat as well.
        const declared = Number(req.headers['content-length']);
        notify(conv, M.uploadTooLarge(Number.isFinite(declared) && declared > uploadMaxBytes ? declared : undefined, uploadMaxBytes));
        logger.info({ conv: idHash(conv.id), declared: Number.isFinite(declared) ? declared : undefined }, 'direct line upload over the limit');
      }
      return void sendError(res, body.status, body.status === 413 ? 'payload_too_large' : 'bad_request', body.message);
    }
    const parts = parseMultipart(body.bytes, boundary);
    if (!parts) return void sendError(res, 400, 'bad_request', 'malformed multipart body');
    let activity: Partial<Activity> = { type: 'message' };
    const activityPart = parts.find((p) => p.name === 'activity');
    if (activityPart) {
      let json: unknown;
      try {
        json = JSON.parse(activityPart.data.toString('utf8'));
      } catch {
        return void sendError(res, 400, 'bad_request', 'the activity part is not JSON');
      }
      const parsed = PageActivity.safeParse(json);
      if (!parsed.success || parsed.data.type !== 'message') return void sendError(res, 400, 'bad_request', 'the activity part must be a message');
      activity = {};
      for (const key of PAGE_FIELDS) if (parsed.data[key] !== undefined) (activity as Record<string, unknown>)[key] = parsed.data[key];
    }
    const files = parts.filter((p) => p.name !== 'activity' && p.filename !== undefined);
    if (files.length === 0) return void sendError(res, 400, 'bad_request', 'no file in the upload');
    const refusal = store.uploadRefusal(conv, files.length, files.reduce((n, f) => n + f.data.length, 0));
    if (refusal) {
      notify(conv, M.uploadQuota(refusal.maxFiles, refusal.maxBytes, refusal.retryMinutes));
      logger.info({ conv: idHash(conv.id), files: files.length }, 'direct line upload over the conversation quota');
      return void sendError(res, 413, 'payload_too_large', 'too many files in this conversation; try again later');
    }
    activity.attachments = [];
    for (const file of files) {
      const name = safeName(file.filename ?? 'file');
      const upload = await store.addUpload(conv, { name, contentType: file.contentType, bytes: file.data });
      activity.attachments.push({ contentType: file.contentType, contentUrl: `${options.publicBaseUrl()}${base}/attachments/${upload.id}/${encodeURIComponent(name)}`, name });
    }
    logger.debug({ conv: idHash(conv.id), files: files.length, bytes: body.bytes.length }, 'direct line upload');
    return activity;
  };

  route('post', `${base}/conversations/:id/upload`, async (req, res) => {
    const conv = conversationFor(req, res);
    if (!conv) {
      req.resume();
      return;
    }
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) {
      req.resume();
      return sendError(res, 400, 'bad_request', 'expected multipart/form-data');
    }
    // Over the conversation's quota already by its declared size: refused before the body is read.
    const declaredSize = Number(req.headers['content-length']);
    const early = Number.isInteger(declaredSize) && declaredSize <= uploadMaxBytes ? store.uploadRefusal(conv, 1, declaredSize) : undefined;
    if (early) {
      req.resume();
      notify(conv, M.uploadQuota(early.maxFiles, early.maxBytes, early.retryMinutes));
      logger.info({ conv: idHash(conv.id) }, 'direct line upload over the conversation quota');
      return sendError(res, 413, 'payload_too_large', 'too many files in this conversation; try again later');
    }
    const activity = await receiveUpload(req, res, conv, boundary);
    if (activity) await post(conv, activity, res);
  });

  route('get', `${base}/attachments/:id/:name`, async (req, res) => {
    const upload = store.getUpload(req.params?.id ?? '');
    const stream = upload && store.openUpload(upload);
    if (!upload || !stream) return sendError(res, 404, 'not_found', 'unknown or expired file');
    await new Promise<void>((resolve) => {
      stream.once('error', () => {
        if (!res.headersSent) sendError(res, 404, 'not_found', 'unknown or expired file');
        else res.destroy();
        resolve();
      });
      stream.once('open', () => {
        // A file someone uploaded, served from the page's origin: never rendered as a page.
        res.writeHead(200, {
          'Content-Type': SAFE_TYPES.has(upload.contentType.split(';')[0].trim().toLowerCase()) ? upload.contentType : 'application/octet-stream',
          'Content-Length': String(upload.size),
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(upload.name)}`,
          'Content-Security-Policy': 'sandbox',
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        stream.pipe(res);
      });
      stream.once('close', () => resolve());
    });
  });

  // Bot → Direct Line (Bot Connector API) -------------------------------------------------------

  const connector = `${base}/connector/:key/v3/conversations/:cid`;
  const connectorConversation = (req: Req, res: ServerResponse): DlConversation | undefined => {
    const conv = req.params?.key === connectorKey ? store.get(req.params?.cid ?? '') : undefined;
    if (!conv) sendError(res, 404, 'not_found', 'unknown conversation');
    return conv;
  };
  const fromBot = async (req: Req, res: ServerResponse, keepId?: string) => {
    const conv = connectorConversation(req, res);
    if (!conv) {
      req.resume();
      return;
    }
    const body = await readJson(req, Math.max(maxBodyBytes, uploadMaxBytes * 2));
    if (!body.ok) return sendError(res, body.status, 'bad_request', body.message);
    const parsed = z.looseObject({ type: z.string().min(1) }).safeParse(body.value);
    if (!parsed.success) return sendError(res, 400, 'bad_request', 'activity.type is missing');
    const { serviceUrl: _omit, ...activity } = parsed.data as Partial<Activity>;
    const stored = store.append(conv, {
      ...activity,
      id: keepId,
      timestamp: new Date(),
      channelId: CHANNEL_ID,
      conversation: { id: conv.id } as Activity['conversation'],
      from: activity.from ?? { ...DIRECTLINE_BOT },
      replyToId: activity.replyToId ?? (keepId ? undefined : req.params?.replyTo),
    });
    sendJson(res, 200, { id: stored.id });
  };
  route('post', `${connector}/activities`, (req, res) => fromBot(req, res));
  route('post', `${connector}/activities/:replyTo`, (req, res) => fromBot(req, res));
  route('put', `${connector}/activities/:replyTo`, (req, res) => fromBot(req, res, req.params?.replyTo));
  route('del', `${connector}/activities/:replyTo`, async (req, res) => {
    if (connectorConversation(req, res)) sendJson(res, 200, {});
  });
  route('get', `${connector}/members`, async (req, res) => {
    const conv = connectorConversation(req, res);
    if (conv) sendJson(res, 200, [{ id: conv.user.id, name: conv.user.name }, { id: DIRECTLINE_BOT.id, name: DIRECTLINE_BOT.name }]);
  });

  return { connectorKey, serviceUrl };
}

/**
 * An upload body, limited like readBody, but read into one buffer of the declared size (browsers
 * always send Content-Length with a FormData body): one copy of the file in memory, not two.
 */
async function readUploadBody(req: IncomingMessage, limit: number): Promise<Awaited<ReturnType<typeof readBody>>> {
  const declared = Number(req.headers['content-length']);
  if (!Number.isInteger(declared) || declared < 0 || declared > limit || req.headers['transfer-encoding']) return readBody(req, limit);
  const into = Buffer.allocUnsafe(declared);
  return new Promise((resolve) => {
    let size = 0;
    let done = false;
    const finish = (result: Awaited<ReturnType<typeof readBody>>) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      if (size + chunk.length > declared) {
        finish({ ok: false, status: 400, message: 'body longer than its Content-Length' });
        return;
      }
      chunk.copy(into, size);
      size += chunk.length;
    });
    req.on('end', () => finish(size === declared ? { ok: true, bytes: into } : { ok: false, status: 400, message: 'body shorter than its Content-Length' }));
    req.on('error', () => finish({ ok: false, status: 400, message: 'request body could not be read' }));
    req.on('aborted', () => finish({ ok: false, status: 400, message: 'request aborted' }));
  });
}

/** A JSON body that may be empty (→ undefined); answers 400/413 itself and returns null then. */
async function optionalJson(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  if (!body.ok) {
    sendError(res, body.status, body.status === 413 ? 'payload_too_large' : 'bad_request', body.message);
    return null;
  }
  if (body.bytes.length === 0) return undefined;
  try {
    return JSON.parse(body.bytes.toString('utf8'));
  } catch {
    sendError(res, 400, 'bad_request', 'malformed JSON');
    return null;
  }
}

/** The upload id in a URL this Direct Line gave out (…/v3/directline/attachments/<id>/<name>). */
export function uploadIdOf(url: URL): string | undefined {
  return /\/v3\/directline\/attachments\/([A-Za-z0-9_-]{24})\/[^/]*$/.exec(url.pathname)?.[1];
}

function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f]/g, '_').slice(0, 120);
  return cleaned || 'file';
}
