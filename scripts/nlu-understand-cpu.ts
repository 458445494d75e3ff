// CPU cost of understand() alone (no engine): every utterance of the corpus and the held-out sets
// 1-3, read in its stage's context (built once), N rounds after warm-up. Prints µs per message.
// Usage: npx tsx scripts/nlu-understand-cpu.ts [rounds=50]
import { fileURLToPath } from 'node:url';
import { Turn } from '../dialogs/engine/context.js';
import { understandContext } from '../dialogs/engine/turn.js';
import { understand, type UnderstandContext } from '../dialogs/understand/index.js';
import { readCases } from '../test/fixtures/nlu/evaluate.js';
import { NLU_DEPS, buildStages } from '../test/fixtures/nlu/stages.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.argv[2] ?? 50);
const stages = await buildStages();
const cases = ['corpus', 'heldout', 'heldout2', 'heldout3'].flatMap((p) => readCases(`${root}test/fixtures/nlu/${p}.jsonl`));
const ctxs = new Map<string, UnderstandContext>();
for (const [stage, session] of Object.entries(stages)) ctxs.set(stage, understandContext(new Turn(session, NLU_DEPS)));
const work = cases.map((c) => [c.text, ctxs.get(c.context.stage)!] as const);

let sink = 0;
const once = () => {
  for (const [text, ctx] of work) sink += understand(text, ctx).kind.length;
};
for (let i = 0; i < 5; i++) once();
const t0 = process.cpuUsage();
for (let i = 0; i < rounds; i++) once();
const cpu = process.cpuUsage(t0);
const n = rounds * work.length;
process.stdout.write(`messages ${n}; understand() CPU ${((cpu.user + cpu.system) / n).toFixed(2)} µs/message (${sink > 0 ? 'ok' : '-'})\n`);
