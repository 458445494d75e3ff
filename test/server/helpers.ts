// Test helpers for the server: a local HTTP server playing the channel (it receives the bot's
// replies at serviceUrl and serves OpenID metadata and signing keys), activities, JWTs.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../src/config.js';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PORT: '0', STORAGE: 'memory', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '5000', ...env });
}

/** A port that was free a moment ago (for configs that must know their port before listening). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type Reply = { conversationId: string; replyTo?: string; activity: Record<string, unknown> & { type: string; text?: string } };

export type FakeChannel = {
  url: string;
  replies: Reply[];
  /** Public JWKS served at /keys (tests may add keys). */
  jwks: { keys: Record<string, unknown>[] };
  openIdUrl: string;
  waitForReplies(count: number, timeoutMs?: number): Promise<Reply[]>;
  close(): Promise<void>;
};

/** A channel on 127.0.0.1: POST /v3/conversations/:id/activities[/:replyTo] stores the bot's replies. */
export async function fakeChannel(): Promise<FakeChannel> {
  const replies: Reply[] = [];
  const jwks: { keys: Record<string, unknown>[] } = { keys: [] };
  let seq = 0;
  let url = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const send = (status: number, body: unknown) => {
        // restify patches ServerResponse in this process: writeHead() returns undefined, no chaining.
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && path === '/openid') {
        return send(200, { issuer: 'https://api.botframework.com', jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && path === '/keys') return send(200, jwks);
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (req.method === 'POST' && match) {
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['activity'];
        replies.push({ conversationId: decodeURIComponent(match[1]), replyTo: match[2] && decodeURIComponent(match[2]), activity });
        return send(200, { id: `reply-${++seq}` });
      }
      send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    replies,
    jwks,
    openIdUrl: `${url}/openid`,
    async waitForReplies(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (replies.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} replies, got ${replies.length}: ${JSON.stringify(replies.map((r) => r.activity.text))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return replies;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let activitySeq = 0;

export function message(serviceUrl: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${++activitySeq}`,
    channelId: 'test',
    serviceUrl,
    conversation: { id: 'conv-1' },
    from: { id: 'user-1', name: '测试用户' },
    recipient: { id: 'bot', name: 'bot' },
    text,
    locale: 'zh-CN',
    timestamp: new Date().toISOString(),
    ...extra,
  };
}

export function conversationUpdate(serviceUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: `act-${++activitySeq}`,
    channelId: 'test',
    serviceUrl,
    conversation: { id: 'conv-1' },
    from: { id: 'user-1', name: '测试用户' },
    recipient: { id: 'bot', name: 'bot' },
    membersAdded: [{ id: 'user-1', name: '测试用户' }],
    locale: 'zh-CN',
    ...extra,
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

// JWTs ------------------------------------------------------------------------------------------

export type SigningKey = { kid: string; privateKey: KeyObject; jwk: Record<string, unknown> };

export function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, kty: 'RSA', use: 'sig' } };
}

export function jwt(key: { kid: string; privateKey: KeyObject }, claims: Record<string, unknown>): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64({ iat: now, nbf: now - 10, exp: now + 3600, ...claims })}`;
  const signature = createSign('RSA-SHA256').update(head).sign(key.privateKey).toString('base64url');
  return `${head}.${signature}`;
}
