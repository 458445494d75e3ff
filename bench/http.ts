// Turns over real HTTP (issue 6, figure 2): the form bot (the wiring of `npm start`: file storage,
// SerializeTurns, UserState + ConversationState) and the echo bot on the same restify +
// CloudAdapter stack, each in its own server process on 127.0.0.1, driven by this process with 1,
// 50 and 200 concurrent conversations. Each conversation is greeted (conversationUpdate), then
// types the whole seed form (test/server/seedConversation.ts: 47 messages, 48 turns); the echo
// bot gets the same messages. Replies go to a local channel stub (bench/lib/channel.ts).
//
// Turn latency: from sending POST /api/messages to receiving its HTTP response. CloudAdapter
// delivers the turn's replies to the channel stub (and waits for its 200) before it answers the
// POST, so the response comes after the last reply has been received; every turn is checked to
// have delivered at least one reply by then. Turns per second: turns answered / wall time of the run.
//
//   npx tsx bench/http.ts [--runs=3] [--levels=1,50,200]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEED_STEPS } from '../test/server/seedConversation.js';
import { startChannelStub } from './lib/channel.js';
import { HttpClient } from './lib/client.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { startBenchServer, type BenchServer, type BotKind } from './lib/servers.js';
import { median, quantile, round } from './lib/stats.js';

export type HttpRow = {
  bot: BotKind;
  conversations: number;
  /** Medians over the runs of each run's p50, p99 and turns/s. */
  p50Ms: number;
  p99Ms: number;
  turnsPerSecond: number;
  /** Turns per run. */
  turns: number;
  /** Activities sent to the channel per turn (the form bot often answers with several). */
  repliesPerTurn: number;
  runs: number;
  /** Non-200 answers, turns without a reply, socket errors — over all runs. */
  failures: number;
  firstError?: string;
};

export type HttpBenchOptions = {
  levels?: number[];
  runs?: number;
  /** Progress lines (to stderr by the runner). */
  log?: (line: string) => void;
  /** Node flags for the form bot's process (e.g. --cpu-prof --cpu-prof-dir=…). */
  formNodeArgs?: string[];
};

export const SEED_MESSAGES: readonly string[] = SEED_STEPS.map((s) => s.say);

export async function benchHttp(options: HttpBenchOptions = {}): Promise<HttpRow[]> {
  const levels = options.levels ?? [1, 50, 200];
  const runs = options.runs ?? 3;
  const log = options.log ?? (() => undefined);
  const bots: BotKind[] = ['echo', 'form'];
  // Keep the replies of each run's first form conversation, to check that it really filled the form.
  const channel = await startChannelStub({ keep: (id) => id.startsWith('form-') && id.endsWith('-c0') });
  const client = new HttpClient(Math.max(...levels) + 16);
  const servers = new Map<BotKind, BenchServer>();
  try {
    for (const bot of bots) servers.set(bot, await startBenchServer(bot, bot === 'form' ? { nodeArgs: options.formNodeArgs } : {}));
    for (const bot of bots) {
      log(`http: warming up the ${bot} bot`);
      const warm = await runLoad({ url: servers.get(bot)!.url, channel, client, conversations: 20, script: () => SEED_MESSAGES, prefix: `warm-${bot}` });
      assertClean(warm, `${bot} warm-up`);
    }
    const results = new Map<string, LoadResult[]>();
    for (let r = 0; r < runs; r++) {
      for (const level of levels) {
        for (const bot of bots) {
          const prefix = `${bot}-r${r}-n${level}`;
          // Open the connections first (one unmeasured greeting per conversation, all at once): the
          // servers close idle keep-alive sockets after 5 s, so each run would otherwise open `level`
          // sockets in the same millisecond, and on loopback some of those connects take 1–7 s
          // (seen: 1.8 s p99 for the echo bot at 200, against 0.25 s with the sockets open). That
          // is the load generator's burst, not a turn; a channel keeps its connections open.
          assertClean(await runLoad({ url: servers.get(bot)!.url, channel, client, conversations: level, script: () => [], prefix: `${prefix}-open` }), `${bot} connections`);
          const result = await runLoad({ url: servers.get(bot)!.url, channel, client, conversations: level, script: () => SEED_MESSAGES, prefix, deadlineMs: 5 * 60_000 });
          log(
            `http: run ${r + 1}/${runs}, ${level} conversations, ${bot}: p50 ${round(median(result.latenciesMs), 1)} ms, p99 ${round(quantile(result.latenciesMs, 0.99), 1)} ms, ${round(result.turnsPerSecond, 0)} turns/s`,
          );
          if (bot === 'form') checkFilled(channel.replies(`${prefix}-c0`).map((x) => x.text ?? ''), prefix);
          const key = `${bot}:${level}`;
          results.set(key, [...(results.get(key) ?? []), result]);
        }
      }
    }
    return levels.flatMap((level) =>
      bots.map((bot): HttpRow => {
        const rs = results.get(`${bot}:${level}`)!;
        return {
          bot,
          conversations: level,
          p50Ms: round(median(rs.map((x) => median(x.latenciesMs))), 2),
          p99Ms: round(median(rs.map((x) => quantile(x.latenciesMs, 0.99))), 2),
          turnsPerSecond: round(median(rs.map((x) => x.turnsPerSecond)), 1),
          turns: rs[0].turns,
          repliesPerTurn: round(median(rs.map((x) => x.repliesPerTurn)), 2),
          runs: rs.length,
          failures: rs.reduce((n, x) => n + failuresOf(x), 0),
          firstError: rs.find((x) => x.firstError)?.firstError,
        };
      }),
    );
  } finally {
    client.close();
    await channel.close();
    for (const server of servers.values()) await server.dispose();
  }
}

function failuresOf(r: LoadResult): number {
  return Object.values(r.statuses).reduce((a, b) => a + b, 0) + r.noReply + r.networkErrors;
}

function assertClean(r: LoadResult, what: string): void {
  if (failuresOf(r) > 0) throw new Error(`${what}: ${failuresOf(r)} failed turns (${JSON.stringify(r.statuses)}, ${r.noReply} without reply): ${r.firstError}`);
}

/** The replies of a form conversation show every step of the seed taken, in order. */
function checkFilled(texts: string[], prefix: string): void {
  const all = texts.join('\n');
  let from = 0;
  for (const step of SEED_STEPS) {
    const m = new RegExp(step.reply.source, step.reply.flags.replace('g', '') + 'g');
    m.lastIndex = from;
    const hit = m.exec(all);
    if (!hit) throw new Error(`${prefix}: the form bot did not answer “${step.say}” with ${step.reply} — the run did not fill the seed form`);
    from = hit.index + hit[0].length;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rows = await benchHttp({
    runs: Number(arg('runs') ?? 3),
    levels: arg('levels')?.split(',').map(Number),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
}
