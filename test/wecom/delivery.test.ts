// WeCom's delivery rules against the bot: retries and replays apply a message once, a slow turn
// still gets one set of replies, forged or stale callbacks are refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature } from '../../src/wecom/crypto.js';
import { AES, CORP, shown, startHarness, TOKEN, type Harness } from './harness.js';

let h: Harness;
let delayAcks = 0;

beforeAll(async () => {
  h = await startHarness();
  // A slow network: the next `delayAcks` callbacks reach the handler only after 2.5 s.
  h.running.app.server.pre((req, _res, next) => {
    if (req.method === 'POST' && req.url?.startsWith('/api/wecom') && delayAcks > 0) {
      delayAcks--;
      setTimeout(() => next(), 2500);
    } else next();
  });
});
afterAll(async () => {
  await h?.close();
});

const textXml = (user: string, text: string, msgId: string) => h.sim.inner(user, 'text', `<Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId>`);
const count = (user: string, re: RegExp) => h.sim.receivedBy(user).filter((m) => re.test(shown([m]))).length;

describe('at most once', () => {
  it('WeCom retries after a lost 200 and replays of the same callback apply the message once', async () => {
    const user = 'retry-user';
    await h.after(user, () => h.sim.sendEvent(user, 'enter_agent'));
    h.sim.ackTimeoutMs = 2000;
    delayAcks = 1;
    const { query, body } = h.sim.seal(textXml(user, '苏州市智能制造融合发展中心项目', h.sim.nextMsgId()));
    const first = await h.sim.post(query, body);
    h.sim.ackTimeoutMs = 5000;
    expect(first.attempts.length).toBeGreaterThanOrEqual(2); // WeCom did retry
    expect(first.acknowledged).toBe(true);
    for (let i = 0; i < 3; i++) expect((await h.sim.post(query, body)).attempts).toEqual([expect.objectContaining({ status: 200 })]);
    await h.running.wecom!.idle();
    await new Promise((r) => setTimeout(r, 800)); // the delayed first attempt reaches the handler too
    await h.running.wecom!.idle();
    expect(count(user, /已记录项目名称/)).toBe(1);
    // Applied twice, the name would also have been taken as the year: the bot would complain.
    expect(shown(h.sim.receivedBy(user))).not.toMatch(/年份.*(不对|需要|不是)/);
    const progress = await h.say(user, '进度');
    expect(shown(progress)).toMatch(/项目年份/);
  });

  it('a turn slower than 5 s gets its 200 at once and exactly one set of replies, even with a replay during it', async () => {
    const user = 'slow-user';
    await h.after(user, () => h.sim.sendEvent(user, 'enter_agent'));
    let slow = true;
    h.running.wecom!.use(async (context, next) => {
      if (slow && context.activity.from?.id === `${CORP}:${user}` && context.activity.text === '帮助') {
        slow = false;
        await new Promise((r) => setTimeout(r, 5200));
      }
      await next();
    });
    const before = h.sim.receivedBy(user).length;
    const { query, body } = h.sim.seal(textXml(user, '帮助', h.sim.nextMsgId()));
    const started = Date.now();
    const delivery = await h.sim.post(query, body);
    expect(Date.now() - started).toBeLessThan(2000); // acknowledged long before the turn ended
    expect(delivery.attempts).toEqual([expect.objectContaining({ status: 200 })]);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await h.sim.post(query, body)).acknowledged).toBe(true); // a replay while the turn runs
    await h.running.wecom!.idle();
    const replies = h.sim.receivedBy(user).slice(before);
    expect(replies.length).toBeGreaterThan(0);
    // The same help, asked again normally, gives the same messages: one set, not two.
    const again = await h.say(user, '帮助');
    expect(shown(replies)).toBe(shown(again));
    expect(replies.length).toBe(again.length);
  }, 20_000);
});

describe('URL verification', () => {
  it('an echostr whose "+" arrived unencoded still verifies; the answer is the bare plaintext', async () => {
    const now = String(Math.floor(h.clock.now() / 1000));
    for (let i = 0; i < 200; i++) {
      const echo = `16161403175551610${i}`;
      const enc = h.sim.crypto.encrypt(echo);
      if (!enc.includes('+')) continue;
      const res = await fetch(`${h.sim.callbackUrl}?msg_signature=${signature(TOKEN, now, '5', enc)}&timestamp=${now}&nonce=5&echostr=${enc}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(echo);
      return;
    }
    throw new Error('no ciphertext with a "+" in 200 tries');
  });
});

describe('forged and stale callbacks', () => {
  const user = 'forger-target';

  it('are refused with a 4xx, never acknowledged, and change nothing', async () => {
    const now = Math.floor(h.clock.now() / 1000);
    const xml = textXml(user, '伪造项目名称', h.sim.nextMsgId());
    const good = h.sim.seal(xml);
    const cases: { name: string; query: string; body: string; status: number }[] = [];
    cases.push({ name: 'bad signature', query: good.query.replace(/msg_signature=[0-9a-f]{40}/, `msg_signature=${'0'.repeat(40)}`), body: good.body, status: 403 });
    const stale = h.sim.seal(xml, { timestamp: now - 3600 });
    cases.push({ name: 'stale', ...stale, status: 403 });
    const future = h.sim.seal(xml, { timestamp: now + 3600 });
    cases.push({ name: 'future', ...future, status: 403 });
    const other = h.sim.seal(xml, { receiveId: 'wwanothercorp000' });
    cases.push({ name: 'another corp', ...other, status: 403 });
    const garbage = Buffer.alloc(64, 7).toString('base64');
    const sig = signature(TOKEN, String(now), '42', garbage);
    cases.push({ name: 'undecryptable', query: `msg_signature=${sig}&timestamp=${now}&nonce=42`, body: `<xml><Encrypt><![CDATA[${garbage}]]></Encrypt></xml>`, status: 400 });
    cases.push({ name: 'DTD', query: good.query, body: `<!DOCTYPE x [<!ENTITY a "b">]>${good.body}`, status: 400 });
    cases.push({ name: 'no query', query: '', body: good.body, status: 400 });
    cases.push({ name: 'too large', query: good.query, body: good.body + ' '.repeat(70_000), status: 413 });
    const otherAgent = h.sim.seal(xml.replace(/<AgentID>\d+<\/AgentID>/, '<AgentID>999</AgentID>'));
    cases.push({ name: 'another app', ...otherAgent, status: 403 });
    for (const c of cases) {
      const d = await h.sim.post(c.query, c.body);
      expect(d.acknowledged, c.name).toBe(false);
      expect(d.attempts.map((a) => a.status), c.name).toEqual([c.status, c.status, c.status, c.status]);
    }
    const get = await fetch(`${h.sim.callbackUrl}?msg_signature=${'1'.repeat(40)}&timestamp=${now}&nonce=1&echostr=${encodeURIComponent(good.encrypt)}`);
    expect(get.status).toBe(403);
    expect(h.sim.receivedBy(user)).toEqual([]);
    // The user is new to the bot, and the forged answer was not recorded.
    const hello = await h.after(user, () => h.sim.sendEvent(user, 'enter_agent'));
    expect(shown(hello)).toMatch(/我是绩效自评助手/);
    expect(shown(await h.say(user, '进度'))).not.toContain('伪造项目名称');
  });

  it('the official sample key works only with its own token: a callback signed with another token is refused', async () => {
    const { body, encrypt } = h.sim.seal(textXml(user, 'x', h.sim.nextMsgId()));
    const now = String(Math.floor(h.clock.now() / 1000));
    const wrong = signature('another-token', now, '7', encrypt);
    const d = await h.sim.post(`msg_signature=${wrong}&timestamp=${now}&nonce=7`, body);
    expect(d.attempts[0].status).toBe(403);
    expect(AES).toHaveLength(43);
  });
});
