// Shared by the multi-instance tests: `npm start` on PostgreSQL in a child process, a round-robin
// proxy in front of several instances, and the sessions as the database holds them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActivityOptions } from '../../bench/lib/load.js';
import { startServerProcess, type ServerProcess } from '../../bench/lib/serverProcess.js';
import type { Session } from '../../dialogs/engine/index.js';
import { createPool } from '../../src/db/pool.js';
import { PgStorage } from '../../src/storage/postgres.js';

/** `npm start` with STORAGE=postgres on `databaseUrl` (port 0, 127.0.0.1, local mode). */
export function startPgMain(databaseUrl: string, dataDir: string, env: Record<string, string> = {}, onLine?: (line: string) => void): Promise<ServerProcess> {
  return startServerProcess({
    entry: 'main',
    env: { STORAGE: 'postgres', DATABASE_URL: databaseUrl, DB_MIGRATE: 'auto', DATA_DIR: dataDir, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '3000', PG_POOL_MAX: '8', ...env },
    // A shared CI machine can take a while to load the server (twice as long with two workers).
    timeoutMs: 90_000,
    ...(onLine ? { onLine } : {}),
  });
}

export type RoundRobinProxy = {
  url: string;
  /** The instances behind it (replace one after a restart). */
  targets: string[];
  /** Requests forwarded, per target index. */
  forwarded: number[];
  close(): Promise<void>;
};

/**
 * A small load balancer: POST /api/messages of a conversation go to the instances in turn (its
 * first turn to one, the next to the other, …), so consecutive turns of one user alternate. An
 * instance that refuses the connection (down) is skipped, as a load balancer's health check would;
 * a request cut off mid-way (the instance died while answering) cuts the client's connection too,
 * since it may or may not have been applied.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const perConversation = new Map<string, number>();
  const forwarded = targets.map(() => 0);
  const state = { targets: [...targets] };
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let conversation = '';
      try {
        conversation = String((JSON.parse(body.toString('utf8')) as { conversation?: { id?: string } }).conversation?.id ?? '');
      } catch {
        // not JSON: any instance
      }
      const n = perConversation.get(conversation) ?? 0;
      perConversation.set(conversation, n + 1);
      const first = n % state.targets.length;
      const attempt = (k: number) => {
        const index = (first + k) % state.targets.length;
        // A new connection per request (agent: false): a reused keep-alive socket the instance has
        // just closed would fail the request with "socket hang up", which is no part of the test.
        const upstream = http.request(state.targets[index] + (req.url ?? '/'), { method: req.method, agent: false, headers: { ...req.headers, host: new URL(state.targets[index]).host, connection: 'close' } }, (up) => {
          forwarded[index]++;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('error', () => res.destroy());
        });
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' && k + 1 < state.targets.length) attempt(k + 1);
          else res.destroy();
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get targets() {
      return state.targets;
    },
    set targets(t: string[]) {
      state.targets = t;
    },
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The sessions the bot stored for these users (UserState "<channel>/users/<user>/", property jixiaoSession), from the database. */
export async function pgSessions(databaseUrl: string, users: ActivityOptions[]): Promise<Map<string, Session | undefined>> {
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  try {
    const storage = new PgStorage({ pool });
    const keys = users.map((u) => `${u.channelId}/users/${u.userId}/`);
    const items = await storage.read(keys);
    return new Map(users.map((u, i) => [u.userId, (items[keys[i]] as { jixiaoSession?: Session } | undefined)?.jixiaoSession]));
  } finally {
    await pool.end();
  }
}
