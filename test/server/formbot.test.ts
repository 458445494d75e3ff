// The real bot end to end over HTTP: the wiring of main.ts (file storage in a temp folder,
// SerializeTurns, exporter, file links), a local server playing the Teams channel. The seed form is
// typed answer by answer; then 为什么预算执行率扣分 and 导出, and the DOCX is downloaded from the link.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { conversationUpdate, fakeChannel, freePort, message, postJson, testConfig, type FakeChannel, type Reply } from './helpers.js';
import { EXPORT, SEED_STEPS, WHY_BUDGET } from './seedConversation.js';

let channel: FakeChannel;
let running: Running;
let dataDir: string;
let publicBase: string;

beforeAll(async () => {
  channel = await fakeChannel();
  dataDir = mkdtempSync(join(tmpdir(), 'jixiao-e2e-'));
  const port = await freePort();
  publicBase = `http://127.0.0.1:${port}`;
  running = await startServer(testConfig({ PORT: String(port), DATA_DIR: dataDir, STORAGE: 'file', PUBLIC_BASE_URL: publicBase }), silentLogger());
});

afterAll(async () => {
  await running?.stop();
  await channel?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const TEAMS = { channelId: 'msteams', conversation: { id: 'a:teams-conv-1' }, from: { id: '29:user-1', name: '王会计' } };

/** Sends one activity and returns the replies it produced (the POST returns after the turn). */
async function turn(activity: Record<string, unknown>): Promise<Reply[]> {
  const before = channel.replies.length;
  const res = await postJson(`${running.url}/api/messages`, activity);
  expect(res.status).toBe(200);
  return channel.replies.slice(before);
}

const texts = (replies: Reply[]) => replies.map((r) => r.activity.text ?? '').join('\n');

describe('a full conversation through /api/messages', () => {
  const seen: Reply[] = [];

  it('greets a new user', async () => {
    const replies = await turn(conversationUpdate(channel.url, { ...TEAMS, membersAdded: [TEAMS.from] }));
    expect(texts(replies)).toMatch(/我是绩效自评助手/);
    expect(texts(replies)).toMatch(/请输入项目名称/);
  });

  it('fills the seed form answer by answer', async () => {
    for (const step of SEED_STEPS) {
      const replies = await turn(message(channel.url, step.say, TEAMS));
      seen.push(...replies);
      expect(texts(replies), `after “${step.say}”`).toMatch(step.reply);
      expect(replies.every((r) => r.conversationId === TEAMS.conversation.id)).toBe(true);
    }
  });

  it('offered buttons and cards where the channel has them', () => {
    const buttons = seen.flatMap((r) => ((r.activity.suggestedActions as { actions?: { title: string; value: string }[] } | undefined)?.actions ?? []).map((a) => a.title));
    expect(buttons).toEqual(expect.arrayContaining(['跳过', '完成', '合规', '未合规', '获得', '导出', '预览']));
    const cards = seen.flatMap((r) => ((r.activity.attachments as { contentType: string; content: { body: { text?: string }[] } }[] | undefined) ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'));
    expect(cards.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(cards)).toContain('评分表');
  });

  it('explains why 预算执行率 lost points', async () => {
    const replies = await turn(message(channel.url, WHY_BUDGET.say, TEAMS));
    const answer = texts(replies);
    expect(answer).toMatch(WHY_BUDGET.reply);
    expect(answer).toContain('74.68');
    expect(answer).toMatch(/得 0(\.00)? 分/);
  });

  it('exports, and the DOCX link downloads a real Word file', async () => {
    const replies = await turn(message(channel.url, EXPORT.say, TEAMS));
    expect(texts(replies)).toMatch(EXPORT.reply);
    const files = replies.flatMap((r) => (r.activity.attachments as { contentType: string; contentUrl?: string; name?: string }[] | undefined) ?? []).filter((a) => a.contentUrl);
    const docx = files.find((f) => f.name?.endsWith('.docx'));
    expect(docx?.contentUrl).toMatch(new RegExp(`^${publicBase.replace(/\./g, '\\.')}/files/[A-Za-z0-9_-]{43}/`));
    const res = await fetch(docx!.contentUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('苏州市智能制造融合发展中心项目');
    expect(xml).toContain('74.68');

    const xlsx = files.find((f) => f.name?.endsWith('.xlsx'));
    const sheet = await fetch(xlsx!.contentUrl!);
    expect(sheet.status).toBe(200);
    expect(Buffer.from(await sheet.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');

    const forged = await fetch(`${publicBase}/files/${'A'.repeat(43)}/x.docx`);
    expect(forged.status).toBe(404);
  });

  it('resumes the same form in a new conversation of the same user (after the data is on disk)', async () => {
    const replies = await turn(conversationUpdate(channel.url, { ...TEAMS, conversation: { id: 'a:teams-conv-2' }, membersAdded: [TEAMS.from] }));
    expect(texts(replies)).toMatch(/欢迎回来/);
    expect(texts(replies)).toMatch(/苏州市智能制造融合发展中心项目/);
  });
});
