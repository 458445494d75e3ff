// The few file-system calls the store makes, behind an interface so that tests can inject
// failures (disk full half-way through a write, a read-only folder) that root cannot fake with chmod.
import type { BigIntStats } from 'node:fs';
import fsp from 'node:fs/promises';

export interface FileHandleLike {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  datasync(): Promise<void>;
  stat(opts: { bigint: true }): Promise<BigIntStats>;
  close(): Promise<void>;
}

export interface FsLayer {
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, opts: { recursive: true }): Promise<unknown>;
  stat(path: string, opts: { bigint: true }): Promise<BigIntStats>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  readdir(path: string): Promise<string[]>;
}

export const nodeFs: FsLayer = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  mkdir: (p, opts) => fsp.mkdir(p, opts),
  stat: (p, opts) => fsp.stat(p, opts),
  readFile: (p, enc) => fsp.readFile(p, enc),
  readdir: (p) => fsp.readdir(p),
};
