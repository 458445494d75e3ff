// Shared helpers for the storage tests: temp folders, file listings, an fs layer that fails on cue.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeFs, type FileHandleLike, type FsLayer } from '../../src/storage/fsLayer.js';

export function tempDir(prefix = 'jixiao-storage-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `root`, as paths relative to it. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel))) {
      const r = rel ? path.join(rel, name) : name;
      if (statSync(path.join(root, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export function errno(code: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: injected failure`) as NodeJS.ErrnoException;
  err.code = code;
  return err;
}

export type FailAt = 'open' | 'writeFile' | 'datasync' | 'rename';

/**
 * The real file system, except that writes fail at `failAt` with `code`. At 'writeFile' half of
 * the text really reaches the temp file first, as when a disk fills up mid-write.
 */
export function failingFs(failAt: FailAt, code: string): FsLayer & { armed: boolean } {
  const layer = {
    ...nodeFs,
    armed: true,
    async open(p: string, flags: string, mode?: number): Promise<FileHandleLike> {
      if (layer.armed && flags === 'wx' && failAt === 'open') throw errno(code);
      const handle = await nodeFs.open(p, flags, mode);
      if (!layer.armed || flags !== 'wx') return handle;
      return {
        async writeFile(data, enc) {
          if (failAt === 'writeFile') {
            await handle.writeFile(data.slice(0, Math.floor(data.length / 2)), enc);
            throw errno(code);
          }
          return handle.writeFile(data, enc);
        },
        sync: () => handle.sync(),
        async datasync() {
          if (failAt === 'datasync') throw errno(code);
          return handle.datasync();
        },
        stat: (opts) => handle.stat(opts),
        close: () => handle.close(),
      };
    },
    async rename(a: string, b: string) {
      if (layer.armed && failAt === 'rename') throw errno(code);
      return nodeFs.rename(a, b);
    },
  };
  return layer;
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
