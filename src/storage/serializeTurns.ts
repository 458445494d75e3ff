// Middleware: one turn at a time per conversation. BotState reads at the start of a turn and
// writes at the end (with eTag '*', last writer wins), so two quick messages in one conversation
// would both start from the same state and one answer would be lost. Turns of a conversation are
// queued in arrival order; different conversations still run in parallel.
//
// A turn that awaits a nested turn of its own conversation (continueConversation inside a turn)
// runs the nested one inline instead of waiting for itself forever. The price: a task spawned by a
// turn that starts another turn of that conversation while the first is still running is not
// queued; once the spawning turn has ended, such turns queue normally.
//
// Register it FIRST (`adapter.use(new SerializeTurns())` before any other middleware), so that
// state loads and saves of other middleware happen inside the lock.
//
// Optional retry: with `retryOnConflict`, a turn that fails with an eTag conflict (another process
// wrote the state first; only possible with a state that writes real eTags) is run once more after
// reloading the given BotStates. Replies are held back until the turn has succeeded, so a retried
// turn never answers twice and a failed one never claims that something was saved.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Activity, BotState, Middleware, ResourceResponse, TurnContext } from 'botbuilder';
import { isETagConflict } from './errors.js';
import { KeyedMutex } from './keyedMutex.js';

export { KeyedMutex } from './keyedMutex.js';

export interface SerializeTurnsOptions {
  /**
   * Re-run a turn after an eTag conflict; `reload` are the states to re-read first; `attempts`
   * re-runs at most (default 1; several instances on one database may need a few more).
   */
  retryOnConflict?: { reload: BotState[]; attempts?: number };
  /** Which turns share a queue (default: channelId + conversation.id; undefined = no queue). */
  keyOf?: (context: TurnContext) => string | undefined;
  /** The lock table (default: one per middleware instance). */
  mutex?: KeyedMutex;
}

interface Held {
  key: string;
  active: boolean;
}

export function conversationKey(context: TurnContext): string | undefined {
  const { channelId, conversation } = context.activity ?? {};
  if (!conversation?.id) return undefined;
  return `${channelId ?? ''}\u0000${conversation.id}`;
}

export class SerializeTurns implements Middleware {
  readonly mutex: KeyedMutex;
  readonly #keyOf: (context: TurnContext) => string | undefined;
  readonly #retry: { reload: BotState[]; attempts?: number } | undefined;
  /** Locks held by the current async call chain: a nested turn of the same conversation runs inline. */
  readonly #held = new AsyncLocalStorage<readonly Held[]>();

  constructor(options: SerializeTurnsOptions = {}) {
    this.mutex = options.mutex ?? new KeyedMutex();
    this.#keyOf = options.keyOf ?? conversationKey;
    this.#retry = options.retryOnConflict;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = this.#keyOf(context);
    const outer = this.#held.getStore() ?? [];
    if (key === undefined || outer.some((h) => h.key === key && h.active)) return this.#turn(context, next);
    return this.mutex.run(key, async () => {
      const mine: Held = { key, active: true };
      try {
        return await this.#held.run([...outer, mine], () => this.#turn(context, next));
      } finally {
        // a timer set during the turn keeps this async context; once the turn is over, a turn it
        // starts must queue like any other
        mine.active = false;
      }
    });
  }

  async #turn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const retry = this.#retry;
    if (!retry) return next();

    let pending: Partial<Activity>[] | undefined = [];
    context.onSendActivities(async (_ctx, activities, sendNext): Promise<ResourceResponse[]> => {
      if (!pending) return sendNext();
      pending.push(...activities);
      return activities.map(() => ({ id: '' }));
    });
    let replies: Partial<Activity>[] = [];
    try {
      const attempts = Math.max(1, retry.attempts ?? 1);
      for (let attempt = 0; ; attempt++) {
        try {
          await next();
          break;
        } catch (err) {
          if (!isETagConflict(err) || attempt >= attempts) throw err;
          pending = [];
          for (const state of retry.reload) await state.load(context, true);
        }
      }
      replies = pending;
    } finally {
      // From here on sends go straight out (onTurnError's apology included); the replies of a
      // failed turn are dropped, since they may say that an unsaved answer was recorded.
      pending = undefined;
    }
    if (replies.length > 0) await context.sendActivities(replies);
  }
}
