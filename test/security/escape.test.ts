// Issue 12, item 6: text from the user (typed, or read from an imported file) must not reach the
// page as markdown or HTML in the bot's voice — no working link, no remote image, no tag — and
// bidi override characters are stripped where the text comes in. Web Chat renders message text and
// card text with markdown-it (HTML, linkify and typographer on); the tests render the bot's
// replies the same way and look at what a user would see.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUserText, escapeMarkdown, hasBidiControls } from '../../dialogs/escape.js';
import { scoreForm } from '../../rules/index.js';
import { buildDocx } from '../../src/documents/docx.js';
import { seedForm } from '../fixtures/seedForm.js';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { testConfig } from '../server/helpers.js';

import { decode, md } from './webchatMarkdown.js';

/** The tags a rendering produced, other than paragraphs and line breaks. */
const tags = (html: string) => [...html.matchAll(/<\s*([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()).filter((t) => t !== 'p' && t !== 'br');
/** The same, less the numbered list the score card makes of its findings ("1. …": the bot's own markup). */
const foreignTags = (html: string) => tags(html).filter((t) => t !== 'ol' && t !== 'li');

const HOSTILE_NAME = '[官网](https://evil.example/login)<img src=x onerror=alert(1)>\u202Egpj.exe\u2066';
const SHOWN_NAME = '[官网](https://evil.example/login)<img src=x onerror=alert(1)>gpj.exe';

describe('escapeMarkdown', () => {
  it('shows links, images, HTML, bare URLs, lists and emphasis as the characters typed', () => {
    const cases = [
      '[官网](https://evil.example/login)',
      '<img src=x onerror=alert(1)>',
      '![](https://evil.example/pixel.png)',
      '<a href="https://evil.example">点这里</a>',
      '请访问 https://evil.example/x 或 www.evil.com 或 evil.com 或 a@evil.com',
      '**加粗** _斜体_ `代码` ~~删除~~ # 标题 > 引用 | 表 |',
      '1. 列表\n- 项目\n+ 加号\n---\n文字\n===',
      '金额 1,200.50 万元，时间 12:30，(c) -- ... "引号" \'单引号\' ,, ???? +- {.cls}',
      '&lt;b&gt; &amp; \\ 反斜杠',
    ];
    for (const text of cases) {
      const html = md.render(escapeMarkdown(text));
      expect(tags(html), text).toEqual([]);
      expect(decode(html).replace(/\s+/g, ' ').trim(), text).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });

  it('leaves ordinary Chinese text and amounts unchanged', () => {
    for (const text of ['已记录项目名称：苏州市智能制造融合发展中心项目。', '预算执行率 = 812.101021 ÷ 1087.5 × 100% = 74.68%', '「参观人数」得 13.00 分']) {
      expect(escapeMarkdown(text)).toBe(text.replace(/÷|×/g, (c) => c));
    }
    expect(escapeMarkdown('1200.50')).toBe('1200.50');
  });

  it('any line of text renders as exactly that text, with no tag (property)', () => {
    const alphabet = fc.constantFrom(...'[]()<>!*_`~#|{}&\\/:.,?-+="\' aZ09项目@w'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        const html = md.render(escapeMarkdown(text));
        expect(tags(html)).toEqual([]);
        expect(decode(html).trim()).toBe(text.trim());
      }),
      { numRuns: 3000 },
    );
  });

  it('cleanUserText strips bidi overrides, isolates and marks, invisible characters and lone surrogates', () => {
    const text = 'a\u202Eb\u202Ac\u2066d\u2069e\u200Ef\u200Fg\u061Ch\u200Bi\u0000j\ud800k';
    const clean = cleanUserText(text);
    expect(clean).toBe('abcdefghij\ufffdk');
    expect(hasBidiControls(clean)).toBe(false);
    expect(cleanUserText('第一行\n第二行\t制表')).toBe('第一行\n第二行\t制表');
    expect(cleanUserText('👍 emoji')).toBe('👍 emoji');
  });
});

// The real server (startServer: form bot, file importer, Direct Line), talked to as Web Chat does.
let running: Running;
let base: string;

beforeAll(async () => {
  running = await startServer(testConfig({ STORAGE: 'memory' }), silentLogger());
  base = running.url;
});

afterAll(async () => {
  await running?.stop();
});

type Act = { type: string; from?: { role?: string; id?: string }; text?: string; attachments?: Array<{ contentType: string; content?: unknown; name?: string }> };

async function dl(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/v3/directline${path}`, init);
}

/** A Direct Line conversation for a fixed user: its id, token and a poller of the bot's activities. */
async function open(userId: string) {
  const generated = (await (await dl('/tokens/generate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: { id: userId }, locale: 'zh-CN' }) })).json()) as { token: string };
  const auth = { Authorization: `Bearer ${generated.token}` };
  const conv = (await (await dl('/conversations', { method: 'POST', headers: auth })).json()) as { conversationId: string };
  const activities = async (): Promise<Act[]> => ((await (await dl(`/conversations/${conv.conversationId}/activities`, { headers: auth })).json()) as { activities: Act[] }).activities;
  const fromBot = async () => (await activities()).filter((a) => a.from?.role !== 'user' && a.type === 'message');
  const waitFor = async (test: (acts: Act[]) => boolean, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const acts = await fromBot();
      if (test(acts)) return acts;
      if (Date.now() > end) throw new Error(`the bot did not answer as expected: ${JSON.stringify(acts.map((a) => a.text))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { id: conv.conversationId, auth, fromBot, waitFor };
}

/** Every piece of text an activity puts on the page: its text and each card TextBlock / Fact. */
function shown(activity: Act): string[] {
  const out: string[] = [];
  if (activity.text) out.push(activity.text);
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string' && typeof o.value === 'string') out.push(o.title, o.value);
      Object.values(o).forEach(walk);
    }
  };
  for (const a of activity.attachments ?? []) if (a.contentType === 'application/vnd.microsoft.card.adaptive') walk(a.content);
  return out;
}

/** What the user sees of the bot's activities, rendered as Web Chat renders them. */
function rendered(acts: Act[]): { html: string; text: string } {
  const html = acts.flatMap(shown).map((t) => md.render(t)).join('\n');
  return { html, text: decode(html) };
}

async function sessionOf(userId: string): Promise<string> {
  const key = `directline/users/${userId}/`;
  return JSON.stringify((await running.storage.read([key]))[key] ?? null);
}

describe('hostile text through the chat (Direct Line, as Web Chat sends it)', () => {
  it('a typed project name with a link, an image tag and U+202E comes back as plain characters, without the bidi override', async () => {
    const c = await open('escape-typed');
    await c.waitFor((acts) => acts.some((a) => /项目名称/.test(a.text ?? '')));
    const before = (await c.fromBot()).length;
    const res = await dl(`/conversations/${c.id}/activities`, { method: 'POST', headers: { ...c.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'message', text: HOSTILE_NAME }) });
    expect(res.status).toBe(200);
    const acts = (await c.waitFor((all) => all.length > before && all.slice(before).some((a) => /已记录项目名称/.test(a.text ?? '')))).slice(before);
    const view = rendered(acts);
    expect(view.text).toContain(SHOWN_NAME); // the user sees what they typed…
    expect(foreignTags(view.html)).toEqual([]); // …but no link, no image, no tag of its own
    for (const a of acts) for (const t of shown(a)) expect(hasBidiControls(t), t).toBe(false);
    const stored = await sessionOf('escape-typed');
    expect(stored).toContain('gpj.exe');
    expect(hasBidiControls(JSON.parse(stored) ? stored.replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : '')).toBe(false);
  });

  it('an imported file with hostile names: replies and cards show them as text, no bidi characters reach the form', async () => {
    const seed = readFileSync(join(process.cwd(), 'examples', 'seed-form.txt'), 'utf8');
    const hostileDept = '**粗体部门** www.evil.com \u202Ecod.exe';
    const file = seed.replace('苏州市智能制造融合发展中心项目', HOSTILE_NAME).replace('苏州市工业和信息化局', hostileDept);
    expect(file).not.toBe(seed);
    const c = await open('escape-import');
    await c.waitFor((acts) => acts.some((a) => /项目名称/.test(a.text ?? '')));
    const before = (await c.fromBot()).length;
    const form = new FormData();
    form.append('file', new Blob([file], { type: 'text/plain' }), '<b>自评表</b>\u202E.txt');
    const res = await dl(`/conversations/${c.id}/upload`, { method: 'POST', headers: c.auth, body: form });
    expect(res.status).toBe(200);
    const acts = (await c.waitFor((all) => all.length > before && all.slice(before).some((a) => /按规则得分|得分/.test(shown(a).join('\n'))))).slice(before);
    const view = rendered(acts);
    expect(view.text).toContain('[官网](https://evil.example/login)');
    expect(foreignTags(view.html)).toEqual([]);
    for (const a of acts) for (const t of shown(a)) expect(hasBidiControls(t), t).toBe(false);
    const stored = (await sessionOf('escape-import')).replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(stored).toContain('**粗体部门**'); // kept as the user's data…
    expect(hasBidiControls(stored)).toBe(false); // …without the override
  });

  it('an imported DOCX (our own layout) with a hostile project name and indicator name: shown as text, no bidi characters kept', async () => {
    const form = seedForm();
    form.project.name = HOSTILE_NAME;
    form.indicators[0] = { ...form.indicators[0], name: '**合规**[点我](https://evil.example)\u202E' };
    const bytes = await buildDocx(form, scoreForm(form, { final: true }));
    const c = await open('escape-docx');
    await c.waitFor((acts) => acts.some((a) => /项目名称/.test(a.text ?? '')));
    const before = (await c.fromBot()).length;
    const upload = new FormData();
    upload.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), '自评表.docx');
    const res = await dl(`/conversations/${c.id}/upload`, { method: 'POST', headers: c.auth, body: upload });
    expect(res.status).toBe(200);
    const acts = (await c.waitFor((all) => all.length > before && all.slice(before).some((a) => /得分/.test(shown(a).join('\n'))), 30_000)).slice(before);
    const view = rendered(acts);
    expect(view.text).toContain('[官网](https://evil.example/login)');
    expect(foreignTags(view.html)).toEqual([]);
    for (const a of acts) for (const t of shown(a)) expect(hasBidiControls(t), t).toBe(false);
    const stored = (await sessionOf('escape-docx')).replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(stored).toContain('**合规**[点我](https://evil.example)');
    expect(hasBidiControls(stored)).toBe(false);
  }, 60_000);
});
