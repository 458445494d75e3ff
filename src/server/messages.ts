// POST /api/messages: the Bot Framework channel endpoint. The body is read with a size limit and
// checked before anything reaches the adapter: too large (error payload_too_large), malformed JSON,
// a non-object, an activity without type/conversation/from/serviceUrl, or an id the reply could not
// carry (control characters, invalid UTF-16, "."/"..", over 1024 characters; a conversation id
// beyond Latin-1) → 400. Then CloudAdapter authenticates (401
// for a missing or bad token when an app id is set) and runs the turn. One log line per turn.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { RequestAuthError, type ChannelAdapter } from './adapter.js';
import { readJson } from './body.js';
import { sendActivityBodyError, sendError, sendJson } from './http.js';
import { idHash, type Logger } from './logger.js';
import type { TurnTracker } from './turns.js';

/** Anything with ActivityHandler's `run`: the form bot, the echo bot. */
export type BotLike = { run(context: TurnContext): Promise<void> };

/**
 * An id the bot echoes back into URLs, headers and storage keys (conversation, user, activity): at
 * most 1024 characters, no control characters, valid UTF-16 (a lone surrogate cannot be encoded into
 * the reply's URL), and not "." or ".." (a URL path would resolve them away). Otherwise the caller
 * would get 200 and the reply would never go out. The conversation id also travels in a header of
 * every reply (x-ms-conversation-id), where only Latin-1 text fits.
 */
// eslint-disable-next-line no-control-regex
const BAD_ID_CHARS = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_HEADER_SAFE = /[^\t\x20-\x7e\x80-\xff]/;
const MAX_ID_LENGTH = 1024;
const safeId = (name: string, required: boolean, headerSafe = false) => {
  const base = z
    .string({ error: required ? `${name} is missing` : `${name} must be a string` })
    .max(MAX_ID_LENGTH, `${name} is longer than ${MAX_ID_LENGTH} characters`)
    .refine((v) => !BAD_ID_CHARS.test(v), `${name} holds control characters or invalid UTF-16`)
    .refine((v) => v !== '.' && v !== '..', `${name} cannot be "." or ".."`)
    .refine((v) => !headerSafe || !NOT_HEADER_SAFE.test(v), `${name} holds characters a reply cannot carry (only Latin-1)`);
  return required ? base.refine((v) => v.length > 0, `${name} is empty`) : base.optional();
};

const IncomingActivity = z.looseObject({
  type: z.string({ error: 'activity.type is missing' }).min(1, 'activity.type is empty'),
  channelId: safeId('activity.channelId', true),
  serviceUrl: z.url({ protocol: /^https?$/, error: 'activity.serviceUrl must be an http(s) URL' }),
  conversation: z.looseObject({ id: safeId('activity.conversation.id', true, true) }, { error: 'activity.conversation is missing' }),
  from: z.looseObject({ id: safeId('activity.from.id', true) }, { error: 'activity.from is missing' }),
  // Optional fields the bot reads: when present, of the type the Bot Framework schema gives them
  // (a wrongly typed one is a 400 here rather than a failed turn further on).
  id: safeId('activity.id', false),
  replyToId: safeId('activity.replyToId', false),
  text: z.string({ error: 'activity.text must be a string' }).optional(),
  locale: z.string({ error: 'activity.locale must be a string' }).optional(),
  recipient: z.looseObject({ id: safeId('activity.recipient.id', false) }, { error: 'activity.recipient must be an object' }).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string({ error: 'activity.attachments[].contentType must be a string' }) }), { error: 'activity.attachments must be an array of attachments' }).optional(),
  entities: z.array(z.looseObject({ type: z.string().optional() }), { error: 'activity.entities must be an array of objects' }).optional(),
  membersAdded: z.array(z.looseObject({ id: z.string({ error: 'activity.membersAdded[].id must be a string' }) }), { error: 'activity.membersAdded must be an array' }).optional(),
  membersRemoved: z.array(z.looseObject({ id: z.string({ error: 'activity.membersRemoved[].id must be a string' }) }), { error: 'activity.membersRemoved must be an array' }).optional(),
});

export type MessagesOptions = {
  adapter: ChannelAdapter;
  bot: BotLike;
  logger: Logger;
  maxBodyBytes: number;
  tracker: TurnTracker;
};

export function messagesHandler({ adapter, bot, logger, maxBodyBytes, tracker }: MessagesOptions) {
  const logic = (context: TurnContext) => bot.run(context);

  return async function postMessages(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const line = (status: number, activity?: Partial<Activity>, extra: Record<string, unknown> = {}) =>
      logger.info(
        {
          channel: activity?.channelId,
          conv: idHash(activity?.conversation?.id),
          type: activity?.type,
          ms: Math.round((performance.now() - started) * 10) / 10,
          status,
          ...extra,
        },
        'turn',
      );

    if (tracker.draining) {
      sendError(res, 503, 'shutting_down', 'the server is shutting down; retry later');
      line(503);
      return;
    }
    const body = await readJson(req, maxBodyBytes);
    if (!body.ok) {
      sendActivityBodyError(res, body);
      line(400, undefined, body.status === 413 ? { tooLarge: true } : {});
      return;
    }
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      sendError(res, 400, 'bad_request', 'the body must be a JSON object (an activity)');
      line(400);
      return;
    }
    const checked = IncomingActivity.safeParse(body.value);
    if (!checked.success) {
      const message = checked.error.issues.map((i) => i.message).join('; ');
      sendError(res, 400, 'bad_request', message);
      line(400, body.value as Partial<Activity>);
      return;
    }
    const activity = checked.data as unknown as Activity;
    logger.debug({ conv: idHash(activity.conversation.id), textLength: activity.text?.length ?? 0, attachments: activity.attachments?.length ?? 0 }, 'incoming activity');

    const authHeader = String(req.headers.authorization ?? '');
    try {
      const outcome = await tracker.run(() => adapter.handleIncoming(authHeader, activity, logic));
      if (!outcome.ran) {
        sendError(res, 503, 'shutting_down', 'the server is shutting down; retry later');
        line(503, activity);
        return;
      }
      const invoke = outcome.value;
      // An invoke nobody answered (CloudAdapter's 501: a redelivery, a failed turn) is acknowledged with 200.
      const status = activity.type === 'invoke' && (invoke?.status === undefined || invoke.status === 501) ? 200 : (invoke?.status ?? 200);
      if (status !== (invoke?.status ?? 200)) {
        res.writeHead(status, { 'Content-Length': '0' });
        res.end();
        line(status, activity);
        return;
      }
      if (invoke?.body === undefined) {
        res.writeHead(status, { 'Content-Length': '0' });
        res.end();
      } else {
        sendJson(res, status, invoke.body);
      }
      line(status, activity);
    } catch (error) {
      if (error instanceof RequestAuthError) {
        logger.warn({ status: error.status, reason: error.reason, channel: activity.channelId }, 'request not authenticated');
        if (error.status >= 500) sendError(res, 503, 'auth_unavailable', 'the token could not be checked; retry later');
        else sendError(res, error.status, 'unauthorized', 'a valid Bot Framework token is required');
        line(error.status >= 500 ? 503 : error.status, activity);
        return;
      }
      logger.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), conv: idHash(activity.conversation.id) }, 'turn crashed');
      sendError(res, 500, 'internal_error', 'the bot could not process the activity');
      line(500, activity);
    }
  };
}
