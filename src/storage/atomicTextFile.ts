// A lowdb adapter (lowdb's `Adapter<string>`, like its own TextFile) whose write is crash-safe:
// write a fresh temp file in the same folder, fdatasync it, rename it over the target (and, if asked,
// fsync the folder so that the rename itself survives a power cut). A reader, or a process killed
// at any instant, sees the old text or the new text, never a mix.
//
// lowdb's stock TextFile writes through steno, which does not fsync, uses one fixed temp name per
// file (two writers clobber each other's temp) and retries a failed rename for a second; hence
// this adapter. Everything else about lowdb (the `Low` document over an adapter) is used as is.
import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { errnoCode } from './errors.js';
import type { FileHandleLike, FsLayer } from './fsLayer.js';

let tempSeq = 0;

export interface AtomicTextFileOptions {
  fs: FsLayer;
  /** fdatasync the temp file before the rename. Not needed against kill -9; guards against a power cut. */
  fsync: boolean;
  /** Also fsync the folder after the rename (+~0.3 ms): a power cut cannot undo an acknowledged write. */
  fsyncFolder?: boolean;
}

export class AtomicTextFile implements Adapter<string> {
  /** Identity of the file the last successful write put in place (inode, size, mtime). */
  lastWritten: BigIntStats | undefined;

  constructor(
    readonly filename: string,
    private readonly opts: AtomicTextFileOptions,
  ) {}

  async read(): Promise<string | null> {
    try {
      return await this.opts.fs.readFile(this.filename, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    }
  }

  async write(text: string): Promise<void> {
    const { fs, fsync, fsyncFolder } = this.opts;
    const dir = path.dirname(this.filename);
    const temp = path.join(dir, `.${path.basename(this.filename, '.json')}.${process.pid}.${++tempSeq}.tmp`);
    let handle: FileHandleLike | undefined;
    let renamed = false;
    try {
      handle = await this.#openNew(temp, dir);
      await handle.writeFile(text, 'utf8');
      if (fsync) await handle.datasync(); // data and size; enough to read the file back
      const stat = await handle.stat({ bigint: true });
      await handle.close();
      handle = undefined;
      await fs.rename(temp, this.filename);
      renamed = true;
      this.lastWritten = stat;
      // The new text is in place and visible; a failed folder fsync only weakens power-cut
      // durability, so it must not turn a write that took effect into a reported failure.
      if (fsyncFolder) await this.#syncDir(dir).catch(() => undefined);
    } catch (err) {
      if (handle) await handle.close().catch(() => undefined);
      if (!renamed) await fs.unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async #openNew(temp: string, dir: string): Promise<FileHandleLike> {
    try {
      return await this.opts.fs.open(temp, 'wx', 0o644);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      await this.opts.fs.mkdir(dir, { recursive: true });
      return await this.opts.fs.open(temp, 'wx', 0o644);
    }
  }

  async #syncDir(dir: string): Promise<void> {
    const handle = await this.opts.fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
