// The seed form filled end to end in 企业微信 (through the simulator) and, in the same server, over
// /api/messages (another channel): every question, a button tap where the bot offered the answer as a
// button, 为什么预算执行率扣分, and 导出 → a file message whose DOCX, audited by the importer, has the
// same total as the other channel's DOCX and as the total the chat announced. Each answer must get
// the same replies in both channels (text only differs in how choices are shown).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreForm } from '../../rules/index.js';
import { importAny } from '../../src/import/index.js';
import { MAX_TEXT_BYTES, utf8Bytes, type TemplateCard } from '../../src/wecom/text.js';
import { fakeChannel, message, postJson, conversationUpdate, type FakeChannel, type Reply } from '../server/helpers.js';
import { EXPORT, SEED_STEPS, WHY_BUDGET } from '../server/seedConversation.js';
import { lastCard, shown, startHarness, type Harness } from './harness.js';

let h: Harness;
let web: FakeChannel;
const USER = 'WangKuaiJi';
const WEB = { channelId: 'test', conversation: { id: 'web-conv-1' }, from: { id: 'web-user-1', name: '王会计' } };

beforeAll(async () => {
  h = await startHarness();
  web = await fakeChannel();
});
afterAll(async () => {
  await h?.close();
  await web?.close();
});

/** One message over /api/messages (the POST returns after the turn); its replies. */
async function webSay(text: string): Promise<Reply[]> {
  const before = web.replies.length;
  const res = await postJson(`${h.running.url}/api/messages`, message(web.url, text, WEB));
  expect(res.status).toBe(200);
  return web.replies.slice(before);
}

/** The reply text without the "可回复：…" line plain-text channels get, and without white space. */
const norm = (s: string) => s.replace(/\n可回复：.*$/gm, '').replace(/\s+/g, '');

function sameReplies(webReplies: Reply[], wecomText: string, said: string): void {
  const wecom = norm(wecomText);
  for (const r of webReplies) if (r.activity.text) expect(wecom, `after “${said}”`).toContain(norm(r.activity.text));
}

describe('the seed form through 企业微信, next to another channel', () => {
  let announced = '';
  let card: TemplateCard | undefined;

  it('answers the admin console URL check with the decrypted echostr', async () => {
    const r = await h.sim.verifyUrl();
    expect(r.status).toBe(200);
    expect(r.body).toBe(r.echo);
  });

  it('greets a user who opens the app', async () => {
    const got = await h.after(USER, () => h.sim.sendEvent(USER, 'enter_agent'));
    expect(shown(got)).toMatch(/我是绩效自评助手/);
    expect(shown(got)).toMatch(/请输入项目名称/);
    const res = await postJson(`${h.running.url}/api/messages`, conversationUpdate(web.url, { ...WEB, membersAdded: [WEB.from] }));
    expect(res.status).toBe(200);
    card = lastCard(got);
  });

  it('fills every question with the same replies as the other channel, tapping buttons where offered', async () => {
    let taps = 0;
    const answer = async (say: string) => {
      const button = card?.button_list.find((b) => b.key === say);
      const got = button ? await h.click(USER, card!, say) : await h.say(USER, say);
      if (button) taps++;
      const webReplies = await webSay(say);
      sameReplies(webReplies, shown(got), say);
      card = lastCard(got);
      return got;
    };
    for (const step of SEED_STEPS) {
      const got = await answer(step.say);
      expect(shown(got), `after “${step.say}”`).toMatch(step.reply);
    }
    expect(taps).toBeGreaterThanOrEqual(5);
    announced = /按规则得分 (\d+\.\d{2})/.exec(shown(h.sim.receivedBy(USER)))?.[1] ?? '';
    expect(announced).not.toBe('');
  });

  it('explains why 预算执行率 lost points, in parts of at most 2048 bytes', async () => {
    const got = await h.say(USER, WHY_BUDGET.say);
    expect(shown(got)).toMatch(WHY_BUDGET.reply);
    expect(shown(got)).toContain('74.68');
    sameReplies(await webSay(WHY_BUDGET.say), shown(got), WHY_BUDGET.say);
    for (const m of got) if (m.content) expect(utf8Bytes(m.content)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
  });

  it('exports: a file message carries the DOCX (Chinese name kept); it audits to the other channel’s total', async () => {
    const got = await h.say(USER, EXPORT.say);
    expect(shown(got)).toMatch(EXPORT.reply);
    const files = got.filter((m) => m.msgtype === 'file').map((m) => m.file!);
    const docx = files.find((f) => f.name.endsWith('.docx'));
    expect(docx?.name).toMatch(/苏州市智能制造融合发展中心项目/);
    expect(files.some((f) => f.name.endsWith('.xlsx'))).toBe(true);
    const audited = await importAny({ name: docx!.name, contentType: docx!.contentType, bytes: new Uint8Array(docx!.bytes) });
    expect(audited.ok).toBe(true);
    if (!audited.ok) return;

    const webReplies = await webSay(EXPORT.say);
    const link = webReplies.flatMap((r) => (r.activity.attachments as { contentUrl?: string; name?: string }[] | undefined) ?? []).find((a) => a.name?.endsWith('.docx'));
    const webDocx = new Uint8Array(await (await fetch(link!.contentUrl!)).arrayBuffer());
    const webAudited = await importAny({ name: link!.name!, contentType: docx!.contentType, bytes: webDocx });
    expect(webAudited.ok).toBe(true);
    if (!webAudited.ok) return;

    const total = scoreForm(audited.form).total;
    expect(total).toBe(scoreForm(webAudited.form).total);
    expect(total).toBe(announced);
  });

  it('never truncated, dropped or over-sent a message (≤ 30 a minute)', () => {
    const all = h.sim.receivedBy(USER);
    expect(all.length).toBeGreaterThan(SEED_STEPS.length);
    expect(all.filter((m) => m.truncated)).toEqual([]);
    expect(h.sim.dropped).toEqual([]);
    expect(h.sim.maxPerMinute(USER)).toBeLessThanOrEqual(30);
  });
});
