// The local web chat in headless Debian Chromium (playwright-core, /usr/bin/chromium): the page
// at /, Web Chat over our Direct Line subset, the real bot. It greets, takes the seed form answer by
// answer (one by a button), shows cards, explains why 预算执行率 lost points, exports, and the DOCX
// downloads from the link in the chat. Then a file upload is imported. Screenshot:
// test-results/webchat.png. Without Chromium the test fails and says how to install it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { freePort, testConfig } from '../server/helpers.js';
import { EXPORT, SEED_STEPS, WHY_BUDGET, type Step } from '../server/seedConversation.js';

// Debian's chromium; JIXIAO_CHROMIUM may point elsewhere (e.g. to check the failure below).
const CHROMIUM = process.env.JIXIAO_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The seed text as committed in the repository (a copy of shared/seed/000_1710a498a8f8337b.txt).
const SEED_FILE = join(process.cwd(), 'examples', 'seed-form.txt');
const RESULTS = join(process.cwd(), 'test-results');

// The page's globals, typed just enough for page.evaluate (the project compiles without the DOM lib).
type El = { innerText: string; className: string };
type Win = { document: { querySelectorAll(selector: string): ArrayLike<El> }; localStorage: { getItem(key: string): string | null } };

let running: Running;
let context: BrowserContext;
let page: Page;
const temp: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing (${CHROMIUM}). Install it with: apt-get update && apt-get install -y chromium`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-browser-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'jixiao-browser-profile-'));
  temp.push(dataDir, profile);
  const port = await freePort();
  running = await startServer(testConfig({ PORT: String(port), DATA_DIR: dataDir, STORAGE: 'file', PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), silentLogger());
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    acceptDownloads: true,
    locale: 'zh-CN',
    viewport: { width: 1100, height: 900 },
  });
  // Nothing leaves 127.0.0.1.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  await running?.stop();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

const activities = () => page.locator('.webchat__basic-transcript__activity');
const sendBox = () => page.locator('[data-id="webchat-sendbox-input"]');

/** The text of the transcript's activities from `start` on (bubbles and cards). */
const textFrom = (start: number) =>
  page.evaluate(
    (from) =>
      Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity'))
        .slice(from)
        .map((e) => e.innerText)
        .join('\n'),
    start,
  );

/**
 * Sends one message (typed, or a button click) and waits until the bot's whole turn is on the page:
 * the Direct Line POST returns after the turn, the next poll that starts after it carries every
 * reply, and then the expected reply is rendered.
 */
async function step(s: Step, how: 'type' | 'click' = 'type'): Promise<string> {
  const start = await activities().count();
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/conversations\/[^/]+\/activities$/.test(new URL(r.url()).pathname), { timeout: 20_000 });
  if (how === 'click') {
    await page.locator('.webchat__suggested-actions').getByRole('button', { name: s.say, exact: true }).click();
  } else {
    await sendBox().fill(s.say);
    await sendBox().press('Enter');
  }
  expect((await posted).status()).toBe(200);
  const poll = await page.waitForRequest((r) => r.method() === 'GET' && new URL(r.url()).pathname.endsWith('/activities'), { timeout: 5_000 });
  await poll.response();
  const source = s.reply.source;
  await page.waitForFunction(
    ({ from, source }) =>
      new RegExp(source).test(
        Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity'))
          .slice(from)
          .map((e) => e.innerText)
          .join('\n'),
      ),
    { from: start, source },
    { timeout: 10_000 },
  );
  return textFrom(start);
}

describe('the local web chat in Chromium', () => {
  it('fills the seed form, explains a deduction and downloads the DOCX from the chat', async () => {
    await page.goto(`${running.url}/`);
    expect(await page.title()).toBe('绩效自评助手');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByText('我是绩效自评助手').first().waitFor({ timeout: 20_000 });
    await page.getByText('请输入项目名称').first().waitFor();
    const userId = await page.evaluate(() => (globalThis as unknown as Win).localStorage.getItem('jixiao.userId'));
    expect(userId).toMatch(/^u_[0-9a-f]{24}$/);

    for (const s of SEED_STEPS) {
      // One answer through a suggested-action button, the rest typed.
      const how = s.say === '合规' ? 'click' : 'type';
      const text = await step(s, how);
      expect(text, `after “${s.say}”`).toMatch(s.reply);
    }

    // Rich UI: buttons and Adaptive Cards were rendered by Web Chat.
    await expect.poll(() => page.locator('.ac-adaptiveCard').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.ac-adaptiveCard').last().innerText()).toMatch(/评分表/);
    await expect.poll(() => page.locator('.webchat__suggested-actions').getByRole('button', { name: '导出', exact: true }).count()).toBe(1);
    mkdirSync(RESULTS, { recursive: true });
    await page.locator('.ac-adaptiveCard').last().screenshot({ path: join(RESULTS, 'webchat-card.png') });

    const why = await step(WHY_BUDGET);
    expect(why).toContain('74.68');
    expect(why).toMatch(/得 0(\.00)? 分/);

    const exported = await step(EXPORT);
    expect(exported).toMatch(/\.docx/);
    const link = page.locator('.webchat__basic-transcript__activity a', { hasText: /\.docx$/ }).last();
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = join(temp[0], 'downloaded.docx');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('苏州市智能制造融合发展中心项目');

    await page.screenshot({ path: join(RESULTS, 'webchat.png') });
  }, 240_000);

  it('keeps the user across a reload and imports an uploaded file', async () => {
    const before = await page.evaluate(() => (globalThis as unknown as Win).localStorage.getItem('jixiao.userId'));
    await page.reload();
    await page.getByText('欢迎回来').first().waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (globalThis as unknown as Win).localStorage.getItem('jixiao.userId'))).toBe(before);

    const start = await activities().count();
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/upload$/.test(new URL(r.url()).pathname), { timeout: 20_000 });
    await page.locator('.webchat__upload-button input[type="file"]').setInputFiles(SEED_FILE);
    expect((await posted).status()).toBe(200);
    await page.waitForFunction(
      (from) =>
        Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity'))
          .slice(from)
          .some((e) => /按规则得分/.test(e.innerText)),
      start,
      { timeout: 20_000 },
    );
    const text = await textFrom(start);
    // The bot read the uploaded seed and scored it.
    expect(text).toContain('seed-form.txt');
    expect(text).toContain('苏州市智能制造融合发展中心项目');
    expect(text).toMatch(/按规则得分 70\.00 \/ 80/);
    await page.screenshot({ path: join(RESULTS, 'webchat-upload.png') });
  }, 120_000);
});
