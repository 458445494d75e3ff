// One log line per turn without form contents; graceful shutdown that finishes running turns; the
// onTurnError reply that does not leak details.
import type { TurnContext } from 'botbuilder';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURN_ERROR_REPLY } from '../../src/server/adapter.js';
import { createServer } from '../../src/server/app.js';
import { EchoBot } from '../../src/server/echoBot.js';
import { silentLogger } from '../../src/server/logger.js';
import { fakeChannel, message, postJson, testConfig, type FakeChannel } from './helpers.js';

let channel: FakeChannel;

beforeAll(async () => {
  channel = await fakeChannel();
});

afterAll(async () => {
  await channel?.close();
});

function memoryLogger(level: 'info' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

describe('logging', () => {
  it('writes one info line per turn with channel, hashed conversation, type, duration and status — no text', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = createServer({ config: testConfig(), bot: new EchoBot(), logger });
    const base = await app.listen();
    try {
      await postJson(`${base}/api/messages`, message(channel.url, '项目名称是秘密工程', { conversation: { id: 'conv-secret-1' } }));
      await postJson(`${base}/api/messages`, '{broken');
      const turns = lines.filter((l) => l.msg === 'turn');
      expect(turns).toEqual([
        expect.objectContaining({ level: 30, channel: 'test', conv: expect.stringMatching(/^[0-9a-f]{12}$/), type: 'message', ms: expect.any(Number), status: 200 }),
        expect.objectContaining({ level: 30, status: 400 }),
      ]);
      const all = JSON.stringify(lines);
      expect(all).not.toContain('秘密工程');
      expect(all).not.toContain('conv-secret-1');
    } finally {
      await app.close();
    }
  });
});

describe('turn errors', () => {
  it('apologises with a fixed message, logs the error, and answers 200', async () => {
    const { logger, lines } = memoryLogger('info');
    const failing = { run: async (_c: TurnContext) => Promise.reject(new Error('database password is hunter2')) };
    const app = createServer({ config: testConfig(), bot: failing, logger });
    const base = await app.listen();
    channel.replies.length = 0;
    try {
      const res = await postJson(`${base}/api/messages`, message(channel.url, '你好'));
      expect(res.status).toBe(200);
      const [reply] = await channel.waitForReplies(1);
      expect(reply.activity.text).toBe(TURN_ERROR_REPLY);
      expect(reply.activity.text).toContain('出错了，请重试');
      expect(JSON.stringify(reply)).not.toContain('hunter2');
      expect(lines.find((l) => l.msg === 'turn failed')).toMatchObject({ level: 50 });
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  class SlowBot extends EchoBot {
    started = 0;
    release!: () => void;
    readonly gate = new Promise<void>((resolve) => (this.release = resolve));
    override async run(context: TurnContext) {
      this.started++;
      await this.gate;
      await super.run(context);
    }
  }

  it('stops accepting, lets the running turn finish and reply, then closes', async () => {
    const bot = new SlowBot();
    const app = createServer({ config: testConfig(), bot, logger: silentLogger() });
    const base = await app.listen();
    channel.replies.length = 0;
    const running = postJson(`${base}/api/messages`, message(channel.url, '慢一点'));
    while (bot.started === 0) await new Promise((r) => setTimeout(r, 5));

    let closed = false;
    const closing = app.close().then((r) => {
      closed = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false); // waiting for the turn
    await expect(fetch(`${base}/healthz`)).rejects.toThrow(); // no new connections

    bot.release();
    expect((await running).status).toBe(200);
    expect(await closing).toEqual({ drained: true });
    expect(channel.replies.map((r) => r.activity.text)).toEqual(['你说：慢一点']);
  });

  it('gives up after SHUTDOWN_TIMEOUT_MS when a turn hangs', async () => {
    const bot = new SlowBot();
    const app = createServer({ config: testConfig({ SHUTDOWN_TIMEOUT_MS: '200' }), bot, logger: silentLogger() });
    const base = await app.listen();
    const hanging = postJson(`${base}/api/messages`, message(channel.url, '不会结束')).catch(() => 'connection closed');
    while (bot.started === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    expect(await app.close()).toEqual({ drained: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(await hanging).toBe('connection closed');
    bot.release();
  });
});
