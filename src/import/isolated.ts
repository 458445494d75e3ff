// Reads uploaded files in worker threads, so that no file — a zip bomb, a parser bug, an XML that
// takes forever — can take the server down. Each worker runs under V8 resource limits (its heap is
// capped) and each file under a wall-clock limit; a worker that runs out of memory, crashes or
// overruns is terminated and replaced, and the caller gets a typed failure with a message for the
// user. Workers are kept warm between files (a pool, at most `maxWorkers`), so a normal import pays
// only the copy of its bytes to the worker and back: 7–15 ms more than in-process on a loaded
// 2-core machine, where a worker per file would add 0.6–2 s of loading to every import.
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { DocumentImporter, FormImportResult, IncomingFile } from '../../dialogs/ports.js';
import { fileTooLarge, LIMIT_MESSAGES, MAX_FILE_BYTES, MAX_PARSE_WORKERS, PARSE_TIMEOUT_MS, WORKER_HEAP_MB, WORKER_YOUNG_MB, type LimitKind } from './limits.js';
import type { ParseJob, WorkerMessage } from './parseWorker.js';

export type IsolatedOptions = {
  /** Wall-clock limit per file, from the moment a ready worker takes it. */
  timeoutMs?: number;
  /** Old-generation heap cap of each worker, MB. */
  heapMb?: number;
  youngMb?: number;
  /** Workers reading at the same time (default MAX_PARSE_WORKERS). */
  maxWorkers?: number;
  /** Files waiting for a worker; one more is refused as busy. */
  maxQueue?: number;
  /** An idle worker is ended after this long (a new one starts with the next file). */
  idleMs?: number;
  /** How long a new worker may take to load before it counts as crashed. */
  startTimeoutMs?: number;
  /** Told about every failure (kind, file name, detail); never about the file's contents. */
  onFailure?: (failure: { kind: IsolatedFailureKind; name: string; detail?: string }) => void;
};

export type IsolatedFailureKind = Extract<LimitKind, 'timeout' | 'memory' | 'crashed' | 'busy'>;

/** The worker's answer, or why there is none. */
export type IsolatedOutcome = { ok: true; result: FormImportResult } | { ok: false; kind: IsolatedFailureKind; message: string };

type Job = {
  id: number;
  file: IncomingFile;
  resolve: (outcome: IsolatedOutcome) => void;
  /** Ends the wait in the queue (a file waits at most timeoutMs for a worker, then is refused as busy). */
  waiting?: NodeJS.Timeout;
};

type Slot = {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  dead: boolean;
};

const here = import.meta.url;

let heapFlagsReleased = false;
/**
 * V8's heap-size flags are process-wide and win over a worker's resourceLimits: under `npm start`
 * (--max-old-space-size=320) a worker would get a 344 MB heap instead of WORKER_HEAP_MB. Setting
 * them back to 0 (unset) once the main heap is configured leaves the main heap's limit as it is
 * and lets each worker's own limits hold (test/security/docx-bomb-server.test.ts checks both).
 */
function releaseHeapFlags(): void {
  if (heapFlagsReleased) return;
  heapFlagsReleased = true;
  v8.setFlagsFromString('--max-old-space-size=0');
  v8.setFlagsFromString('--max-semi-space-size=0');
}

/** Starts the worker: the compiled parseWorker.js next to this file (`npm start`), or the .ts source through tsx (vitest, tsx). */
function spawnWorker(resourceLimits: ResourceLimits): Worker {
  releaseHeapFlags();
  const limits = { resourceLimits };
  if (!here.endsWith('.ts')) return new Worker(new URL('./parseWorker.js', here), limits);
  const require = createRequire(here);
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./parseWorker.ts', here).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
  return new Worker(code, { ...limits, eval: true });
}

export class IsolatedImporter implements DocumentImporter {
  private readonly timeoutMs: number;
  private readonly heapMb: number;
  private readonly youngMb: number;
  private readonly maxWorkers: number;
  private readonly maxQueue: number;
  private readonly idleMs: number;
  private readonly startTimeoutMs: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private keepWarm = false;

  constructor(private readonly options: IsolatedOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? PARSE_TIMEOUT_MS;
    this.heapMb = options.heapMb ?? WORKER_HEAP_MB;
    this.youngMb = options.youngMb ?? WORKER_YOUNG_MB;
    this.maxWorkers = Math.max(1, options.maxWorkers ?? MAX_PARSE_WORKERS);
    this.maxQueue = options.maxQueue ?? 16;
    this.idleMs = options.idleMs ?? 60_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
  }

  async importFile(file: IncomingFile): Promise<FormImportResult> {
    const outcome = await this.parse(file);
    return outcome.ok ? outcome.result : { ok: false, message: outcome.message };
  }

  /** Reads the file in a worker; a failure says which limit stopped it. */
  parse(file: IncomingFile): Promise<IsolatedOutcome> {
    // Checked here too, so an oversized file is not even copied to a worker.
    if (file.bytes.length > MAX_FILE_BYTES) {
      return Promise.resolve({ ok: true, result: { ok: false, message: fileTooLarge(file.bytes.length) } });
    }
    if (this.closed) return Promise.resolve(this.failure('crashed', file.name, 'importer closed'));
    if (this.queue.length >= this.maxQueue) return Promise.resolve(this.failure('busy', file.name));
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, file, resolve };
      this.queue.push(job);
      this.dispatch();
      if (this.queue.includes(job)) {
        job.waiting = setTimeout(() => {
          const i = this.queue.indexOf(job);
          if (i < 0) return;
          this.queue.splice(i, 1);
          resolve(this.failure('busy', file.name, `waited ${this.timeoutMs} ms for a worker`));
        }, this.timeoutMs);
      }
    });
  }

  /**
   * Starts a worker now and keeps one alive from then on (also after one was killed), so that a
   * user's first file does not wait for a worker to load (about 0.3–2 s).
   */
  warm(): void {
    this.keepWarm = true;
    if (this.closed || this.slots.size > 0) return;
    this.rest(this.start());
  }

  /** Workers alive now (for tests and figures). */
  get workers(): number {
    return this.slots.size;
  }

  /** Ends every worker; files still waiting get the "crashed" failure. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      if (job.waiting) clearTimeout(job.waiting);
      job.resolve(this.failure('crashed', job.file.name, 'importer closed'));
    }
    await Promise.all([...this.slots].map((slot) => this.kill(slot, { kind: 'crashed', detail: 'importer closed' })));
  }

  private failure(kind: IsolatedFailureKind, name: string, detail?: string): IsolatedOutcome {
    this.options.onFailure?.({ kind, name, ...(detail ? { detail } : {}) });
    return { ok: false, kind, message: LIMIT_MESSAGES[kind] };
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => !s.job && !s.dead);
      if (!slot) {
        if (this.slots.size >= this.maxWorkers) return;
        slot = this.start();
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private start(): Slot {
    const worker = spawnWorker({ maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: this.youngMb, stackSizeMb: 4 });
    const slot: Slot = { worker, ready: false, dead: false };
    this.slots.add(slot);
    worker.on('message', (m: WorkerMessage) => {
      if ('ready' in m) {
        slot.ready = true;
        if (slot.job) this.arm(slot);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      this.settle(slot);
      job.resolve({ ok: true, result: m.result });
      this.rest(slot);
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const kind: IsolatedFailureKind = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed';
      void this.kill(slot, { kind, detail: error.code ?? error.message });
    });
    worker.on('exit', (code) => {
      void this.kill(slot, { kind: 'crashed', detail: `worker exited with code ${code}` });
    });
    return slot;
  }

  private assign(slot: Slot, job: Job): void {
    if (job.waiting) clearTimeout(job.waiting);
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = undefined;
    slot.job = job;
    slot.worker.ref();
    const bytes = new Uint8Array(job.file.bytes); // a copy, moved to the worker
    slot.worker.postMessage({ id: job.id, name: job.file.name, contentType: job.file.contentType, bytes } satisfies ParseJob, [bytes.buffer]);
    if (slot.ready) this.arm(slot);
    else {
      slot.timer = setTimeout(() => void this.kill(slot, { kind: 'crashed', detail: 'worker did not start' }), this.startTimeoutMs);
    }
  }

  /** Starts the file's clock (once the worker is ready to read it). */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => void this.kill(slot, { kind: 'timeout', detail: `over ${this.timeoutMs} ms` }), this.timeoutMs);
  }

  private settle(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
  }

  /** An idle worker lets the process exit, and ends after idleMs. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      if (this.keepWarm && this.slots.size <= 1) this.rest(slot);
      else void this.kill(slot);
    }, this.idleMs);
    slot.idle.unref();
  }

  /** Ends a worker; the file it was reading, if any, gets the failure. */
  private async kill(slot: Slot, why?: { kind: IsolatedFailureKind; detail: string }): Promise<void> {
    if (slot.dead) return;
    slot.dead = true;
    this.slots.delete(slot);
    if (slot.idle) clearTimeout(slot.idle);
    const job = slot.job;
    this.settle(slot);
    if (job) job.resolve(this.failure(why?.kind ?? 'crashed', job.file.name, why?.detail));
    const ended = slot.worker.terminate();
    if (!this.closed) {
      // The next file need not wait for the old worker to wind down.
      this.dispatch();
      // A worker that never loaded is not replaced at once (no restart loop); the next file starts one.
      if (this.keepWarm && slot.ready && this.slots.size === 0) this.warm();
    }
    await ended;
  }
}
