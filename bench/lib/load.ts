// The load generator: N conversations, each sending its script of messages one after another
// (the next one once the previous turn is answered), up to `concurrency` conversations at once,
// against POST /api/messages, with replies going to a local channel stub.
//
// Turn latency = from writing the POST to receiving the HTTP response. CloudAdapter sends the
// bot's replies to the channel (and waits for the channel's 200) before it answers the POST, so
// by then every reply of the turn has reached the stub; each turn is checked to have received at
// least one reply before its response (`noReply` counts those that did not).
import type { ChannelStub } from './channel.js';
import type { HttpClient } from './client.js';

export type ActivityOptions = { channelId: string; serviceUrl: string; conversationId: string; userId: string };

let activitySeq = 0;

/** What every activity the load generator sends carries: ids, channel, conversation, sender, locale. */
function envelope(o: ActivityOptions, type: string): Record<string, unknown> {
  return {
    type,
    id: `a${++activitySeq}`,
    channelId: o.channelId,
    serviceUrl: o.serviceUrl,
    conversation: { id: o.conversationId },
    from: { id: o.userId, name: '测试用户' },
    recipient: { id: 'bot', name: '绩效自评助手' },
    locale: 'zh-CN',
  };
}

export function messageActivity(o: ActivityOptions, text: string): Record<string, unknown> {
  return { ...envelope(o, 'message'), text, timestamp: new Date().toISOString() };
}

export function conversationUpdateActivity(o: ActivityOptions): Record<string, unknown> {
  return { ...envelope(o, 'conversationUpdate'), membersAdded: [{ id: o.userId, name: '测试用户' }] };
}

export type LoadOptions = {
  /** Base URL of the bot server. */
  url: string;
  channel: ChannelStub;
  client: HttpClient;
  conversations: number;
  /** Conversations in flight at once (default: all of them). */
  concurrency?: number;
  /** The messages conversation i sends, in order. */
  script: (i: number) => readonly string[];
  /** Makes conversation and user ids unique across runs. */
  prefix: string;
  channelId?: string;
  /** Send a conversationUpdate (membersAdded) first, timed as a turn (default true). */
  greet?: boolean;
  /** Stop starting new turns after this long (the run stops by itself). */
  deadlineMs?: number;
  /** Called after each acknowledged turn (a 2xx with a reply). */
  onAck?: (conversation: number, turn: number) => void;
};

export type LoadResult = {
  /** Turns answered (any status): the greeting conversationUpdate and every message. */
  turns: number;
  latenciesMs: number[];
  wallMs: number;
  turnsPerSecond: number;
  /** Responses by status code, when not 200. */
  statuses: Record<number, number>;
  /** Activities the bot sent to the channel per turn. */
  repliesPerTurn: number;
  /** Turns answered 2xx whose replies had not reached the channel before the response. */
  noReply: number;
  /** Requests that failed at the socket level (refused, reset, timed out). */
  networkErrors: number;
  firstError?: string;
};

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const channelId = o.channelId ?? 'msteams';
  const endpoint = `${o.url}/api/messages`;
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let noReply = 0;
  let networkErrors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + (o.deadlineMs ?? 10 * 60_000);

  const conversation = async (i: number) => {
    const ids: ActivityOptions = { channelId, serviceUrl: o.channel.url, conversationId: `${o.prefix}-c${i}`, userId: `${o.prefix}-u${i}` };
    const texts = o.script(i);
    // Turn -1 is the conversationUpdate that greets (a turn like any other: the bot answers it).
    const first = (o.greet ?? true) ? -1 : 0;
    try {
      for (let t = first; t < texts.length; t++) {
        if (performance.now() > deadline) return;
        const before = o.channel.count(ids.conversationId);
        const activity = t < 0 ? conversationUpdateActivity(ids) : messageActivity(ids, texts[t]);
        const r = await o.client.post(endpoint, activity);
        latenciesMs.push(r.ms);
        if (r.status !== 200) {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          firstError ??= `turn ${t} (${t < 0 ? 'conversationUpdate' : JSON.stringify(texts[t]).slice(0, 40)}) ${r.status}: ${r.body.slice(0, 200)}`;
          continue;
        }
        if (o.channel.count(ids.conversationId) <= before) noReply++;
        else if (t >= 0) o.onAck?.(i, t);
      }
    } catch (error) {
      networkErrors++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  };

  const started = performance.now();
  const repliesBefore = o.channel.total();
  let next = 0;
  const worker = async () => {
    while (next < o.conversations) await conversation(next++);
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? o.conversations, o.conversations) }, worker));
  const wallMs = performance.now() - started;
  return {
    turns: latenciesMs.length,
    latenciesMs,
    wallMs,
    turnsPerSecond: latenciesMs.length / (wallMs / 1000),
    repliesPerTurn: (o.channel.total() - repliesBefore) / Math.max(1, latenciesMs.length),
    statuses,
    noReply,
    networkErrors,
    firstError,
  };
}
