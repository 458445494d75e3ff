// A private, throw-away PostgreSQL cluster for the tests: a temp folder owned by the postgres user,
// initdb (trust auth), pg_ctl start on a free port of 127.0.0.1, one database per call of
// createDatabase(), everything removed by stop(). The binaries come from Debian's postgresql
// package (scripts/ensure-system.sh installs it when missing). No mock: the real server.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type PgCluster = {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/<db> */
  url(database?: string): string;
  /** A fresh, empty database; answers its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server abruptly (a database outage); `start()` brings it back on the same port. */
  stopServer(): void;
  startServer(): void;
  /** Stops the server and removes the folder. */
  stop(): void;
};

/** The folder of initdb/pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function pgBinDir(): string {
  if (process.env.PG_BIN && existsSync(path.join(process.env.PG_BIN, 'pg_ctl'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: run scripts/ensure-system.sh (apt-get install postgresql)');
  return path.join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let dbSeq = 0;

export type PgClusterOptions = {
  /** fsync and synchronous commits as in production (default false: tests measure behaviour, not the disk). */
  durable?: boolean;
};

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jixiao-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: run it (and the server) as the postgres user, which must own the folder.
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  // fsync off: a throw-away cluster (an immediate stop, the outage tests, keeps every commit: the OS
  // still has the files; synchronous_commit stays on, or an immediate stop would drop commits).
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.durable ? 'on' : 'off'} -c max_connections=200`;
  const startServer = () => run('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const stopServer = () => run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  startServer();
  let running = true;
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name = `t${process.pid}_${++dbSeq}`) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stopServer() {
      stopServer();
      running = false;
    },
    startServer() {
      startServer();
      running = true;
    },
    stop() {
      try {
        if (running) stopServer();
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
