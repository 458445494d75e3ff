// CPU cost of handleTurn over the seed conversation (test/server/seedConversation.ts), the whole
// form typed one answer at a time. Prints the mean CPU time per turn (user+system) over N rounds.
// Usage: npx tsx scripts/nlu-eval-cpu.ts [rounds=30]
import { handleTurn } from '../dialogs/engine/index.js';
import { SEED_STEPS, WHY_BUDGET } from '../test/server/seedConversation.js';

const rounds = Number(process.argv[2] ?? 30);
const deps = { clock: { now: () => new Date('2026-03-01T08:00:00Z') } };
const lines = ['你好', ...SEED_STEPS.map((s) => s.say), WHY_BUDGET.say, '预览', '进度'];

async function round(): Promise<void> {
  let session: unknown;
  for (const text of lines) {
    const r = await handleTurn(session, { text }, deps);
    session = JSON.parse(JSON.stringify(r.session));
  }
}

for (let i = 0; i < 3; i++) await round(); // warm up
const t0 = process.cpuUsage();
const w0 = performance.now();
for (let i = 0; i < rounds; i++) await round();
const cpu = process.cpuUsage(t0);
const wall = performance.now() - w0;
const turns = rounds * lines.length;
console.log(`turns ${turns}; CPU ${((cpu.user + cpu.system) / 1000 / turns).toFixed(3)} ms/turn; wall ${(wall / turns).toFixed(3)} ms/turn`);
