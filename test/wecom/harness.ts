// The bot as `npm start` wires it (file storage in a temp folder, SerializeTurns, exporter, the
// real importer) with the 企业微信 channel pointed at a local simulator. Time can be virtual: the
// adapter's pacing sleeps advance a shared clock instead of waiting, and the simulator counts
// messages per minute on that same clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/main.js';
import { WecomSimulator, type Delivery, type Received } from '../../src/wecom/simulator.js';
import type { TemplateCard } from '../../src/wecom/text.js';
import { freePort, testConfig } from '../server/helpers.js';

export const CORP = 'ww5823bf96d3bd56c7';
export const AGENT = '1000002';
export const SECRET = 'sim-app-secret';
export const TOKEN = 'QDG6eK';
export const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

export type VirtualClock = { now(): number; sleep(ms: number): Promise<void>; advance(ms: number): void };

/** Real time plus an offset that sleeps (and tests) push forward. */
export function virtualClock(): VirtualClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      offset += Math.max(0, ms);
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

export type Harness = {
  sim: WecomSimulator;
  running: Running;
  clock: VirtualClock;
  dataDir: string;
  /** The user sends text; resolves once the bot's turn ran and its replies were sent; returns them. */
  say(user: string, text: string): Promise<Received[]>;
  /** The user taps a button on the card; returns the replies. */
  click(user: string, card: TemplateCard, button: string): Promise<Received[]>;
  /** Any delivery (event, file…) followed by waiting for the turn; returns the replies. */
  after(user: string, deliver: () => Promise<Delivery>): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startHarness(env: Record<string, string> = {}, opts: { virtual?: boolean } = {}): Promise<Harness> {
  const clock = opts.virtual === false ? { now: Date.now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), advance: () => undefined } : virtualClock();
  const sim = new WecomSimulator({ corpId: CORP, agentId: AGENT, secret: SECRET, token: TOKEN, encodingAesKey: AES, now: clock.now });
  const apiBase = await sim.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-wecom-'));
  const port = await freePort();
  const config = testConfig({
    PORT: String(port),
    DATA_DIR: dataDir,
    STORAGE: 'file',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    WECOM_CORP_ID: CORP,
    WECOM_AGENT_ID: AGENT,
    WECOM_SECRET: SECRET,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES,
    WECOM_API_BASE: apiBase,
    ...env,
  });
  const running = await startServer(config, silentLogger(), { wecom: { now: clock.now, sleep: clock.sleep } });
  sim.callbackUrl = `${running.url}/api/wecom`;
  const after = async (user: string, deliver: () => Promise<Delivery>) => {
    const before = sim.receivedBy(user).length;
    const d = await deliver();
    if (!d.acknowledged) throw new Error(`callback not acknowledged: ${JSON.stringify(d.attempts)}`);
    await running.wecom!.idle();
    return sim.receivedBy(user).slice(before);
  };
  return {
    sim,
    running,
    clock,
    dataDir,
    say: (user, text) => after(user, () => sim.sendText(user, text)),
    click: (user, card, button) => after(user, () => sim.clickButton(user, card, button)),
    after,
    async close() {
      await running.stop();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the user read: text messages and card texts, in order. */
export const shown = (msgs: Received[]): string =>
  msgs
    .map((m) => m.content ?? (m.card ? [m.card.main_title?.title, m.card.sub_title_text, m.card.button_list.map((b) => `[${b.text}]`).join(' ')].filter(Boolean).join('\n') : m.file ? `[文件] ${m.file.name}` : ''))
    .join('\n');

export const lastCard = (msgs: Received[]): TemplateCard | undefined => [...msgs].reverse().find((m) => m.card)?.card;
