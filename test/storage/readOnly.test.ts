// A data folder the OS refuses to write to. chmod 0555 does not stop root (these tests run as root
// here), so when chmod has no effect the folders are made immutable with `chattr +i`, which stops
// root too. Where neither works the test says so and skips; the injected-failure tests in
// fileStorage.test.ts cover the same paths without OS help.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileStorage, StorageWriteError } from '../../src/storage/index.js';
import { itemPath } from '../../src/storage/layout.js';
import { tempDir } from './helpers.js';

let sandbox: { dir: string; cleanup: () => void };
let undo: Array<() => void> = [];

beforeEach(() => {
  sandbox = tempDir();
  undo = [];
});
afterEach(() => {
  for (const u of undo.reverse()) u();
  sandbox.cleanup();
});

function canWrite(dir: string): boolean {
  const probe = path.join(dir, '.probe');
  try {
    writeFileSync(probe, 'x');
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Makes `dirs` unwritable by any means that works here; returns how, or undefined. */
function makeReadOnly(dirs: string[]): string | undefined {
  for (const d of dirs) chmodSync(d, 0o555);
  undo.push(() => dirs.forEach((d) => chmodSync(d, 0o755)));
  if (!canWrite(dirs[0])) return 'chmod 0555';
  try {
    for (const d of dirs) {
      execFileSync('chattr', ['+i', d], { stdio: 'ignore' });
      undo.push(() => execFileSync('chattr', ['-i', d], { stdio: 'ignore' }));
    }
  } catch {
    return undefined;
  }
  return canWrite(dirs[0]) ? undefined : 'chattr +i';
}

it('a read-only data folder: writes and deletes fail with StorageWriteError, saved items stay readable and intact', async (ctx) => {
  const dataDir = path.join(sandbox.dir, 'data');
  const s = new FileStorage({ dataDir, sweepTempFiles: false });
  await s.write({ 'emulator/conversations/1': { answer: '1800.00' } });
  const target = itemPath(dataDir, 'emulator/conversations/1');
  const before = readFileSync(target, 'utf8');
  const v1 = path.join(dataDir, 'v1');
  const dirs = [path.dirname(target), v1, dataDir, ...readdirSync(v1).map((d) => path.join(v1, d))];

  const how = makeReadOnly([...new Set(dirs)]);
  if (!how) ctx.skip('no way to make a folder read-only on this machine');

  const onUpdate = await s.write({ 'emulator/conversations/1': { answer: '1900.00' } }).catch((e: unknown) => e);
  expect(onUpdate, how).toBeInstanceOf(StorageWriteError);
  expect(['EACCES', 'EPERM', 'EROFS']).toContain((onUpdate as StorageWriteError).code);
  const onNewKey = await s.write({ 'emulator/conversations/2': { answer: '1' } }).catch((e: unknown) => e);
  expect(onNewKey).toBeInstanceOf(StorageWriteError);
  const onDelete = await s.delete(['emulator/conversations/1']).catch((e: unknown) => e);
  expect(onDelete).toMatchObject({ name: 'StorageWriteError', op: 'delete' });

  expect(readFileSync(target, 'utf8')).toBe(before);
  expect((await s.read(['emulator/conversations/1']))['emulator/conversations/1'].answer).toBe('1800.00');
  // a restart on the read-only folder still serves what was saved
  const restarted = new FileStorage({ dataDir });
  expect(await restarted.swept).toBe(0);
  expect((await restarted.read(['emulator/conversations/1']))['emulator/conversations/1'].answer).toBe('1800.00');

  for (const u of undo.reverse()) u();
  undo = [];
  await s.write({ 'emulator/conversations/1': { answer: '1900.00' } });
  expect((await restarted.read(['emulator/conversations/1']))['emulator/conversations/1'].answer).toBe('1900.00');
});
