// Counts turns in flight so that shutdown can stop taking new ones and wait for the rest.
export class TurnTracker {
  #inFlight = 0;
  #draining = false;
  #idle: (() => void)[] = [];

  get inFlight(): number {
    return this.#inFlight;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Runs one turn; refuses (returns undefined without calling) once draining has begun. */
  async run<T>(turn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (this.#draining) return { ran: false };
    this.#inFlight++;
    try {
      return { ran: true, value: await turn() };
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
    }
  }

  /** Stops new turns and resolves when the running ones are done (true) or after the timeout (false). */
  drain(timeoutMs: number): Promise<boolean> {
    this.#draining = true;
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
