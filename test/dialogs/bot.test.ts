// The botbuilder wrapper: the same conversation through an adapter, state kept in bot state,
// replies mapped to what each channel can show, storage failures answered, turns serialised.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, TestAdapter, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { createFormBot, channelCaps, messageText } from '../../dialogs/bot.js';
import type { DialogDeps, FileDelivery } from '../../dialogs/ports.js';
import { Session } from '../../dialogs/engine/index.js';
import { FileStorage, SerializeTurns } from '../../src/storage/index.js';
import { fixedClock } from './helpers.js';

type Harness = { adapter: TestAdapter; send(text: string | Partial<Activity>): Promise<Partial<Activity>[]>; join(): Promise<Partial<Activity>[]> };

function harness(storage: Storage, template: Partial<Activity> = {}, deps: DialogDeps = { clock: fixedClock }, serialize = true): Harness {
  const { bot } = createFormBot({ storage, deps });
  const adapter = new TestAdapter(async (context) => bot.run(context), template);
  if (serialize) adapter.use(new SerializeTurns());
  const drain = () => adapter.activeQueue.splice(0, adapter.activeQueue.length);
  return {
    adapter,
    async send(text) {
      await adapter.processActivity(typeof text === 'string' ? { type: 'message', text } : text);
      return drain();
    },
    async join() {
      await adapter.processActivity({ type: 'conversationUpdate', membersAdded: [{ id: template.from?.id ?? 'user', name: 'user' }] });
      return drain();
    },
  };
}

const texts = (acts: Partial<Activity>[]) => acts.map((a) => a.text ?? '').join('\n');

/** The stored session of a user, read back from the storage. */
async function storedSession(storage: Storage, channel: string, user: string) {
  const key = `${channel}/users/${user}/`;
  const items = await storage.read([key]);
  return Session.parse((items[key] as Record<string, unknown>).jixiaoSession);
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the bot wrapper', () => {
  it('welcomes a new member and asks the first question', async () => {
    const h = harness(new MemoryStorage(), { channelId: 'webchat' });
    const out = await h.join();
    expect(texts(out)).toContain('我是绩效自评助手');
    expect(texts(out)).toContain('请输入项目名称');
  });

  it('webchat: suggestions as imBack buttons, cards as Adaptive Card 1.4 attachments', async () => {
    const h = harness(new MemoryStorage(), { channelId: 'webchat' });
    await h.join();
    await h.send('苏州项目A');
    await h.send('2021');
    const q = (await h.send('工信局')).find((a) => a.attachments?.length)!;
    expect(q.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = q.attachments?.[0]?.content as { version: string; body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }> };
    expect(card.version).toBe('1.4');
    expect(card.body.find((b) => b.type === 'FactSet')?.facts).toContainEqual({ title: '项目名称', value: '苏州项目A' });
    const out = await h.send('1900');
    const last = out[out.length - 1];
    expect(last.suggestedActions?.actions.map((a) => [a.type, a.value])).toEqual([
      ['imBack', '0'],
      ['imBack', '跳过'],
    ]);
  });

  it('a channel without cards or buttons gets the same content as text', async () => {
    expect(channelCaps('sms')).toEqual({ inlineFiles: false, suggestedActions: false, adaptiveCards: false });
    const h = harness(new MemoryStorage(), { channelId: 'sms' });
    await h.join();
    await h.send('苏州项目A');
    await h.send('2021');
    const out = await h.send('工信局');
    expect(out.every((a) => !a.attachments && !a.suggestedActions)).toBe(true);
    expect(texts(out)).toContain('【基本信息 · 已填完】\n项目名称：苏州项目A');
    expect(texts(out)).toContain('可回复：跳过');
  });

  it('a failed state write is answered with 没有保存成功 and nothing else; the answer is not kept', async () => {
    const inner = new MemoryStorage();
    let failWrites = false;
    const flaky: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      write: async (changes: StoreItems) => {
        if (failWrites) {
          const err = new Error('disk full');
          err.name = 'StorageWriteError';
          throw err;
        }
        return inner.write(changes);
      },
    };
    const h = harness(flaky, { channelId: 'webchat' });
    await h.join();
    await h.send('苏州项目A');
    failWrites = true;
    expect(await h.send('2021')).toEqual([expect.objectContaining({ text: '没有保存成功：你的上一条回答没有保存，请稍后重发。' })]);
    failWrites = false;
    expect(texts(await h.send('进度'))).toContain('现在在：基本信息 —— 项目年份');
    expect(texts(await h.send('2021'))).toContain('已记录项目年份：2021');
  });

  it('files: delivered as attachments through the FileDelivery port, or a clear message without one', async () => {
    const exporter = { exportForm: async () => [{ name: '表.docx', contentType: 'application/x-docx', bytes: new Uint8Array([1, 2]) }] };
    const seen: Array<{ userId: string; formKey: string; inline: boolean }> = [];
    const files: FileDelivery = {
      deliver: async (fs, scope, caps) => {
        seen.push({ ...scope, inline: caps.inlineFiles });
        return fs.map((f) => ({ name: f.name, contentType: f.contentType, contentUrl: `https://bot.example/files/${f.name}` }));
      },
    };
    const h = harness(new MemoryStorage(), { channelId: 'msteams', from: { id: 'u-1', name: 'u' } }, { clock: fixedClock, exporter, files });
    await h.join();
    await h.send('苏州项目A');
    const out = await h.send('导出');
    expect(out.length).toBeGreaterThan(0);
    // No indicators yet: export is blocked by 5 errors (4 empty categories, the total), nothing delivered.
    expect(texts(out)).toContain('还不能导出，有 5 个错误');
    for (let i = 0; i < 5; i++) await h.send('保留 1 测试');
    const done = await h.send('导出');
    const withFile = done.find((a) => a.attachments?.length);
    expect(withFile?.attachments?.[0]).toEqual({ contentType: 'application/x-docx', contentUrl: 'https://bot.example/files/表.docx', name: '表.docx' });
    expect(seen).toEqual([{ userId: 'u-1', formKey: '苏州项目A', inline: false }]);

    const bare = harness(new MemoryStorage(), { channelId: 'webchat' }, { clock: fixedClock, exporter });
    await bare.join();
    await bare.send('苏州项目A');
    for (let i = 0; i < 5; i++) await bare.send('保留 1 测试');
    expect(texts(await bare.send('导出'))).toContain('这里不能发送文件');
  });
});

describe('resume after the storage is reopened', () => {
  it('a new FileStorage on the same folder, a new conversation: the user continues where they were', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jixiao-dialogs-'));
    dirs.push(dir);
    const first = harness(new FileStorage({ dataDir: dir }), { channelId: 'directline', from: { id: 'alice', name: 'alice' }, conversation: { id: 'conv-1' } as Activity['conversation'] });
    await first.join();
    await first.send('苏州项目A');
    await first.send('2021');
    await first.send('工信局');
    await first.send('1900');

    const again = harness(new FileStorage({ dataDir: dir }), { channelId: 'directline', from: { id: 'alice', name: 'alice' }, conversation: { id: 'conv-2' } as Activity['conversation'] });
    const welcome = texts(await again.join());
    expect(welcome).toContain('欢迎回来！上次填的是「苏州项目A（2021）」');
    expect(welcome).toContain('请输入当年使用上年结余、结转及当年调整预算数');
    expect(texts(await again.send('-812.5'))).toContain('调整后预算 = 1900 + (-812.5) = 1087.5 万元');
    const session = await storedSession(new FileStorage({ dataDir: dir }), 'directline', 'alice');
    expect(session.forms[0].form.budget).toEqual({ initial: '1900', adjustment: '-812.5' });

    // Another user on the same store starts from scratch.
    const bob = harness(new FileStorage({ dataDir: dir }), { channelId: 'directline', from: { id: 'bob', name: 'bob' }, conversation: { id: 'conv-3' } as Activity['conversation'] });
    expect(texts(await bob.join())).toContain('我是绩效自评助手');
  });
});

describe('storage work per turn', () => {
  /** Counts the storage calls of each turn. */
  function counting(inner: FileStorage) {
    const calls = { read: 0, write: 0 };
    const storage = {
      read: (keys: string[]) => (calls.read++, inner.read(keys)),
      write: (changes: StoreItems) => (calls.write++, inner.write(changes)),
      writeWithETags: (changes: StoreItems) => (calls.write++, inner.writeWithETags(changes)),
      delete: (keys: string[]) => inner.delete(keys),
    };
    return { storage, calls };
  }

  it('with FileStorage a turn reads the user state once and writes it once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jixiao-dialogs-'));
    dirs.push(dir);
    const { storage, calls } = counting(new FileStorage({ dataDir: dir }));
    const h = harness(storage, { channelId: 'directline', from: { id: 'dave', name: 'dave' } });
    await h.join();
    for (const t of ['苏州项目A', '2021', '工信局']) {
      calls.read = calls.write = 0;
      await h.send(t);
      expect(calls).toEqual({ read: 1, write: 1 });
    }
    const session = await storedSession(new FileStorage({ dataDir: dir }), 'directline', 'dave');
    expect(session.forms[0].form.project).toEqual({ name: '苏州项目A', year: 2021, department: '工信局' });
  });

  it('a second save in the same turn is written against the new eTag, not refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jixiao-dialogs-'));
    dirs.push(dir);
    const storage = new FileStorage({ dataDir: dir });
    const { bot, userState } = createFormBot({ storage, deps: { clock: fixedClock } });
    const prop = userState.createProperty<number>('extra');
    const adapter = new TestAdapter(async (context) => {
      await bot.run(context);
      await prop.set(context, ((await prop.get(context)) ?? 0) + 1);
      await userState.saveChanges(context);
    }, { channelId: 'directline', from: { id: 'erin', name: 'erin' } });
    await adapter.processActivity({ type: 'conversationUpdate', membersAdded: [{ id: 'erin', name: 'erin' }] });
    await adapter.processActivity({ type: 'message', text: '苏州项目A' });
    await adapter.processActivity({ type: 'message', text: '2021' });
    const replies = texts(adapter.activeQueue.splice(0));
    expect(replies).not.toContain('没有保存成功');
    const item = (await storage.read(['directline/users/erin/']))['directline/users/erin/'] as Record<string, unknown>;
    expect(item.extra).toBe(3);
    expect(Session.parse(item.jixiaoSession).forms[0].form.project).toEqual({ name: '苏州项目A', year: 2021 });
  });
});

describe('two messages sent to one conversation at the same time', () => {
  /** A store whose reads take a moment (after reading), so that unserialised turns overlap. */
  function slowStorage(): Storage {
    const inner = new MemoryStorage();
    return {
      read: async (keys) => {
        const items = await inner.read(keys);
        await new Promise((r) => setTimeout(r, 15));
        return items;
      },
      write: (changes) => inner.write(changes),
      delete: (keys) => inner.delete(keys),
    };
  }

  async function race(serialize: boolean) {
    const storage = slowStorage();
    const h = harness(storage, { channelId: 'webchat', from: { id: 'carol', name: 'carol' } }, { clock: fixedClock }, serialize);
    await h.join();
    for (const t of ['苏州项目A', '2021', '工信局', '1900', '-812.5']) await h.send(t);
    await Promise.all([h.adapter.processActivity({ type: 'message', text: '年初预算数改成2000' }), h.adapter.processActivity({ type: 'message', text: '把调整数改为 -800' })]);
    const replies = texts(h.adapter.activeQueue.splice(0));
    const session = await storedSession(storage, 'webchat', 'carol');
    return { budget: session.forms[0].form.budget, replies };
  }

  it('with SerializeTurns both corrections take effect', async () => {
    const { budget, replies } = await race(true);
    expect(budget).toEqual({ initial: '2000', adjustment: '-800' });
    expect(replies).toContain('已把年初预算数由 1900 万元 改为 2000 万元');
    expect(replies).toContain('由 -812.5 万元 改为 -800 万元');
    expect(replies).not.toContain('没有保存成功');
  });

  it('without it the turns race: one answer would be lost, and the eTag check refuses it openly', async () => {
    const { budget, replies } = await race(false);
    expect(budget).not.toEqual({ initial: '2000', adjustment: '-800' });
    expect(replies).toContain('没有保存成功');
  });
});

describe('message text', () => {
  it('drops an @mention of the bot (Teams group chats) and nothing else', () => {
    const activity = {
      text: '<at>绩效自评助手</at> 1900',
      recipient: { id: 'bot-1', name: '绩效自评助手' },
      entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: '绩效自评助手' }, text: '<at>绩效自评助手</at>' }],
    };
    expect(messageText(activity)).toBe('1900');
    expect(activity.text).toBe('<at>绩效自评助手</at> 1900'); // the activity itself is left alone
    expect(messageText({ text: '参观人数是8757人次', recipient: { id: 'bot-1', name: 'b' } })).toBe('参观人数是8757人次');
    expect(messageText({})).toBe('');
  });
});
