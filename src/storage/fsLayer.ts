// The few file-system calls the store makes, behind an interface so that tests can inject
// failures (disk full half-way through a write, a read-only folder) that root cannot fake with chmod.
//
// `nodeFs` (the default) decides per call where it runs. The calls are small — open, write a few
// KB, fstat, close, rename, stat, read — and a turn makes about eight of them. Alone (nothing else
// of the store's on libuv's thread pool), a call is made directly: on a local disk it takes
// microseconds, less than a round trip through the thread pool, and the turn answers sooner. When
// other calls are already on the pool (many turns at once), it goes to the pool too, so that the
// kernel's work runs beside the event loop, on another core. The flush to disk (fsync/fdatasync)
// always goes to the pool. Issue 6's benchmark measured both extremes: direct calls only cut the
// p99 of a lone conversation by half but lost a fifth of the throughput at 200 conversations;
// pool only, the reverse. The data folder must be on a local disk; on a network file system use
// `threadpoolFs`, where every call goes through the pool.
import fs, { type BigIntStats } from 'node:fs';
import fsp from 'node:fs/promises';
import { promisify } from 'node:util';

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

/** Every call through libuv's thread pool (node:fs/promises). */
export const threadpoolFs: FsLayer = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  mkdir: (p, opts) => fsp.mkdir(p, opts),
  stat: (p, opts) => fsp.stat(p, opts),
  readFile: (p, enc) => fsp.readFile(p, enc),
  readdir: (p) => fsp.readdir(p),
};

/** Calls of nodeFs now on the thread pool. */
let onPool = 0;
function pooled<T>(call: () => Promise<T>): Promise<T> {
  onPool++;
  return call().finally(() => onPool--);
}
const fdatasync = promisify(fs.fdatasync);
const fsync = promisify(fs.fsync);

/** A call made directly when nothing of ours is on the thread pool, else on the pool. */
function either<A extends unknown[], T>(direct: (...args: A) => T, pool: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args: A) => (onPool > 0 ? pooled(() => pool(...args)) : direct(...args));
}

const openFd = either((p: string, flags: string, mode?: number) => fs.openSync(p, flags, mode), promisify(fs.open));
const writeFd = either((fd: number, data: string, enc: 'utf8') => fs.writeFileSync(fd, data, enc), promisify(fs.writeFile));
const fstatFd = either(
  (fd: number, opts: { bigint: true }) => fs.fstatSync(fd, opts),
  promisify(fs.fstat) as (fd: number, opts: { bigint: true }) => Promise<BigIntStats>,
);
const closeFd = either(fs.closeSync, promisify(fs.close));

/** A file descriptor with FileHandle's few methods: direct calls, except the flush to disk. */
class DirectHandle implements FileHandleLike {
  #fd: number | undefined;
  constructor(fd: number) {
    this.#fd = fd;
  }

  #open(): number {
    if (this.#fd === undefined) throw Object.assign(new Error('file already closed'), { code: 'EBADF' });
    return this.#fd;
  }

  async writeFile(data: string, encoding: 'utf8'): Promise<void> {
    return writeFd(this.#open(), data, encoding);
  }

  sync(): Promise<void> {
    const fd = this.#open();
    return pooled(() => fsync(fd));
  }

  datasync(): Promise<void> {
    const fd = this.#open();
    return pooled(() => fdatasync(fd));
  }

  async stat(opts: { bigint: true }): Promise<BigIntStats> {
    return fstatFd(this.#open(), opts);
  }

  async close(): Promise<void> {
    const fd = this.#open();
    this.#fd = undefined;
    return closeFd(fd);
  }
}

/** The default (see the top of the file). */
export const nodeFs: FsLayer = {
  open: async (p, flags, mode) => new DirectHandle(await openFd(p, flags, mode)),
  rename: either(fs.renameSync, fsp.rename),
  unlink: either(fs.unlinkSync, fsp.unlink),
  mkdir: either((p: string, opts: { recursive: true }) => fs.mkdirSync(p, opts), (p, opts) => fsp.mkdir(p, opts)),
  stat: either((p: string, opts: { bigint: true }) => fs.statSync(p, opts), (p, opts) => fsp.stat(p, opts)),
  readFile: either((p: string, enc: 'utf8') => fs.readFileSync(p, enc), (p, enc) => fsp.readFile(p, enc)),
  // Only the start-up sweep lists folders (4,096 of them): always on the pool.
  readdir: (p) => fsp.readdir(p),
};
