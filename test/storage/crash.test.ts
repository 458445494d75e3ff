// kill -9 in the middle of a stream of writes loses no acknowledged write and leaves no torn file.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileStorage } from '../../src/storage/index.js';
import { listFiles, tempDir } from './helpers.js';

const writerScript = fileURLToPath(new URL('./fixtures/crashWriter.ts', import.meta.url));
const KEYS = 8;

let sandbox: { dir: string; cleanup: () => void };
beforeEach(() => {
  sandbox = tempDir();
});
afterEach(() => sandbox.cleanup());

/** Runs the writer until it has acknowledged `acks` writes, then SIGKILLs it; returns the last ack per key. */
function runAndKill(dataDir: string, start: number, acks: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dataDir, String(KEYS), String(start)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last = new Map<string, number>();
    let seen = 0;
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [, key, n] = line.split(' ');
        last.set(key, Number(n));
        if (++seen === acks) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr.slice(0, 500)}`));
    });
  });
}

it('kill -9 mid-write: every acknowledged write is on disk and every file parses', async () => {
  const dataDir = path.join(sandbox.dir, 'data');
  const acked = new Map<string, number>();
  let start = 1;
  for (const acks of [137, 411, 263, 89, 320, 199]) {
    const last = await runAndKill(dataDir, start, acks);
    for (const [k, n] of last) acked.set(k, n);

    for (const f of listFiles(dataDir).filter((f) => f.endsWith('.json'))) {
      expect(() => JSON.parse(readFileSync(path.join(dataDir, f), 'utf8')), f).not.toThrow();
    }
    const restarted = new FileStorage({ dataDir, tempMaxAgeMs: 0 });
    await restarted.swept;
    expect(listFiles(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const items = await restarted.read([...acked.keys()]);
    for (const [k, n] of acked) expect(items[k]?.n, k).toBeGreaterThanOrEqual(n);
    start = Math.max(...Object.values(items).map((i) => i.n)) + 1;
  }
  expect(acked.size).toBe(KEYS);
}, 60_000);
