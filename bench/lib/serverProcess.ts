// Starts a server as a child process on 127.0.0.1 (a free port) and stops it: the benchmark's
// entry (bench/lib/serverEntry.ts, form or echo bot) or the real `npm start` entry
// (src/server/main.ts). Both run as `npm start` runs the server: the build in dist/ (`npm run
// build`, see ensureBuilt) under plain node with START_NODE_FLAGS, so its pid is the server's own:
// /proc/<pid>/status gives its resident memory, `kill -9` kills the server.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH_ENTRY = `${PROJECT_ROOT}dist/bench/lib/serverEntry.js`;
export const MAIN_ENTRY = `${PROJECT_ROOT}dist/src/server/main.js`;

/**
 * The node flags of `npm start` (package.json's start script; a test checks that the two agree).
 * The heap cap keeps the resident memory of a busy server near 200 MB: without it V8 on a large
 * machine lets the heap grow to ~450 MB before collecting (issue 6, figure 5).
 */
export const START_NODE_FLAGS = ['--max-old-space-size=320', '--enable-source-maps', '--disable-warning=DEP0111'];

let built = false;
/** Builds dist/ (tsc, incremental) once per process: the servers run what `npm start` runs. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [`${PROJECT_ROOT}node_modules/typescript/bin/tsc`, '-p', `${PROJECT_ROOT}tsconfig.build.json`], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  built = true;
}

export type ServerProcess = {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the child wrote to stderr so far (the last 64 KB). */
  stderr(): string;
  /** Resident memory of the server process in bytes: current (VmRSS) and peak (VmHWM). */
  rss(): { rssBytes: number; peakBytes: number };
  /** process.memoryUsage() of the child (bench entry only); `gc` first runs a full collection (needs --expose-gc). */
  memoryUsage(gc?: boolean): Promise<NodeJS.MemoryUsage>;
  /** SIGKILL, as a crash would. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful: finish running turns), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type StartOptions = {
  /** 'bench': bench/lib/serverEntry.ts (IPC); 'main': src/server/main.ts as `npm start` runs it. */
  entry: 'bench' | 'main';
  /** BENCH_BOT for the bench entry. */
  bot?: 'form' | 'echo';
  env?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Called with each stdout line (main entry; its pino log). */
  onLine?: (line: string) => void;
};

export function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const entry = options.entry === 'bench' ? BENCH_ENTRY : MAIN_ENTRY;
  if (!existsSync(entry)) return Promise.reject(new Error(`${entry} is missing: run \`npm run build\` (or call ensureBuilt()) first`));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    WEBCHAT: 'off',
    ...(options.bot ? { BENCH_BOT: options.bot } : {}),
    ...options.env,
  };
  // Settings of the parent's own runs must not leak into the server under test.
  for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'MicrosoftAppType', 'PUBLIC_BASE_URL', 'NODE_OPTIONS']) {
    if (!options.env || !(name in options.env)) delete env[name];
  }
  const child = spawn(process.execPath, [...START_NODE_FLAGS, ...(options.nodeArgs ?? []), entry], {
    cwd: PROJECT_ROOT,
    env,
    stdio: options.entry === 'bench' ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-65_536);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid!;

  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${options.timeoutMs ?? 30_000} ms: ${stderr.slice(-2000)}`));
    }, options.timeoutMs ?? 30_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}): ${stderr.slice(-2000)}`));
    });
    if (options.entry === 'bench') {
      child.on('message', (m: { ready?: boolean; url?: string }) => {
        if (m?.ready && m.url) {
          clearTimeout(timer);
          resolve(m.url);
        }
      });
    } else {
      let buffered = '';
      // Always drain stdout, or a chatty log would fill the pipe and stall the server.
      child.stdout!.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          options.onLine?.(line);
          if (line.includes('"listening"')) {
            try {
              const url = (JSON.parse(line) as { url?: string }).url;
              if (url) {
                clearTimeout(timer);
                resolve(url);
              }
            } catch {
              // not a log line
            }
          }
        }
      });
    }
  });

  return ready.then((url) => ({
    url,
    pid,
    child,
    exited,
    stderr: () => stderr,
    rss: () => readRss(pid),
    memoryUsage: (gc = false) =>
      new Promise<NodeJS.MemoryUsage>((resolve, reject) => {
        if (!child.connected) return reject(new Error('no IPC channel to the server (main entry?)'));
        const onMessage = (m: { memory?: NodeJS.MemoryUsage }) => {
          if (m?.memory) {
            child.off('message', onMessage);
            resolve(m.memory);
          }
        };
        child.on('message', onMessage);
        child.send({ cmd: 'memory', gc });
      }),
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  }));
}

/** VmRSS and VmHWM of a process, from /proc (Linux). */
export function readRss(pid: number): { rssBytes: number; peakBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rssBytes: kb('VmRSS'), peakBytes: kb('VmHWM') };
}
