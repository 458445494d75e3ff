// POST /api/messages: the Bot Framework channel endpoint. The body is read with a size limit and
// checked before anything reaches the adapter: too large (error payload_too_large), malformed JSON,
// a non-object or an activity without type/conversation/from/serviceUrl → 400. Then CloudAdapter authenticates (401
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

const IncomingActivity = z.looseObject({
  type: z.string({ error: 'activity.type is missing' }).min(1, 'activity.type is empty'),
  channelId: z.string({ error: 'activity.channelId is missing' }).min(1, 'activity.channelId is empty'),
  serviceUrl: z.url({ protocol: /^https?$/, error: 'activity.serviceUrl must be an http(s) URL' }),
  conversation: z.looseObject({ id: z.string({ error: 'activity.conversation.id is missing' }).min(1, 'activity.conversation.id is empty') }, { error: 'activity.conversation is missing' }),
  from: z.looseObject({ id: z.string({ error: 'activity.from.id is missing' }).min(1, 'activity.from.id is empty') }, { error: 'activity.from is missing' }),
  // Optional fields the bot reads: when present, of the type the Bot Framework schema gives them
  // (a wrongly typed one is a 400 here rather than a failed turn further on).
  id: z.string({ error: 'activity.id must be a string' }).optional(),
  text: z.string({ error: 'activity.text must be a string' }).optional(),
  locale: z.string({ error: 'activity.locale must be a string' }).optional(),
  recipient: z.looseObject({ id: z.string().optional() }, { error: 'activity.recipient must be an object' }).optional(),
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
      const status = invoke?.status ?? 200;
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
