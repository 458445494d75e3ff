// CPU cost of handleTurn over the seed conversation (test/server/seedConversation.ts), the whole
// form typed one answer at a time. Prints the mean CPU time per turn (user+system) over N rounds.
// The measurement itself is bench/turn.ts (also figure 1b of `npm run bench`).
// Usage: npx tsx scripts/nlu-eval-cpu.ts [rounds=30] [conversations=1]
import { benchTurn } from '../bench/turn.js';

const rounds = Number(process.argv[2] ?? 30);
const conversations = Number(process.argv[3] ?? 1);
const r = await benchTurn({ rounds, conversations });
const turns = rounds * conversations * r.turnsPerForm;
console.log(`turns ${turns}; CPU ${r.cpuMsPerTurn.toFixed(3)} ms/turn; wall ${r.wallMsPerTurn.toFixed(3)} ms/turn; state at the end ${r.stateBytes} bytes`);
