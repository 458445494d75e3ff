// Sending inside WeCom's rules: token expiry and invalidation recovered (one refresh at a time),
// long text split at line boundaries (≤ 2048 bytes, never inside a number, arriving whole), no
// user ever above 30 messages a minute, files uploaded with their Chinese name and uploaded anew
// when the media_id expired, and the numbered menu where cards are off.
import { readFileSync } from 'node:fs';
import { ActivityTypes, TurnContext, type ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomApi } from '../../src/wecom/api.js';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { WecomSimulator } from '../../src/wecom/simulator.js';
import { MAX_TEXT_BYTES, expectsNumber, menuChoice, planMessages, splitText, utf8Bytes } from '../../src/wecom/text.js';
import { AES, AGENT, CORP, SECRET, shown, startHarness, TOKEN, virtualClock, type Harness } from './harness.js';

/** A long explanation: numbered lines full of amounts and percentages, about 7 KB. */
function longExplanation(): string {
  const lines = ['【预算执行率】为什么扣分'];
  for (let i = 1; i <= 60; i++) lines.push(`${i}. 第 ${i} 项子项：预算数 1,900.${i} 万元，实际支出 812.101021 万元，执行率 74.68%，差额 1,087.898979 万元。`);
  lines.push('要拿回这些分数：预算执行率需达到 100%，即实际支出 1087.5 万元。');
  return lines.join('\n');
}

describe('splitting text', () => {
  it('cuts a long explanation at line boundaries into parts of at most 2048 bytes that rejoin to the original', () => {
    const text = longExplanation();
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(utf8Bytes(p)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    expect(parts.join('\n')).toBe(text);
    const lines = new Set(text.split('\n'));
    for (const p of parts) for (const line of p.split('\n')) expect(lines.has(line)).toBe(true);
  });

  it('a single line longer than 2048 bytes is cut after punctuation, never inside a number', () => {
    const line = Array.from({ length: 80 }, (_, i) => `金额 ${1000 + i}.123456 万元，比率 ${i}.5%`).join('');
    const parts = splitText(line);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(line);
    for (let i = 0; i < parts.length - 1; i++) {
      expect(utf8Bytes(parts[i])).toBeLessThanOrEqual(MAX_TEXT_BYTES);
      const a = parts[i].at(-1)!;
      const b = parts[i + 1][0];
      expect(/[\d.%]/.test(a) && /[\d.%]/.test(b), `cut between ${a} and ${b}`).toBe(false);
    }
    // Even without any punctuation: digits glued to Chinese text are not cut apart.
    const dense = Array.from({ length: 400 }, (_, i) => `甲${i * 7919}乙`).join('');
    for (const [i, p] of splitText(dense).entries()) {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
      if (i > 0) expect(/^\d/.test(p) && /\d$/.test(splitText(dense)[i - 1])).toBe(false);
    }
  });

  it('merges a turn into one text and one card; a short question goes into the card itself', () => {
    const taskId = () => 't1';
    const merged = planMessages({ texts: ['已记录项目名称。', '请输入项目年份。'], suggestions: [], files: [] }, { cards: true, taskId });
    expect(merged.messages).toEqual([{ kind: 'text', content: '已记录项目名称。\n\n请输入项目年份。' }]);
    const short = planMessages({ texts: ['「资金使用合规性」目标是“合规”，实际达到了吗？'], suggestions: ['合规', '未合规', '跳过'], files: [] }, { cards: true, taskId });
    expect(short.messages.map((m) => m.kind)).toEqual(['card']);
    const long = planMessages({ texts: [longExplanation()], suggestions: ['导出', '预览'], files: [] }, { cards: true, taskId });
    expect(long.messages.at(-1)).toMatchObject({ kind: 'card', card: { sub_title_text: longExplanation().split('\n').at(-1) } });
    expect(long.messages.slice(0, -1).every((m) => m.kind === 'text')).toBe(true);
    // The question with its buttons, the text before it once (nothing lost, nothing twice).
    const rejoined = [...long.messages.slice(0, -1).map((m) => (m.kind === 'text' ? m.content : '')), long.messages.at(-1)!.kind === 'card' ? (long.messages.at(-1) as { card: { sub_title_text?: string } }).card.sub_title_text : ''].join('\n');
    expect(rejoined).toBe(longExplanation());
    // A single choice under a long text is a hint in the text, not a second message.
    const one = planMessages({ texts: ['x'.repeat(200)], suggestions: ['跳过'], files: [] }, { cards: true, taskId });
    expect(one.messages).toEqual([{ kind: 'text', content: `${'x'.repeat(200)}\n可回复：跳过` }]);
  });

  it('without cards: a numbered menu, except where the question wants a number', () => {
    const taskId = () => 't';
    const menu = planMessages({ texts: ['确定要重新开始吗？'], suggestions: ['确定', '取消'], files: [] }, { cards: false, taskId });
    expect(menu.menu).toEqual(['确定', '取消']);
    expect(menu.messages[0]).toMatchObject({ kind: 'text', content: expect.stringMatching(/1\. 确定\n2\. 取消/) });
    expect(menuChoice('2', menu.menu)).toBe('取消');
    expect(menuChoice('２', menu.menu)).toBe('取消');
    expect(menuChoice('3', menu.menu)).toBeUndefined();
    expect(menuChoice('12.5', menu.menu)).toBeUndefined();
    expect(expectsNumber('请输入年初预算数（万元），例如 1900。', ['跳过'])).toBe(true);
    const amount = planMessages({ texts: ['请输入结转数（万元）。'], suggestions: ['0', '跳过'], files: [] }, { cards: false, taskId });
    expect(amount.menu).toBeUndefined();
    expect(amount.messages[0]).toMatchObject({ content: expect.stringContaining('可回复：0 / 跳过') });
  });
});

describe('the access token', () => {
  it('concurrent callers share one gettoken; it is refreshed before it expires', async () => {
    const clock = virtualClock();
    const sim = new WecomSimulator({ corpId: CORP, agentId: AGENT, secret: SECRET, token: TOKEN, encodingAesKey: AES, now: clock.now });
    const base = await sim.start();
    try {
      const api = new WecomApi({ apiBase: base, corpId: CORP, secret: SECRET, agentId: AGENT, now: clock.now });
      await Promise.all(Array.from({ length: 20 }, (_, i) => api.send({ touser: 'u', msgtype: 'text', text: { content: `并发 ${i}` } })));
      expect(sim.calls.filter((c) => c.api === 'gettoken')).toHaveLength(1);
      expect(sim.receivedBy('u')).toHaveLength(20);
      clock.advance(7200_000 - 200_000); // within 5 minutes of expiry
      await api.send({ touser: 'u2', msgtype: 'text', text: { content: '提前刷新' } });
      expect(sim.calls.filter((c) => c.api === 'gettoken')).toHaveLength(2);
      expect(sim.calls.filter((c) => c.errcode !== 0)).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('through the running bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const reference = (user: string): Partial<ConversationReference> => ({
    channelId: 'wecom',
    serviceUrl: h.sim.apiBase,
    conversation: { id: `${CORP}:${user}`, isGroup: false, conversationType: 'personal', name: user },
    user: { id: `${CORP}:${user}`, name: user },
    bot: { id: `wecom-app-${AGENT}`, name: '绩效自评助手' },
  });
  const push = (user: string, send: (c: TurnContext) => Promise<unknown>) => h.running.wecom!.continueConversation(reference(user), async (c) => void (await send(c)));

  it('recovers from an expired token (42001) and an invalidated one (40014) mid-conversation', async () => {
    const user = 'token-user';
    await h.after(user, () => h.sim.sendEvent(user, 'enter_agent'));
    const gettokens = () => h.sim.calls.filter((c) => c.api === 'gettoken').length;
    const before = gettokens();
    h.sim.expireTokens();
    expect(shown(await h.say(user, '苏州市智能制造融合发展中心项目'))).toMatch(/已记录项目名称/);
    h.sim.invalidateTokens();
    expect(shown(await h.say(user, '2021'))).toMatch(/已记录项目年份/);
    expect(gettokens()).toBe(before + 2);
    const errors = h.sim.calls.filter((c) => c.errcode !== 0).map((c) => c.errcode);
    expect(errors).toEqual(expect.arrayContaining([42001, 40014]));
    expect(h.sim.dropped).toEqual([]);
  });

  it('a long reply arrives whole, in parts of at most 2048 bytes split at line boundaries', async () => {
    const user = 'long-user';
    const text = longExplanation();
    await push(user, (c) => c.sendActivity(text));
    const got = h.sim.receivedBy(user);
    expect(got.length).toBeGreaterThan(2);
    for (const m of got) {
      expect(m.truncated).toBeUndefined();
      expect(utf8Bytes(m.content!)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    }
    expect(got.map((m) => m.content).join('\n')).toBe(text);
  });

  it('no user ever gets more than 30 messages a minute: the rest wait and then arrive, in order', async () => {
    const user = 'busy-user';
    const started = h.clock.now();
    await Promise.all(Array.from({ length: 75 }, (_, i) => push(user, (c) => c.sendActivity(`第 ${i + 1} 条`))));
    const got = h.sim.receivedBy(user);
    expect(got).toHaveLength(75);
    expect(new Set(got.map((m) => m.content)).size).toBe(75);
    expect(h.sim.maxPerMinute(user)).toBeLessThanOrEqual(30);
    expect(h.sim.dropped).toEqual([]);
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(120_000); // 75 messages need > 2 minutes
    // Another user is not held up by the busy one's queue.
    await push('other-user', (c) => c.sendActivity('你好'));
    expect(h.sim.receivedBy('other-user')).toHaveLength(1);
  });

  it('files: uploaded with the Chinese name, the media_id reused, uploaded anew once expired', async () => {
    const user = 'file-user';
    const bytes = Buffer.from('PK\u0003\u0004 not really a docx, but bytes enough');
    const attachment = { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: '苏州市智能制造融合发展中心项目-2021-绩效自评表.docx', contentUrl: `data:application/octet-stream;base64,${bytes.toString('base64')}` };
    const uploads = () => h.sim.calls.filter((c) => c.api === 'media/upload' && c.errcode === 0).length;
    const before = uploads();
    await push(user, (c) => c.sendActivity({ type: ActivityTypes.Message, text: '已生成：', attachments: [attachment] }));
    await push(user, (c) => c.sendActivity({ type: ActivityTypes.Message, attachments: [attachment] }));
    expect(uploads()).toBe(before + 1);
    h.sim.expireMedia();
    await push(user, (c) => c.sendActivity({ type: ActivityTypes.Message, attachments: [attachment] }));
    expect(uploads()).toBe(before + 2);
    const files = h.sim.receivedBy(user).filter((m) => m.file);
    expect(files).toHaveLength(3);
    for (const f of files) {
      expect(f.file!.name).toBe(attachment.name);
      expect(Buffer.compare(f.file!.bytes, bytes)).toBe(0);
    }
  });

  it('a file the user sends is fetched with media/get and audited; too large or unsupported gets a clear reply', async () => {
    const user = 'sender-user';
    await h.after(user, () => h.sim.sendEvent(user, 'enter_agent'));
    const seed = readFileSync(SEED_PATH);
    const got = await h.after(user, () => h.sim.sendFile(user, '自评表.txt', seed, 'text/plain'));
    expect(shown(got)).toMatch(/苏州市智能制造融合发展中心项目/);
    expect(h.sim.calls.some((c) => c.api === 'media/get' && c.errcode === 0)).toBe(true);
    const big = await h.after(user, () => h.sim.sendFile(user, 'big.txt', Buffer.alloc(11 * 1024 * 1024, 0x41), 'text/plain'));
    expect(shown(big)).toMatch(/文件太大/);
    const voice = await h.after(user, () => h.sim.deliver(h.sim.inner(user, 'voice', `<MediaId>x</MediaId><MsgId>${h.sim.nextMsgId()}</MsgId>`)));
    expect(shown(voice)).toMatch(/只能处理文字和文件/);
  });
});

describe('cards off: a numbered menu answered with the number', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ WECOM_CARDS: 'off' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows choices as numbers, and "2" acts as the second choice; a number answering an amount stays a number', async () => {
    const user = 'menu-user';
    await h.after(user, () => h.sim.sendEvent(user, 'enter_agent'));
    await h.say(user, '苏州市智能制造融合发展中心项目');
    await h.say(user, '2021');
    const ask = await h.say(user, '苏州市工业和信息化局');
    expect(ask.every((m) => m.msgtype === 'text')).toBe(true);
    expect(shown(ask)).toMatch(/年初预算数/);
    // An amount question: "1" is one 万元, not the first choice.
    expect(shown(await h.say(user, '1'))).toMatch(/已记录年初预算数：1\b/);
    const confirm = await h.say(user, '重新开始');
    expect(shown(confirm)).toMatch(/回复序号即可：\n1\. .+\n2\. .+/);
    const [first, second] = [/1\. (.+)/.exec(shown(confirm))![1], /2\. (.+)/.exec(shown(confirm))![1]];
    expect([first, second]).toEqual(['确定', '取消']);
    const viaNumber = await h.say(user, '2');
    await h.say(user, '重新开始');
    const viaWord = await h.say(user, second);
    expect(shown(viaNumber)).toBe(shown(viaWord));
    // Still the same form: what was answered survived the cancelled restart.
    expect(shown(await h.say(user, '进度'))).toMatch(/基本信息：3\/3/);
    // "1" is 确定: the form starts again.
    await h.say(user, '重新开始');
    await h.say(user, '1');
    expect(shown(await h.say(user, '进度'))).toMatch(/基本信息：0\/3/);
  });
});
