// Sends one user's messages in order and never more than `limit` per `windowMs` to any user
// (企业微信 drops what a member receives beyond 30 a minute from one app): a message that would
// be the 31st waits until the oldest of the last 30 is a minute old. Each user has their own queue,
// so a paced user does not hold up the others.
export type Pace = { limit: number; windowMs: number };
export const WECOM_PACE: Pace = { limit: 30, windowMs: 60_000 };

export type OutboxOptions = {
  pace?: Pace;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  marginMs?: number;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class PacedOutbox {
  private readonly pace: Pace;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private pending = 0;
  /** Extra wait beyond the window, for clock granularity (default 200 ms). */
  private readonly marginMs: number;
  private idleWaiters: (() => void)[] = [];

  constructor(options: OutboxOptions = {}) {
    this.pace = options.pace ?? WECOM_PACE;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.marginMs = options.marginMs ?? 200;
  }

  /** Queues the sends for a user (in order, after anything already queued); resolves when all ran. */
  enqueue(user: string, sends: (() => Promise<void>)[]): Promise<void> {
    if (sends.length === 0) return this.queues.get(user) ?? Promise.resolve();
    if (this.sent.size > 10_000) this.forgetIdle();
    this.pending++;
    const previous = this.queues.get(user) ?? Promise.resolve();
    const run = previous.then(async () => {
      for (const send of sends) {
        await this.slot(user);
        try {
          await send();
        } finally {
          // WeCom counts a message when it arrives, which is before its answer comes back: count it
          // from the answer's time, so the window we keep is never shorter than the one WeCom sees.
          const times = this.sent.get(user);
          if (times && times.length > 0) times[times.length - 1] = this.now();
        }
      }
    });
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(user, tail);
    void tail.then(() => {
      if (this.queues.get(user) === tail) this.queues.delete(user);
      if (--this.pending === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
    return run;
  }

  /** Resolves when no send is queued or running. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops the counts of users with nothing sent within the window (memory stays bounded). */
  private forgetIdle(): void {
    const since = this.now() - this.pace.windowMs;
    for (const [user, times] of this.sent) if (!this.queues.has(user) && times.every((t) => t <= since)) this.sent.delete(user);
  }

  /** Waits until the user may receive one more message, and counts it. */
  private async slot(user: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const times = (this.sent.get(user) ?? []).filter((t) => t > now - this.pace.windowMs);
      if (times.length < this.pace.limit) {
        times.push(now);
        this.sent.set(user, times);
        return;
      }
      this.sent.set(user, times);
      await this.sleep(times[0] + this.pace.windowMs - now + this.marginMs);
    }
  }
}
