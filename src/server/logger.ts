// pino loggers: one for the running server, a silent one for tests.
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ name: 'jixiao', level, base: { pid: process.pid } });
}

/** A logger that writes nothing (tests fail when something writes to the console). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A short stable hash of an identifier, so logs can correlate turns without exposing ids. */
export function idHash(id: string | undefined): string | undefined {
  if (!id) return undefined;
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}
