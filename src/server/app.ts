// The HTTP server: routes only. Built here, started by main.ts (or a test) with listen().
//   POST /api/messages            Bot Framework channel endpoint (auth by CloudAdapter)
//   GET  /healthz                 { ok, version, uptimeSeconds, ruleSet, mode[, database] } (503 when the database is down)
//   GET  /files/:token/:name      exported documents (expiring links; when a file store is given)
//   GET/POST /api/wecom           企业微信 / 政务微信 callbacks (when WECOM_* is set; src/wecom)
//   GET  /  /app.js /webchat.js   the local chat page, its script, Web Chat's bundle } local mode
//   /v3/directline/*              the Direct Line 3.0 subset the page talks to } only
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import restify, { type Server } from 'restify';
import type { Config } from '../config.js';
import { mountDirectLine } from '../directline/routes.js';
import { ConversationStore } from '../directline/store.js';
import { serveFile, type LinkStore } from '../files/index.js';
import { createAdapter, type ChannelAdapter } from './adapter.js';
import { createGuard } from './guard.js';
import { sendError, sendJson } from './http.js';
import type { Logger } from './logger.js';
import { messagesHandler, type BotLike } from './messages.js';
import { colorIcon } from '../teams/icons.js';
import { PROJECT_ROOT, pageHandler, scriptHandler, webchatHandler } from './static.js';
import { TurnTracker } from './turns.js';
import type { WecomAdapter } from '../wecom/adapter.js';

export type ServerOptions = {
  config: Config;
  bot: BotLike;
  /** Defaults to CloudAdapter + ConfigurationBotFrameworkAuthentication from the config. */
  adapter?: ChannelAdapter;
  logger: Logger;
  /** The exported files behind GET /files/:token/:name (swept hourly while the server runs). */
  fileStore?: LinkStore;
  /** Extra /healthz checks (the database with STORAGE=postgres): `ok: false` answers 503. */
  health?: () => Promise<{ ok: boolean; [name: string]: unknown }>;
  /** The 企业微信 channel: GET/POST /api/wecom (when configured). */
  wecom?: WecomAdapter;
};

export type AppServer = {
  server: Server;
  tracker: TurnTracker;
  /** The Direct Line conversations (local mode with the web chat on). */
  conversations?: ConversationStore;
  /** Starts listening (config port and host unless given); resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL of the listening server as this machine reaches it. */
  url(): string;
  /** PUBLIC_BASE_URL, or http://localhost:<bound port> when it was not set. */
  publicBaseUrl(): string;
  /** Stops accepting, lets running turns finish (up to config.shutdownTimeoutMs), closes. */
  close(): Promise<{ drained: boolean }>;
};

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function createServer({ config, bot, adapter, logger, fileStore, wecom, health }: ServerOptions): AppServer {
  const tracker = new TurnTracker();
  const channelAdapter = adapter ?? createAdapter(config, logger);
  const startedAt = Date.now();
  const server = restify.createServer({
    name: 'jixiao',
    log: logger as unknown as restify.ServerOptions['log'],
    handleUncaughtExceptions: false,
    maxParamLength: 4096, // file names in /files/:token/:name are percent-encoded Chinese
  } as restify.ServerOptions);

  const url = (): string => {
    const address = server.server.address() as AddressInfo | null;
    if (!address || typeof address === 'string') throw new Error('the server is not listening');
    const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  };

  const publicBaseUrl = (): string => {
    if (config.publicBaseUrlSet) return config.publicBaseUrl;
    const address = server.server.address() as AddressInfo | null;
    return address && typeof address !== 'string' ? `http://localhost:${address.port}` : config.publicBaseUrl;
  };

  // Security headers on every response; in local mode, requests a foreign web page could send are
  // refused before any route runs (src/server/guard.ts).
  const guard = createGuard({
    localMode: config.localMode,
    host: config.host,
    publicBaseUrl: config.publicBaseUrlSet ? config.publicBaseUrl : undefined,
    port: () => {
      const address = server.server.address() as AddressInfo | null;
      return address && typeof address !== 'string' ? address.port : undefined;
    },
    address: () => {
      const address = server.server.address() as AddressInfo | null;
      return address && typeof address !== 'string' ? address.address : undefined;
    },
  });
  server.pre(guard.pre);

  server.post('/api/messages', messagesHandler({ adapter: channelAdapter, bot, logger, maxBodyBytes: config.maxBodyBytes, tracker }));

  if (wecom) {
    server.get('/api/wecom', async function wecomVerify(req, res) {
      await wecom.handleGet(req, res);
    });
    server.post('/api/wecom', async function wecomCallback(req, res) {
      await wecom.handlePost(req, res, (context) => bot.run(context));
    });
  }

  server.get('/healthz', async function healthz(_req, res) {
    const { ok: checksOk, ...checks } = health ? await health() : { ok: true };
    sendJson(res, checksOk ? 200 : 503, {
      ...checks,
      ok: !tracker.draining && checksOk,
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      ruleSet: config.ruleSet,
      mode: config.localMode ? 'local' : 'authenticated',
    });
  });

  const timers: NodeJS.Timeout[] = [];
  if (fileStore) {
    server.get('/files/:token/:name', async function files(req, res) {
      try {
        const file = await serveFile(fileStore, String(req.params?.token ?? ''));
        res.writeHead(file.status, file.headers);
        res.end(file.body);
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'file download failed');
        sendError(res, 500, 'internal_error', 'the file could not be read');
      }
    });
    const sweep = () =>
      fileStore.sweep().then(
        (n) => n > 0 && logger.info({ removed: n }, 'expired files removed'),
        (error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'file sweep failed'),
      );
    const timer = setInterval(sweep, 60 * 60_000);
    timer.unref();
    timers.push(timer);
  }

  let conversations: ConversationStore | undefined;
  if (config.webchat) {
    conversations = new ConversationStore({
      maxConversations: config.directLineMaxConversations,
      idleMs: config.directLineIdleMinutes * 60_000,
      uploads: { dir: config.uploadDir, ttlMs: config.uploadTtlMinutes * 60_000, maxFiles: config.uploadMaxFiles, maxBytes: config.uploadConversationMaxBytes },
    });
    const store = conversations;
    const timer = setInterval(() => store.sweep(), 60_000);
    timer.unref();
    timers.push(timer);
    mountDirectLine(server, {
      store,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      uploadMaxBytes: config.uploadMaxBytes,
      selfUrl: url,
      publicBaseUrl,
    });
    const page = pageHandler('index.html');
    const webchat = webchatHandler();
    const script = scriptHandler('app.js');
    server.get('/', async function index(req, res) {
      await page(req, res);
    });
    server.get('/app.js', async function appJs(req, res) {
      await script(req, res);
    });
    server.get('/webchat.js', async function webchatJs(req, res) {
      await webchat(req, res);
    });
  } else {
    server.get('/', async function index(_req, res) {
      sendError(res, 404, 'not_found', 'the local web chat is off (it runs only without MicrosoftAppId); talk to the bot in Teams');
    });
  }
  let favicon: Buffer | undefined;
  server.get('/favicon.png', async function faviconPng(_req, res) {
    favicon ??= colorIcon();
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(favicon.length), 'Cache-Control': 'public, max-age=86400' });
    res.end(favicon);
  });
  for (const page of ['privacy', 'terms'] as const) {
    const handler = pageHandler(`${page}.html`);
    server.get(`/${page}`, async function legal(req, res) {
      await handler(req, res);
    });
  }

  return {
    server,
    tracker,
    conversations,
    url,
    publicBaseUrl,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve(url());
        });
      });
    },
    async close() {
      const http = server.server;
      const closed = new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
      http.closeIdleConnections();
      const drained = await tracker.drain(config.shutdownTimeoutMs);
      await new Promise((resolve) => setImmediate(resolve)); // let the last responses go out
      for (const timer of timers) clearInterval(timer);
      conversations?.clear();
      http.closeAllConnections();
      await closed;
      return { drained };
    },
  };
}
