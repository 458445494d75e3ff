import path from 'node:path';
import {
  type Activity,
  type ConversationAccount,
  ConversationState,
  MemoryStorage,
  type Storage,
  TestAdapter,
  type TurnContext,
} from 'botbuilder';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETagConflictError, FileStorage, KeyedMutex, SerializeTurns } from '../../src/storage/index.js';
import { delay, tempDir } from './helpers.js';

const msg = (text: string, conversation = 'Convo1'): Partial<Activity> => ({
  type: 'message',
  text,
  conversation: { id: conversation } as ConversationAccount,
});

/** A bot that appends each message to a list in conversation state, with an await in between. */
function listBot(storage: Storage, pauseMs: () => number = () => 20) {
  const state = new ConversationState(storage);
  const seen = state.createProperty<string[]>('seen');
  const logic = async (context: TurnContext) => {
    const list = await seen.get(context, []);
    await delay(pauseMs()); // e.g. scoring, a document build: anything that yields
    await seen.set(context, [...list, context.activity.text ?? '']);
    await state.saveChanges(context);
    await context.sendActivity(`已记录 ${list.length + 1}`);
  };
  const stored = async (conversation = 'Convo1'): Promise<string[]> =>
    (await storage.read([`test/conversations/${conversation}/`]))[`test/conversations/${conversation}/`]?.seen ?? [];
  return { logic, stored, state };
}

describe('KeyedMutex', () => {
  it('runs holders of one key one at a time, in arrival order, and forgets idle keys', async () => {
    const m = new KeyedMutex();
    const order: string[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name, i) =>
        m.run('k', async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await delay(10 - i * 2);
          order.push(name);
          inside--;
        }),
      ),
    );
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(maxInside).toBe(1);
    expect(m.size).toBe(0);
  });

  it('lets a failed holder pass the key on', async () => {
    const m = new KeyedMutex();
    const failed = m.run('k', async () => {
      throw new Error('boom');
    });
    const next = m.run('k', () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    expect(m.size).toBe(0);
  });

  it('runs different keys in parallel', async () => {
    const m = new KeyedMutex();
    const t0 = performance.now();
    await Promise.all(['a', 'b', 'c'].map((k) => m.run(k, () => delay(50))));
    expect(performance.now() - t0).toBeLessThan(120);
  });

  it('runAll takes keys in a fixed order, so opposite orders cannot deadlock', async () => {
    const m = new KeyedMutex();
    const done = await Promise.race([
      Promise.all([
        m.runAll(['x', 'y'], () => delay(10)),
        m.runAll(['y', 'x'], () => delay(10)),
        m.runAll(['y', 'x', 'y'], () => delay(10)),
      ]).then(() => 'done'),
      delay(2000).then(() => 'deadlock'),
    ]);
    expect(done).toBe('done');
    expect(m.size).toBe(0);
  });
});

describe('SerializeTurns: two messages at the same time', () => {
  it('WITHOUT the middleware one answer is lost (the race the middleware exists for)', async () => {
    const storage = new MemoryStorage();
    const bot = listBot(storage);
    const adapter = new TestAdapter(bot.logic);
    await Promise.all([adapter.receiveActivity(msg('年初预算数 1800')), adapter.receiveActivity(msg('全年预算数 2000'))]);
    expect(await bot.stored()).toHaveLength(1);
  });

  it('WITH the middleware both answers are kept, in arrival order', async () => {
    const storage = new MemoryStorage();
    const bot = listBot(storage);
    const serialize = new SerializeTurns();
    const adapter = new TestAdapter(bot.logic).use(serialize);
    await Promise.all([adapter.receiveActivity(msg('年初预算数 1800')), adapter.receiveActivity(msg('全年预算数 2000'))]);
    expect(await bot.stored()).toEqual(['年初预算数 1800', '全年预算数 2000']);
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['已记录 1', '已记录 2']);
    expect(serialize.mutex.size).toBe(0);
  });

  describe('over FileStorage', () => {
    let sandbox: { dir: string; cleanup: () => void };
    beforeEach(() => {
      sandbox = tempDir();
    });
    afterEach(() => sandbox.cleanup());

    it('ten messages sent at once all take effect and survive a restart', async () => {
      const dataDir = path.join(sandbox.dir, 'data');
      const bot = listBot(new FileStorage({ dataDir }), () => Math.random() * 10);
      const adapter = new TestAdapter(bot.logic).use(new SerializeTurns());
      const texts = Array.from({ length: 10 }, (_, i) => `answer ${i}`);
      await Promise.all(texts.map((t) => adapter.receiveActivity(msg(t))));
      const reopened = listBot(new FileStorage({ dataDir }));
      expect(await reopened.stored()).toEqual(texts);
    });
  });

  it('does not serialise different conversations (they overlap in time)', async () => {
    const spans = new Map<string, [number, number]>();
    const adapter = new TestAdapter(async (context) => {
      const start = performance.now();
      await delay(80);
      spans.set(context.activity.conversation.id, [start, performance.now()]);
    }).use(new SerializeTurns());
    const t0 = performance.now();
    await Promise.all(['c1', 'c2', 'c3'].map((c) => adapter.receiveActivity(msg('hi', c))));
    const elapsed = performance.now() - t0;
    const [a, b, c] = ['c1', 'c2', 'c3'].map((k) => spans.get(k)!);
    expect(b[0]).toBeLessThan(a[1]); // c2 started before c1 ended
    expect(c[0]).toBeLessThan(a[1]);
    expect(elapsed).toBeLessThan(200); // serialised would be ≥ 240 ms
  });

  it('keeps every conversation consistent under random concurrent traffic (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 25 }),
        async (traffic) => {
          const storage = new MemoryStorage();
          const pauses = traffic.map(([, p]) => p);
          let turn = 0;
          const bot = listBot(storage, () => pauses[turn++ % pauses.length]);
          const serialize = new SerializeTurns();
          const adapter = new TestAdapter(bot.logic).use(serialize);
          await Promise.all(traffic.map(([c], i) => adapter.receiveActivity(msg(String(i), c))));
          for (const c of ['a', 'b', 'c']) {
            const sent = traffic.flatMap(([cc], i) => (cc === c ? [String(i)] : []));
            expect(await bot.stored(c)).toEqual(sent);
          }
          expect(serialize.mutex.size).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a failing turn does not block the conversation', async () => {
    const storage = new MemoryStorage();
    const bot = listBot(storage);
    const errors: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      if (context.activity.text === 'crash') throw new Error('bot bug');
      await bot.logic(context);
    }).use(new SerializeTurns());
    adapter.onTurnError = async (_context, err) => {
      errors.push(err.message);
    };
    await Promise.all([adapter.receiveActivity(msg('crash')), adapter.receiveActivity(msg('after'))]);
    expect(errors).toEqual(['bot bug']);
    expect(await bot.stored()).toEqual(['after']);
  });

  it('a turn that starts a nested turn of its own conversation does not deadlock', async () => {
    const serialize = new SerializeTurns();
    const log: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      log.push(`turn ${context.activity.text}`);
      if (context.activity.text === 'outer') {
        await adapter.processActivity(msg('inner'));
        log.push('outer done');
      }
    }).use(serialize);
    const outcome = await Promise.race([
      adapter.receiveActivity(msg('outer')).then(() => 'done'),
      delay(2000).then(() => 'deadlock'),
    ]);
    expect(outcome).toBe('done');
    expect(log).toEqual(['turn outer', 'turn inner', 'outer done']);
  });

  it('a turn started by a timer after its parent turn ended waits its turn like any other', async () => {
    const spans: Array<[string, number, number]> = [];
    let later: Promise<void> | undefined;
    const adapter = new TestAdapter(async (context) => {
      const start = performance.now();
      if (context.activity.text === 'first') {
        later = new Promise((resolve) => setTimeout(() => resolve(adapter.receiveActivity(msg('timer'))), 60));
      }
      await delay(40);
      spans.push([context.activity.text ?? '', start, performance.now()]);
    }).use(new SerializeTurns());
    await adapter.receiveActivity(msg('first'));
    const second = adapter.receiveActivity(msg('second'));
    await Promise.all([second, later]);
    const [, s1, e1] = spans.find(([t]) => t === 'second')!;
    const [, s2, e2] = spans.find(([t]) => t === 'timer')!;
    expect(s2 >= e1 - 1 || s1 >= e2 - 1).toBe(true); // no overlap
  });
});

/** A conversation state that saves with the eTag it loaded (not '*'), so a stale save is rejected. */
class StrictConversationState extends ConversationState {
  override async saveChanges(context: TurnContext): Promise<void> {
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: { ...this.get(context) } });
  }
}

describe('SerializeTurns: retry after an eTag conflict', () => {
  let sandbox: { dir: string; cleanup: () => void };
  beforeEach(() => {
    sandbox = tempDir();
  });
  afterEach(() => sandbox.cleanup());

  /** A bot whose first `conflicts` turn attempts are overtaken by "another process" writing count = 5. */
  async function setup(conflicts: number, retry: boolean) {
    const storage = new FileStorage({ dataDir: path.join(sandbox.dir, 'data') });
    const otherProcess = new FileStorage({ dataDir: path.join(sandbox.dir, 'data') });
    const state = new StrictConversationState(storage);
    const count = state.createProperty<number>('count');
    let attempts = 0;
    const adapter = new TestAdapter(async (context) => {
      attempts++;
      const n = await count.get(context, 0);
      if (attempts <= conflicts) await otherProcess.write({ 'test/conversations/Convo1/': { count: 5 } });
      await count.set(context, n + 1);
      await context.sendActivity(`count=${n + 1}`);
      await state.saveChanges(context);
    }).use(new SerializeTurns(retry ? { retryOnConflict: { reload: [state] } } : {}));
    const errors: unknown[] = [];
    adapter.onTurnError = async (context, err) => {
      errors.push(err);
      await context.sendActivity('抱歉，这条回答没有保存，请再发一次。');
    };
    await storage.write({ 'test/conversations/Convo1/': { count: 0 } });
    const stored = async () => (await storage.read(['test/conversations/Convo1/']))['test/conversations/Convo1/']?.count;
    return { adapter, errors, stored, attempts: () => attempts };
  }

  it('re-runs the turn once on fresh state and answers once, with the saved figure', async () => {
    const { adapter, errors, stored, attempts } = await setup(1, true);
    await adapter.receiveActivity(msg('+1'));
    expect(errors).toEqual([]);
    expect(attempts()).toBe(2);
    expect(await stored()).toBe(6); // the other process's 5, plus ours
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['count=6']);
  });

  it('without the retry the conflict reaches onTurnError (the stale write is rejected, 5 is kept)', async () => {
    const { adapter, errors, stored, attempts } = await setup(1, false);
    await adapter.receiveActivity(msg('+1'));
    expect(errors[0]).toBeInstanceOf(ETagConflictError);
    expect(attempts()).toBe(1);
    expect(await stored()).toBe(5);
  });

  it('gives up after one retry; the unsaved turn sends no "count=" reply, only the apology', async () => {
    const { adapter, errors, stored, attempts } = await setup(2, true);
    await adapter.receiveActivity(msg('+1'));
    expect(attempts()).toBe(2);
    expect(errors[0]).toBeInstanceOf(ETagConflictError);
    expect(await stored()).toBe(5);
    expect(adapter.activeQueue.map((a) => a.text)).toEqual(['抱歉，这条回答没有保存，请再发一次。']);
  });
});
