// Issue 12, items 3 and 6 in a real browser (Debian Chromium via playwright-core): the chat page
// runs under its Content-Security-Policy without a single violation; a hostile project name typed
// into Web Chat shows as the characters typed (no link, no image, no request to the other site,
// no bidi override); and a page on another origin that makes the browser POST an activity to the
// local server (text/plain, no CORS preflight: the attack of the issue) changes nothing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { fakeChannel, freePort, message, testConfig, type FakeChannel } from '../server/helpers.js';

const CHROMIUM = process.env.JIXIAO_CHROMIUM ?? '/usr/bin/chromium';
// Chromium's Local Network Access checks are off: they stop such a request in this browser, but not
// every browser a user may have has them (Firefox, Safari, older Chrome); the server must refuse it.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults'];

type Win = {
  document: { querySelectorAll(selector: string): ArrayLike<{ innerText: string; getAttribute(name: string): string | null }> };
  __csp: string[];
};

let running: Running;
let channel: FakeChannel;
let context: BrowserContext;
let page: Page;
const outside: string[] = [];
const temp: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}). Install it with: apt-get update && apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'jixiao-web-browser-'));
  temp.push(profile);
  const port = await freePort();
  channel = await fakeChannel();
  running = await startServer(testConfig({ PORT: String(port), STORAGE: 'memory', PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), silentLogger());
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'zh-CN', viewport: { width: 1000, height: 900 } });
  // Nothing leaves 127.0.0.1; what tried to is recorded.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
    outside.push(route.request().url());
    return route.abort();
  });
  // Every CSP violation the page reports.
  await context.addInitScript(() => {
    const w = globalThis as unknown as Win & { addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void };
    w.__csp = [];
    w.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  await context?.close();
  await running?.stop();
  await channel?.close();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

const transcript = () =>
  page.evaluate(() =>
    Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity'))
      .map((e) => e.innerText)
      .join('\n'),
  );

describe('the chat page in Chromium', () => {
  it('works under its CSP (no violation) and shows a hostile typed name as text: no link, no image, no bidi override', async () => {
    await page.goto(`${running.url}/`);
    await page.getByText('请输入项目名称').first().waitFor({ timeout: 30_000 });

    const hostile = '[官网](https://evil.example/login) <img src="https://evil.example/pixel.png"> https://evil.example/a \u202Egpj.exe';
    const box = page.locator('[data-id="webchat-sendbox-input"]');
    await box.fill(hostile);
    await box.press('Enter');
    await page.waitForFunction(
      () =>
        Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity')).some((e) => /已记录项目名称/.test(e.innerText)),
      undefined,
      { timeout: 20_000 },
    );
    // The bot's reply (not the user's own bubble) carries the name as typed, minus the override.
    const replies = await page.evaluate(() =>
      Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity'))
        .map((e) => e.innerText)
        .filter((t) => /已记录项目名称/.test(t)),
    );
    expect(replies.join('\n')).toContain('[官网](https://evil.example/login) <img src="https://evil.example/pixel.png"> https://evil.example/a gpj.exe');
    expect(replies.join('\n')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);

    const links = await page.evaluate(() => Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity:not(.webchat__basic-transcript__activity--from-user) a[href*="evil"]')).length);
    const images = await page.evaluate(() => Array.from((globalThis as unknown as Win).document.querySelectorAll('.webchat__basic-transcript__activity img[src*="evil"]')).length);
    expect(links).toBe(0);
    expect(images).toBe(0);
    expect(outside.filter((u) => u.includes('evil.example'))).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as Win).__csp)).toEqual([]);
    expect(await transcript()).toContain('请输入项目年份');
  }, 90_000);

  it('a page on another origin that POSTs an activity through the browser (text/plain, no preflight) changes nothing', async () => {
    const activity = message(channel.url, '别的网站替你填的名称', { id: 'evil-1', from: { id: 'browser-victim' }, conversation: { id: 'browser-victim-c' } });
    // The other site: a page on another origin (another port on this machine, so that the
    // browser's own Local Network Access rules, which not every browser has, do not interfere).
    const page = `<!doctype html><title>evil</title><script>
          window.result = fetch(${JSON.stringify(`${running.url}/api/messages`)}, {
            method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify(activity))}
          }).then(() => 'sent', (e) => 'failed: ' + e.message);
        </script>`;
    const site = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const EVIL_ORIGIN = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const evil = await context.newPage();
    // The browser sends it (no preflight for text/plain); the server's answer is what protects.
    const sent = evil.waitForRequest((r) => r.url().endsWith('/api/messages'), { timeout: 10_000 });
    await evil.goto(`${EVIL_ORIGIN}/evil.html`);
    const request = await sent;
    expect(request.headers()['origin']).toBe(EVIL_ORIGIN);
    expect(request.headers()['content-type']).toBe('text/plain');
    await evil.evaluate(() => (globalThis as unknown as { result: Promise<string> }).result); // the fetch settled: the server answered
    await new Promise((r) => setTimeout(r, 500));
    expect(channel.replies.filter((r) => r.conversationId === 'browser-victim-c')).toEqual([]);
    const key = 'test/users/browser-victim/';
    expect((await running.storage.read([key]))[key]).toBeUndefined();
    await evil.close();
    site.closeAllConnections();
    await new Promise((resolve) => site.close(resolve));
  }, 60_000);
});
