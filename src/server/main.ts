// `npm start`: wires config → storage → adapter (with onTurnError) → bot → routes, listens, and
// shuts down gracefully on SIGINT/SIGTERM (stop accepting, finish running turns, flush storage).
import type { Storage } from 'botbuilder';
import cluster from 'node:cluster';
import { pathToFileURL } from 'node:url';
import { createFormBot, turnKey } from '../../dialogs/bot.js';
import { createAttachmentFetcher } from '../attachments/fetch.js';
import { uploadIdOf } from '../directline/routes.js';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../config.js';
import { DocxXlsxExporter } from '../documents/exporter.js';
import { openBackend } from '../db/backend.js';
import type { SharedKv } from '../storage/sharedKv.js';
import { LinkFileDelivery } from '../files/index.js';
import { IsolatedImporter } from '../import/isolated.js';
import { SerializeTurns } from '../storage/index.js';
import { runPrimary, stopWhenPrimaryGone } from './cluster.js';
import { createAdapter } from './adapter.js';
import { createServer, type AppServer } from './app.js';
import type { BotLike } from './messages.js';
import { createLogger, type Logger } from './logger.js';
import { WecomAdapter, type WecomAdapterOptions } from '../wecom/adapter.js';
import { KvSeenStore, KvTokenStore } from '../wecom/stores.js';

export type Running = { app: AppServer; url: string; storage: Storage; kv: SharedKv; wecom?: WecomAdapter; stop(): Promise<{ drained: boolean }> };

/** Test and benchmark hooks: options for the 企业微信 adapter (a fake clock, stores). */
export type StartOverrides = { wecom?: Partial<Omit<WecomAdapterOptions, 'settings'>> };

export async function startServer(config: Config, logger: Logger, overrides: StartOverrides = {}): Promise<Running> {
  // STORAGE=postgres: state, produced files and the channels' shared values in the database (src/db).
  const backend = await openBackend(config, logger);
  const { storage, fileStore } = backend;
  const adapter = createAdapter(config, logger);
  // The bot is built once the server listens, so that download links carry the bound port even
  // when PORT=0 and PUBLIC_BASE_URL is unset (tests, benchmarks). No turn can arrive before that.
  let formBot: BotLike | undefined;
  const bot: BotLike = { run: (context) => formBot!.run(context) };
  // 企业微信 / 政务微信 (when WECOM_* is set): callbacks at /api/wecom, replies through its API.
  let app: AppServer | undefined;
  const wecom = config.wecom
    ? new WecomAdapter({
        settings: config.wecom,
        logger,
        fileStore,
        uploadMaxBytes: config.uploadMaxBytes,
        track: (turn) => app!.tracker.run(turn),
        draining: () => app?.tracker.draining ?? false,
        // Several instances share one database: the token and the callbacks already taken live there too.
        ...(config.storage === 'postgres' ? { tokenStore: new KvTokenStore(backend.kv), seenStore: new KvSeenStore(backend.kv) } : {}),
        ...overrides.wecom,
      })
    : undefined;
  app = createServer({ config, bot, adapter, logger, fileStore, wecom, ...(backend.health ? { health: backend.health } : {}) });
  const url = await app.listen();

  // Attachments: Direct Line uploads are read in-process; anything else only from ATTACHMENT_HOSTS,
  // never from a private address, within ATTACHMENT_TIMEOUT_MS and UPLOAD_MAX_BYTES.
  const conversations = app.conversations;
  const fetchAttachment = createAttachmentFetcher({
    allowHosts: config.attachmentHosts,
    selfOrigins: () => [app.publicBaseUrl(), app.url(), config.publicBaseUrl],
    local: async (url) => {
      const id = uploadIdOf(url);
      return id && conversations ? conversations.readUpload(id) : undefined;
    },
    maxBytes: config.uploadMaxBytes,
    timeoutMs: config.attachmentTimeoutMs,
  });

  // Uploaded files are read in worker threads under heap and time limits (src/import/isolated.ts).
  const importer = new IsolatedImporter({
    timeoutMs: config.importTimeoutMs,
    heapMb: config.importHeapMb,
    onFailure: (f) => logger.warn({ kind: f.kind, detail: f.detail }, 'file import stopped'),
  });
  importer.warm();

  const created = createFormBot({
    storage,
    logger,
    fetchAttachment,
    rethrowETagConflicts: true,
    deps: {
      clock: { now: () => new Date() },
      exporter: new DocxXlsxExporter(),
      importer,
      files: new LinkFileDelivery({ store: fileStore, publicBaseUrl: app.publicBaseUrl(), ttlMs: config.fileLinkTtlHours * 3_600_000 }),
      defaultRuleSet: config.ruleSet,
      region: config.region,
    },
  });
  // Forms belong to the user: one turn at a time per user; a write that lost a race is retried.
  // Several instances on one database race for a user only when two of their messages arrive at
  // two instances at once: the loser re-runs from fresh state, a few times at most.
  const serialize = new SerializeTurns({ keyOf: turnKey, retryOnConflict: { reload: [created.userState], attempts: config.storage === 'postgres' ? 5 : 1 } });
  adapter.use(serialize);
  wecom?.use(serialize);
  formBot = created.bot;
  const server = app;
  return {
    app: server,
    url,
    storage,
    kv: backend.kv,
    ...(wecom ? { wecom } : {}),
    async stop() {
      const result = await server.close();
      await importer.close();
      await flush(storage);
      await backend.close();
      return result;
    },
  };
}

/** Storage writes finish within their turn; a store that buffers may offer flush() or close(). */
async function flush(storage: Storage): Promise<void> {
  const s = storage as Storage & { flush?: () => Promise<void>; close?: () => Promise<void> };
  if (typeof s.flush === 'function') await s.flush();
  else if (typeof s.close === 'function') await s.close();
}

export async function main(): Promise<number> {
  const envFile = loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (envFile) logger.info({ file: envFile }, 'loaded .env');
  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary(config, logger);
    return 0;
  }

  let running: Running;
  try {
    running = await startServer(config, logger);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      process.stderr.write(`无法监听 ${config.host}:${config.port}（${code}）。请关闭占用该端口的程序，或在 .env 中设置另一个 PORT。\n`);
      return 1;
    }
    if (code === 'DB_SETUP') {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }

  logger.info({ url: running.url, publicBaseUrl: config.publicBaseUrl, ruleSet: config.ruleSet, storage: config.storage, dataDir: config.dataDir }, 'listening');
  if (config.localMode) {
    logger.warn({ host: config.host }, 'local mode: no MicrosoftAppId, so /api/messages is NOT authenticated; keep HOST on 127.0.0.1 or set the app id');
    process.stdout.write(`\n绩效自评助手已启动。请在浏览器中打开 ${config.publicBaseUrl}/\n（本地模式，未启用身份验证；按 Ctrl+C 停止）\n\n`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing running turns');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000).unref();
    running.stop().then(
      ({ drained }) => {
        logger.info({ drained }, 'stopped');
        process.exit(drained ? 0 : 1);
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  stopWhenPrimaryGone(shutdown);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main();
  if (code !== 0) process.exit(code);
}
