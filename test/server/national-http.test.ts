// The national form end to end over HTTP with the wiring of main.ts (REGION=ask, file storage, the
// isolated importer, the exporter, file links): the bot asks which form, the user fills the spec's
// example answer by answer, asks why the grade, exports, and the downloaded Word file reads back to
// 93.50 / 优. Then the same example sent as a file is recognised, scored and loaded beside it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreNationalForm } from '../../rules/index.js';
import { readNationalDocx } from '../../src/documents/nationalDocx.js';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { conversationUpdate, fakeChannel, freePort, message, postJson, testConfig, type FakeChannel, type Reply } from './helpers.js';

let channel: FakeChannel;
let running: Running;
let dataDir: string;

beforeAll(async () => {
  channel = await fakeChannel();
  dataDir = mkdtempSync(join(tmpdir(), 'jixiao-national-'));
  const port = await freePort();
  running = await startServer(testConfig({ PORT: String(port), DATA_DIR: dataDir, STORAGE: 'file', PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, REGION: 'ask' }), silentLogger());
});

afterAll(async () => {
  await running?.stop();
  await channel?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const TEAMS = { channelId: 'msteams', conversation: { id: 'a:national-1' }, from: { id: '29:user-n', name: '李会计' } };

async function turn(activity: Record<string, unknown>): Promise<string> {
  const before = channel.replies.length;
  const res = await postJson(`${running.url}/api/messages`, activity);
  expect(res.status).toBe(200);
  lastReplies = channel.replies.slice(before);
  return lastReplies.map((r) => r.activity.text ?? '').join('\n');
}
let lastReplies: Reply[] = [];

const STEPS: Array<[string, RegExp]> = [
  ['社区居家养老服务补助项目', /已记录项目名称/],
  ['2022', /已记录项目年份：2022/],
  ['某市民政局', /看不出用哪张表/],
  ['财政部通用', /实施单位是哪个单位/],
  ['某市养老服务指导中心', /年度资金总额/],
  ['600 580 551', /预算执行率 95\.00%，得 9\.50 分/],
  ['600 560 531', /上年结转资金/],
  ['0 20 20', /其他资金/],
  ['0 0 0', /预期目标/],
  ['为全市1.2万名居家老人提供助餐、助洁、助浴等上门服务，建成社区助餐点30个。', /实际完成/],
  ['全年服务居家老人1.26万名，建成社区助餐点28个，服务满意度93%。', /请添加产出指标/],
  ['数量指标，服务居家老人人数，≥12000人，12600人，15', /得 15\.00 \/ 15 分/],
  ['数量指标，新建社区助餐点，≥30个，28个，15', /扣了 1 分。没有完成的原因/],
  ['2个点位选址调整，顺延至次年', /已记录「新建社区助餐点」的偏差原因/],
  ['质量指标，服务质量抽查合格率，≥95%，97%，10', /得 10\.00 \/ 10 分/],
  ['时效指标，补助资金按季度拨付，按时拨付，达成，5', /得 5\.00 \/ 5 分/],
  ['成本指标，人均服务补助标准，≤480元/人，437元/人，5', /分值合计 50 \/ 50/],
  ['完成', /请添加效益指标/],
  ['社会效益指标，老年人居家生活质量，有效提升，部分达成，20，15', /扣了 5 分/],
  ['部分街道服务频次不足', /已记录/],
  ['可持续影响指标，长效运营机制，建立，达成，10', /得 10\.00 \/ 10 分/],
  ['完成', /请添加满意度指标/],
  ['服务对象满意度，≥90%，93%，10', /得 10\.00 \/ 10 分/],
  ['完成', /总分 93\.50 \/ 100，等级“优”/],
  ['为什么是优', /达到 90 分（含）以上，等级为“优”/],
];

describe('the national form through /api/messages', () => {
  it('fills the example answer by answer and exports a Word file that reads back to 93.50 / 优', async () => {
    expect(await turn(conversationUpdate(channel.url, { ...TEAMS, membersAdded: [TEAMS.from] }))).toMatch(/请输入项目名称/);
    for (const [say, reply] of STEPS) expect(await turn(message(channel.url, say, TEAMS)), `after “${say}”`).toMatch(reply);
    expect(await turn(message(channel.url, '导出', TEAMS))).toMatch(/已生成：.*\.docx/);
    const docx = lastReplies.flatMap((r) => (r.activity.attachments as { contentUrl?: string; name?: string }[] | undefined) ?? []).find((a) => a.name?.endsWith('.docx'));
    const res = await fetch(docx!.contentUrl!);
    expect(res.status).toBe(200);
    const read = await readNationalDocx(new Uint8Array(await res.arrayBuffer()));
    expect(read?.ok).toBe(true);
    if (read?.ok) expect([scoreNationalForm(read.form).total, scoreNationalForm(read.form).grade]).toEqual(['93.50', '优']);
  }, 120_000);

  it('a national file sent in the chat is read in the isolated importer, scored and loaded beside the first', async () => {
    const text = readFileSync(fileURLToPath(new URL('../import/national-example.txt', import.meta.url)), 'utf8');
    const dataUrl = `data:text/plain;base64,${Buffer.from(text).toString('base64')}`;
    const out = await turn(message(channel.url, '', { ...TEAMS, attachments: [{ contentType: 'text/plain', contentUrl: dataUrl, name: 'national-example.txt' }] }));
    expect(out).toMatch(/按规则得分 93\.50 \/ 100，等级“优”/);
    expect(await turn(message(channel.url, '是', TEAMS))).toMatch(/已经有「社区居家养老服务补助项目（2022）」的表单（第 1 份）[^]*已载入/);
    const list = await turn(message(channel.url, '表单', TEAMS));
    expect(list).toMatch(/1\\?\. 社区居家养老服务补助项目（2022）［财政部通用表］/);
    expect(list).toMatch(/2\\?\. 社区居家养老服务补助项目（2022）［财政部通用表］ —— 已填完（当前）/);
  }, 60_000);
});
