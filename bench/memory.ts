// Memory (issue 6, figure 5): resident memory of the server process with 1,000 conversations in
// progress. A fresh server (the `npm start` wiring, file storage) receives 1,000 conversations,
// 50 at a time, each greeted and answering the first questions of the seed form (项目名称, 年份,
// 主管部门, 年初预算数, 调整数, 实际支付数), and then stays idle for a second; its RSS (VmRSS in
// /proc/<pid>/status) is the figure. The echo bot under the same load is the baseline. After
// that, a full GC (the process runs with --expose-gc, which changes nothing until gc() is
// called) shows how much of it is live heap. Target: ≤ 300 MB.
//
//   npx tsx bench/memory.ts [--conversations=1000] [--questions=6] [--variant=--max-old-space-size=4096]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEED_MESSAGES } from './http.js';
import { startChannelStub } from './lib/channel.js';
import { HttpClient } from './lib/client.js';
import { runLoad } from './lib/load.js';
import { startBenchServer, type BotKind } from './lib/servers.js';

export type MemoryRow = {
  bot: BotKind;
  /** Extra node flags of the server process ('' = the defaults of `npm start`). */
  flags: string;
  conversations: number;
  questions: number;
  /** RSS at start, after the load (the figure), its peak during the load, and after a full GC. */
  startMb: number;
  rssMb: number;
  peakMb: number;
  rssAfterGcMb: number;
  /** V8 heap in use after a full GC (what the conversations really keep). */
  liveHeapMb: number;
  failures: number;
};

export type MemoryBenchOptions = {
  conversations?: number;
  questions?: number;
  concurrency?: number;
  /** Runs of the form bot with other node flags, e.g. [['--max-old-space-size=4096']] (no heap cap). */
  variants?: string[][];
  log?: (line: string) => void;
};

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function benchMemory(options: MemoryBenchOptions = {}): Promise<MemoryRow[]> {
  const conversations = options.conversations ?? 1000;
  const questions = options.questions ?? 6;
  const script = SEED_MESSAGES.slice(0, questions);
  const log = options.log ?? (() => undefined);
  const channel = await startChannelStub();
  const client = new HttpClient((options.concurrency ?? 50) + 16);
  const rows: MemoryRow[] = [];
  const runs: Array<{ bot: BotKind; flags: string[] }> = [
    { bot: 'echo', flags: [] },
    { bot: 'form', flags: [] },
    ...(options.variants ?? []).map((flags) => ({ bot: 'form' as const, flags })),
  ];
  try {
    for (const { bot, flags } of runs) {
      const server = await startBenchServer(bot, { nodeArgs: ['--expose-gc', ...flags] });
      try {
        const start = server.rss();
        const r = await runLoad({ url: server.url, channel, client, conversations, concurrency: options.concurrency ?? 50, script: () => script, prefix: `mem-${bot}-${rows.length}` });
        await new Promise((done) => setTimeout(done, 1000));
        const after = server.rss();
        const live = await server.memoryUsage(true);
        const afterGc = server.rss();
        const row: MemoryRow = {
          bot,
          flags: flags.join(' '),
          conversations,
          questions,
          startMb: mb(start.rssBytes),
          rssMb: mb(after.rssBytes),
          peakMb: mb(after.peakBytes),
          rssAfterGcMb: mb(afterGc.rssBytes),
          liveHeapMb: mb(live.heapUsed),
          failures: Object.values(r.statuses).reduce((a, b) => a + b, 0) + r.noReply + r.networkErrors,
        };
        log(`memory: ${bot}${row.flags ? ` (${row.flags})` : ''}: ${row.rssMb} MB RSS after ${conversations} conversations (peak ${row.peakMb}, after GC ${row.rssAfterGcMb}, live heap ${row.liveHeapMb})`);
        rows.push(row);
      } finally {
        await server.dispose();
      }
    }
    return rows;
  } finally {
    client.close();
    await channel.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rows = await benchMemory({
    conversations: Number(arg('conversations') ?? 1000),
    questions: Number(arg('questions') ?? 6),
    variants: [(arg('variant') ?? '--max-old-space-size=4096').split(' ')],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
}
