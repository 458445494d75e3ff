// PostgreSQL figures (issue 15), next to the file storage and the echo bot measured in the same run:
//   - turns/s and p99 at 50 and 200 conversations: file storage (one process), PostgreSQL with one
//     process, PostgreSQL with WORKERS=2 (node:cluster), echo bot; with the CPU each took, server
//     and database (the database shares the machine's cores);
//   - storage time per turn (read + write one 5 KB state, as the bot does) at 100, 10,000 and
//     100,000 stored forms in PostgreSQL;
//   - the form bot's own CPU per turn (PostgreSQL, one process) and where it goes (a --cpu-prof
//     profile of the server, self time grouped by package).
// The database is a private throw-away cluster (test/postgres/pgCluster.ts) with PostgreSQL's
// production durability (fsync on, synchronous commit), like the file storage's fdatasync, or
// BENCH_DATABASE_URL when set (an empty database).
//
//   npx tsx bench/postgres.ts [--runs=1] [--levels=50,200] [--quick]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEED_STEPS } from '../test/server/seedConversation.js';
import { startPgCluster, type PgCluster } from '../test/postgres/pgCluster.js';
import { migrate } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';
import { PgStorage } from '../src/storage/postgres.js';
import { startChannelStub } from './lib/channel.js';
import { HttpClient } from './lib/client.js';
import { runLoad } from './lib/load.js';
import { ensureBuilt, startServerProcess, type ServerProcess } from './lib/serverProcess.js';
import { median, quantile, round } from './lib/stats.js';
import { sampleState } from './storage.js';

export type PgVariant = 'file' | 'postgres' | 'postgres-workers2' | 'echo';
export type PgHttpRow = {
  variant: PgVariant;
  conversations: number;
  turns: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds per 1,000 turns: the server's processes, and PostgreSQL's. */
  serverCpuPer1kTurns: number;
  dbCpuPer1kTurns: number;
  failures: number;
  firstError?: string;
};
export type PgStorageRow = { stored: number; msPerTurn: number; p99Ms: number; turns: number };
export type ProfileRow = { where: string; percent: number };
export type PgBenchResult = { http: PgHttpRow[]; storage: PgStorageRow[]; cpuMsPerTurn?: number; profile: ProfileRow[] };

const MESSAGES = SEED_STEPS.map((s) => s.say);
const TICK = 100; // USER_HZ: /proc stat times are in 1/100 s

/** CPU seconds (user + system) of a process and all its descendants, from /proc. */
function treeCpuSeconds(root: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      parent.set(Number(name), Number(fields[1]));
      cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) / TICK);
    } catch {
      // gone
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += seconds;
        break;
      }
    }
  }
  return total;
}

/** CPU seconds of every process of the postgres user (the private cluster's server and backends). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const comm = /^Name:\s+(\S+)/m.exec(status)?.[1] ?? '';
      if (comm !== 'postgres') continue;
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICK;
    } catch {
      // gone
    }
  }
  return total;
}

/** Self time of a V8 .cpuprofile, grouped by where the code lives. */
export function summariseProfile(file: string): ProfileRow[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const where = new Map<number, string>();
  for (const n of profile.nodes) {
    const url = n.callFrame.url;
    const fn = n.callFrame.functionName;
    let group: string;
    if (fn === '(garbage collector)') group = 'garbage collection';
    else if (fn === '(idle)' || fn === '(program)') group = fn === '(idle)' ? 'idle' : 'V8/native (program)';
    else if (url.includes('/node_modules/')) group = `node_modules/${/\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)![1]}`;
    else if (url.startsWith('node:') || url === '') group = 'Node.js internals (http, streams, crypto, timers)';
    else {
      const m = /\/dist\/(rules|dialogs|src\/[^/]+|bench)\//.exec(url);
      group = m ? `${m[1]}/ (ours)` : 'other';
    }
    where.set(n.id, group);
  }
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const g = where.get(id) ?? 'other';
    self.set(g, (self.get(g) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  self.delete('idle');
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .map(([w, t]) => ({ where: w, percent: round((100 * t) / busy, 1) }))
    .sort((a, b) => b.percent - a.percent)
    .slice(0, 10);
}

async function startVariant(variant: PgVariant, databaseUrl: string | undefined, dataDir: string, nodeArgs?: string[]): Promise<ServerProcess> {
  const pg = { STORAGE: 'postgres', DATABASE_URL: databaseUrl ?? '', DB_MIGRATE: 'auto', PG_POOL_MAX: '20' };
  switch (variant) {
    case 'echo':
      return startServerProcess({ entry: 'bench', bot: 'echo', env: { DATA_DIR: dataDir, STORAGE: 'file' }, timeoutMs: 120_000 });
    case 'file':
      return startServerProcess({ entry: 'bench', bot: 'form', env: { DATA_DIR: dataDir, STORAGE: 'file' }, timeoutMs: 120_000 });
    case 'postgres':
      return startServerProcess({ entry: 'bench', bot: 'form', env: { DATA_DIR: dataDir, ...pg }, nodeArgs, timeoutMs: 120_000 });
    case 'postgres-workers2':
      // The cluster is the `npm start` entry (bench/lib/serverEntry.ts runs one process).
      return startServerProcess({ entry: 'main', env: { DATA_DIR: dataDir, ...pg, WORKERS: '2', LOG_LEVEL: 'info' }, timeoutMs: 120_000 });
  }
}

export async function benchPostgres(options: { runs?: number; levels?: number[]; storageTurns?: number; counts?: number[]; log?: (l: string) => void; profile?: boolean } = {}): Promise<PgBenchResult> {
  const runs = options.runs ?? 3;
  const levels = options.levels ?? [50, 200];
  const log = options.log ?? (() => undefined);
  ensureBuilt();
  const external = process.env.BENCH_DATABASE_URL;
  const cluster: PgCluster | undefined = external ? undefined : await startPgCluster({ durable: true });
  const root = mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-pg-'));
  const channel = await startChannelStub({ keep: (id) => id.endsWith('-c0') });
  const client = new HttpClient(Math.max(...levels) + 16);
  const http: PgHttpRow[] = [];
  let profile: ProfileRow[] = [];
  let cpuMsPerTurn: number | undefined;
  try {
    const variants: PgVariant[] = ['echo', 'file', 'postgres', 'postgres-workers2'];
    const results = new Map<string, PgHttpRow[]>();
    for (let r = 0; r < runs; r++) {
      for (const variant of variants) {
        // A fresh database (and folder) per variant and run: every run starts from empty storage.
        const db = external ?? (variant.startsWith('postgres') ? await cluster!.createDatabase() : undefined);
        const dataDir = path.join(root, `${variant}-${r}`);
        const profDir = options.profile && r === 0 && variant === 'postgres' ? path.join(root, 'prof') : undefined;
        const server = await startVariant(variant, db, dataDir, profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : undefined);
        try {
          await runLoad({ url: server.url, channel, client, conversations: 20, script: () => MESSAGES, prefix: `warm-${variant}-${r}` });
          for (const level of levels) {
            const prefix = `${variant}-r${r}-n${level}`;
            await runLoad({ url: server.url, channel, client, conversations: level, script: () => [], prefix: `${prefix}-open` });
            const cpu0 = treeCpuSeconds(server.pid);
            const db0 = postgresCpuSeconds();
            const res = await runLoad({ url: server.url, channel, client, conversations: level, script: () => MESSAGES, prefix, deadlineMs: 10 * 60_000 });
            const serverCpu = treeCpuSeconds(server.pid) - cpu0;
            const dbCpu = postgresCpuSeconds() - db0;
            const failures = Object.values(res.statuses).reduce((a, b) => a + b, 0) + res.noReply + res.networkErrors;
            const row: PgHttpRow = {
              variant,
              conversations: level,
              turns: res.turns,
              turnsPerSecond: round(res.turnsPerSecond, 1),
              p50Ms: round(median(res.latenciesMs), 1),
              p99Ms: round(quantile(res.latenciesMs, 0.99), 1),
              serverCpuPer1kTurns: round((1000 * serverCpu) / res.turns, 2),
              dbCpuPer1kTurns: round((1000 * dbCpu) / res.turns, 2),
              failures,
              ...(res.firstError ? { firstError: res.firstError } : {}),
            };
            log(`postgres: run ${r + 1}/${runs}, ${variant}, ${level} conversations: ${row.turnsPerSecond} turns/s, p99 ${row.p99Ms} ms, CPU/1k turns server ${row.serverCpuPer1kTurns} s, db ${row.dbCpuPer1kTurns} s`);
            if (variant === 'postgres' && level === levels[levels.length - 1] && r === 0) cpuMsPerTurn = round(row.serverCpuPer1kTurns, 2);
            results.set(`${variant}:${level}`, [...(results.get(`${variant}:${level}`) ?? []), row]);
          }
        } finally {
          if (server.child.connected) server.child.disconnect();
          else await server.stop();
          const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
          await server.exited;
          clearTimeout(timer);
        }
        if (profDir) {
          const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
          if (files[0]) profile = summariseProfile(path.join(profDir, files[0]));
        }
      }
    }
    for (const level of levels) {
      for (const variant of variants) {
        const rs = results.get(`${variant}:${level}`)!;
        http.push({
          ...rs[0],
          turnsPerSecond: round(median(rs.map((x) => x.turnsPerSecond)), 1),
          p50Ms: round(median(rs.map((x) => x.p50Ms)), 1),
          p99Ms: round(median(rs.map((x) => x.p99Ms)), 1),
          serverCpuPer1kTurns: round(median(rs.map((x) => x.serverCpuPer1kTurns)), 2),
          dbCpuPer1kTurns: round(median(rs.map((x) => x.dbCpuPer1kTurns)), 2),
          failures: rs.reduce((n, x) => n + x.failures, 0),
        });
      }
    }
    const storage = await benchPgStorage(external ?? (await cluster!.createDatabase()), options.counts ?? [100, 10_000, 100_000], options.storageTurns ?? 500, log);
    return { http, storage, cpuMsPerTurn, profile };
  } finally {
    client.close();
    await channel.close();
    cluster?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Read + write one 5 KB state on a random stored key, as a turn does, at each number of stored forms. */
async function benchPgStorage(databaseUrl: string, counts: number[], turns: number, log: (l: string) => void): Promise<PgStorageRow[]> {
  const pool = createPool({ connectionString: databaseUrl, max: 4 });
  const rows: PgStorageRow[] = [];
  try {
    await migrate(pool);
    const storage = new PgStorage({ pool });
    const key = (i: number) => `msteams/users/29:1${String(i).padStart(8, '0')}-ZmFrZS11c2Vy/`;
    let stored = 0;
    for (const count of [...counts].sort((a, b) => a - b)) {
      log(`postgres storage: filling to ${count.toLocaleString('en-US')} forms`);
      // Bulk fill (one statement per 1,000 rows): not part of the measured turns.
      while (stored < count) {
        const n = Math.min(1000, count - stored);
        const docs = Array.from({ length: n }, (_, k) => JSON.stringify(sampleState(stored + k)));
        await pool.query('INSERT INTO bot_state (key, doc) SELECT * FROM unnest($1::text[], $2::text[])', [Array.from({ length: n }, (_, k) => key(stored + k)), docs]);
        stored += n;
      }
      await pool.query('ANALYZE bot_state');
      const times: number[] = [];
      for (let t = 0; t < turns; t++) {
        const k = key(Math.floor(Math.random() * count));
        const started = performance.now();
        const item = (await storage.read([k]))[k];
        await storage.write({ [k]: { ...item, turn: t } });
        times.push(performance.now() - started);
      }
      rows.push({ stored: count, msPerTurn: round(median(times), 3), p99Ms: round(quantile(times, 0.99), 3), turns });
    }
  } finally {
    await pool.end();
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = process.argv.includes('--quick');
  const result = await benchPostgres({
    runs: Number(arg('runs') ?? (quick ? 1 : 3)),
    levels: arg('levels')?.split(',').map(Number),
    storageTurns: quick ? 200 : 500,
    profile: true,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
