// Starts the form bot and the echo bot as child processes with their own temporary data folders
// (production settings: file storage, LOG_LEVEL=info), and removes everything afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, startServerProcess, type ServerProcess } from './serverProcess.js';

export type BotKind = 'form' | 'echo';

export type BenchServer = ServerProcess & { bot: BotKind; dataDir: string; dispose(): Promise<void> };

export async function startBenchServer(bot: BotKind, options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<BenchServer> {
  ensureBuilt();
  const root = mkdtempSync(path.join(os.tmpdir(), `jixiao-bench-${bot}-`));
  const dataDir = path.join(root, 'data');
  let server: ServerProcess;
  try {
    server = await startServerProcess({ entry: 'bench', bot, nodeArgs: options.nodeArgs, env: { DATA_DIR: dataDir, STORAGE: 'file', ...options.env } });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return Object.assign(server, {
    bot,
    dataDir,
    async dispose() {
      // A profile (--cpu-prof) is written only on a clean exit: leave through the IPC channel.
      if (server.child.connected) server.child.disconnect();
      const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
      await server.exited;
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
    },
  });
}
