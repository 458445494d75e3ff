// Engine turn benchmark (issue 13: "a turn costs no more CPU than today"): the seed conversation
// (test/server/seedConversation.ts, the whole form typed one answer at a time, then 为什么…, 预览, 进度)
// through `handleTurn`, the stored state going through JSON between turns as storage does. No
// HTTP, no storage, no channel: the engine alone.
//
// `conversations` > 1 interleaves that many conversations turn by turn, as a server does, each with
// its own project name: then the engine's memos (scoreForm, checklist; keyed by content) no longer
// hold the previous turn's form of the same conversation, which a single conversation in a loop hides.
//
//   npx tsx bench/turn.ts [--rounds=40] [--conversations=1]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handleTurn } from '../dialogs/engine/index.js';
import { SEED_STEPS, WHY_BUDGET } from '../test/server/seedConversation.js';

export type TurnBench = {
  conversations: number;
  rounds: number;
  /** Turns in one seed conversation. */
  turnsPerForm: number;
  /** Process CPU (user + system, all threads: GC included) per turn, in ms. */
  cpuMsPerTurn: number;
  /** The same per seed conversation (the whole form). */
  cpuMsPerForm: number;
  wallMsPerTurn: number;
  /** The stored state's JSON (UTF-8 bytes) at the end of the seed conversation. */
  stateBytes: number;
};

const deps = { clock: { now: () => new Date('2026-03-01T08:00:00Z') } };
const lines = ['你好', ...SEED_STEPS.map((s) => s.say), WHY_BUDGET.say, '预览', '进度'];

/** One round: `n` seed conversations, turn by turn, interleaved. Checks the replies when `check`. */
async function round(n: number, check: boolean): Promise<number> {
  const sessions: unknown[] = new Array(n).fill(undefined);
  let bytes = 0;
  for (let k = 0; k < lines.length; k++) {
    for (let c = 0; c < n; c++) {
      // Each conversation its own project (the memos are keyed by content: identical forms would share them).
      const text = k === 1 && c > 0 ? `${lines[k]}${c}` : lines[k];
      const r = await handleTurn(sessions[c], { text }, deps);
      const json = JSON.stringify(r.session);
      sessions[c] = JSON.parse(json);
      bytes = Buffer.byteLength(json);
      if (check && c === 0 && k >= 1 && k <= SEED_STEPS.length) {
        const step = SEED_STEPS[k - 1];
        const said = r.replies.map((x) => ('text' in x ? x.text : '')).join('\n');
        if (!step.reply.test(said)) throw new Error(`seed conversation went off course at turn ${k} ("${step.say}"): ${said.slice(0, 200)}`);
      }
    }
  }
  return bytes;
}

export async function benchTurn(options: { rounds?: number; conversations?: number; warmup?: number } = {}): Promise<TurnBench> {
  const rounds = options.rounds ?? 40;
  const n = options.conversations ?? 1;
  const warmup = options.warmup ?? Math.max(2, Math.ceil(3 / n));
  let stateBytes = 0;
  for (let i = 0; i < warmup; i++) stateBytes = await round(n, i === 0);
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < rounds; i++) await round(n, false);
  const cpu = process.cpuUsage(t0);
  const wall = performance.now() - w0;
  const turns = rounds * n * lines.length;
  const cpuMsPerTurn = (cpu.user + cpu.system) / 1000 / turns;
  return { conversations: n, rounds, turnsPerForm: lines.length, cpuMsPerTurn, cpuMsPerForm: cpuMsPerTurn * lines.length, wallMsPerTurn: wall / turns, stateBytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const r = await benchTurn({ rounds: Number(arg('rounds') ?? 40), conversations: Number(arg('conversations') ?? 1) });
  process.stdout.write(
    `engine turn, ${r.conversations} conversation(s) × ${r.rounds} rounds × ${r.turnsPerForm} turns: CPU ${r.cpuMsPerTurn.toFixed(3)} ms/turn, ${r.cpuMsPerForm.toFixed(1)} ms per form; wall ${r.wallMsPerTurn.toFixed(3)} ms/turn; state at the end ${r.stateBytes} bytes\n`,
  );
}
