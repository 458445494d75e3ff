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

/**
 * A short stable hash of an identifier, so logs can correlate turns without exposing ids. Takes
 * whatever a client sent (a rejected activity's id may be a number or an object): hashing must not
 * throw, since it runs after the 400 has been sent, where restify turns a throw into a crash.
 */
export function idHash(id: unknown): string | undefined {
  if (id === undefined || id === null || id === '') return undefined;
  return createHash('sha256').update(typeof id === 'string' ? id : JSON.stringify(id) ?? String(id)).digest('hex').slice(0, 12);
}
