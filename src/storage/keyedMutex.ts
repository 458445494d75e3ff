// One holder per key at a time, waiters served in arrival order; different keys never wait for
// each other. A key is forgotten as soon as nobody holds or waits for it, so the map never grows
// with the number of keys ever seen.

export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier `run` on the same key has settled; resolves or rejects with `fn`. */
  run<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const prev = this.#tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = prev ? prev.then(() => done) : done;
    this.#tails.set(key, tail);
    const start = prev ?? Promise.resolve();
    return start.then(fn).finally(() => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  /** Holds several keys at once. Keys are taken in sorted order, so two callers never deadlock. */
  runAll<T>(keys: readonly string[], fn: () => T | Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const step = (i: number): Promise<T> =>
      i === sorted.length ? Promise.resolve().then(fn) : this.run(sorted[i], () => step(i + 1));
    return step(0);
  }

  /** True while someone holds or waits for `key`. */
  isLocked(key: string): boolean {
    return this.#tails.has(key);
  }

  /** Number of keys currently held or waited for (0 when idle: nothing leaks). */
  get size(): number {
    return this.#tails.size;
  }
}
