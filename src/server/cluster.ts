// WORKERS=N: N server processes on this machine (node:cluster) sharing one port; config.ts allows it
// only with STORAGE=postgres, where every worker reads and writes the same database, so any worker
// can take any message. The primary only supervises: it forks the workers, starts a new one when
// one dies (not when they keep dying at start: then it gives up and exits 1), and on SIGTERM/SIGINT
// lets every worker finish its running turns (each shuts down as a single server does).
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';

/** A worker that dies this soon after it was forked counts as a failed start. */
const EARLY_EXIT_MS = 10_000;
/** Failed starts in a row before the primary gives up. */
const MAX_EARLY_EXITS = 3;

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/** Runs the primary: forks config.workers workers and supervises them. Returns at once. */
export function runPrimary(config: Config, logger: Logger): void {
  let stopping = false;
  let earlyExits = 0;
  const startedAt = new Map<number, number>();

  const fork = (): Worker => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('all workers stopped');
        process.exit(0);
      }
      return;
    }
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    if (earlyExits >= MAX_EARLY_EXITS) {
      logger.error({ code, signal }, 'workers keep failing at start; giving up');
      process.stderr.write(`工作进程连续 ${MAX_EARLY_EXITS} 次启动失败（见上面的日志），服务已停止。/ workers keep failing at start (see the log above); stopped.\n`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }
    logger.warn({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one');
    setTimeout(fork, earlyExits > 0 ? 1000 : 0).unref();
  });

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down: workers finish their running turns');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000).unref();
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.process.kill('SIGTERM');
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  logger.info({ workers: config.workers, storage: config.storage }, 'starting workers');
  for (let i = 0; i < config.workers; i++) fork();
}

/** In a worker: stop gracefully when the primary goes away (killed), instead of living on alone. */
export function stopWhenPrimaryGone(shutdown: (reason: string) => void): void {
  if (!cluster.isWorker) return;
  process.once('disconnect', () => shutdown('primary gone'));
}
