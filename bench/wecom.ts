// Turns through the 企业微信 path (issue 14): the bot wired as `npm start` wires it (file storage in a
// temp folder, SerializeTurns, exporter, importer) with the 企业微信 channel pointed at the local
// simulator (src/wecom/simulator.ts). 50 members at once each open the app (enter_agent) and type
// the whole seed form (test/server/seedConversation.ts), one message after the other's replies.
//
// Turn latency: from the simulator starting the encrypted callback POST to the adapter having sent
// the turn's last reply through message/send (which the simulator received). That includes the
// signature check, the decryption, the empty 200, the turn and every message/send call. Turns per
// second: turns finished / wall time of the run.
//
// Pacing is lifted for the run (WeCom's 30 messages a minute per member would cap a member at about
// 15 turns a minute, which measures WeCom, not this path). The simulator, the bot and the load run in
// one process (the Direct Line figure runs the bot in its own process), so these figures are, if
// anything, pessimistic.
//
//   npx tsx bench/wecom.ts [--users=50] [--runs=1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/server/logger.js';
import { startServer } from '../src/server/main.js';
import { WecomSimulator } from '../src/wecom/simulator.js';
import { SEED_STEPS } from '../test/server/seedConversation.js';
import { median, quantile, round } from './lib/stats.js';

export type WecomRow = { users: number; turns: number; p50Ms: number; p99Ms: number; turnsPerSecond: number; messagesPerTurn: number; failures: number; runs: number };

const CORP = { corpId: 'wwbench00000000001', agentId: '1000002', secret: 'bench-secret', token: 'benchToken', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

async function oneRun(users: number): Promise<{ latencies: number[]; seconds: number; messages: number; failures: number }> {
  const sim = new WecomSimulator({ ...CORP, limits: { perMinute: 1e9, perHour: 1e9 } });
  const apiBase = await sim.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-bench-wecom-'));
  const waiting = new Map<string, (outcome: 'ok' | 'failed') => void>();
  const config = loadConfig({
    PORT: '0',
    STORAGE: 'file',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WECOM_CORP_ID: CORP.corpId,
    WECOM_AGENT_ID: CORP.agentId,
    WECOM_SECRET: CORP.secret,
    WECOM_TOKEN: CORP.token,
    WECOM_ENCODING_AES_KEY: CORP.encodingAesKey,
    WECOM_API_BASE: apiBase,
  });
  const running = await startServer(config, silentLogger(), {
    wecom: { pace: { limit: 1e9, windowMs: 60_000 }, onTurnEnd: (user, _ms, outcome) => waiting.get(user)?.(outcome) },
  });
  sim.callbackUrl = `${running.url}/api/wecom`;
  const latencies: number[] = [];
  let failures = 0;
  const turn = async (user: string, send: () => Promise<unknown>) => {
    const done = new Promise<'ok' | 'failed'>((resolve) => waiting.set(user, resolve));
    const t0 = performance.now();
    await send();
    const outcome = await Promise.race([done, new Promise<'failed'>((r) => setTimeout(() => r('failed'), 30_000).unref())]);
    if (outcome === 'ok') latencies.push(performance.now() - t0);
    else failures++;
  };
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: users }, async (_, i) => {
        const user = `bench${i}`;
        await turn(user, () => sim.sendEvent(user, 'enter_agent'));
        for (const step of SEED_STEPS) await turn(user, () => sim.sendText(user, step.say));
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { latencies, seconds, messages: sim.received.length, failures };
  } finally {
    await running.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchWecom(options: { users?: number; runs?: number; log?: (line: string) => void } = {}): Promise<WecomRow> {
  const users = options.users ?? 50;
  const runs = options.runs ?? 1;
  const p50: number[] = [];
  const p99: number[] = [];
  const tps: number[] = [];
  let messages = 0;
  let turns = 0;
  let failures = 0;
  for (let r = 0; r < runs; r++) {
    options.log?.(`wecom: run ${r + 1}/${runs}, ${users} members × ${SEED_STEPS.length + 1} turns`);
    const run = await oneRun(users);
    p50.push(quantile(run.latencies, 0.5));
    p99.push(quantile(run.latencies, 0.99));
    tps.push(run.latencies.length / run.seconds);
    messages += run.messages;
    turns += run.latencies.length;
    failures += run.failures;
  }
  return {
    users,
    turns: users * (SEED_STEPS.length + 1),
    p50Ms: round(median(p50), 1),
    p99Ms: round(median(p99), 1),
    turnsPerSecond: round(median(tps), 1),
    messagesPerTurn: round(messages / Math.max(1, turns), 2),
    failures,
    runs,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const row = await benchWecom({ users: Number(arg('users') ?? 50), runs: Number(arg('runs') ?? 1), log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
}
