// kill -9 of the server in the middle of a load run, then a restart on the same data folder:
// every answer the bot acknowledged (its reply reached the channel) is stored, no data file is
// corrupt, and each conversation resumes where it stopped. The server is `npm start`'s entry in a
// child process; 12 conversations type the seed form at once. FAULT_ROUNDS=n (npm run test:long)
// repeats kill and restart n times on the same folder, killing at a different moment each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelStub, type ChannelStub } from '../../bench/lib/channel.js';
import { HttpClient } from '../../bench/lib/client.js';
import { runLoad, type ActivityOptions } from '../../bench/lib/load.js';
import type { ServerProcess } from '../../bench/lib/serverProcess.js';
import type { Form } from '../../rules/index.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { activeForm, CHANNEL, corruptFiles, dataFiles, entryEssence, say, seedEntries, startMain, storedSessions, tempRoot } from './helpers.js';

const CONVERSATIONS = 12;
const ROUNDS = Math.max(1, Number(process.env.FAULT_ROUNDS ?? 1));
const MESSAGES = SEED_STEPS.map((s) => s.say);

let root: ReturnType<typeof tempRoot>;
let channel: ChannelStub;
let client: HttpClient;
let entries: string[];
const servers: ServerProcess[] = [];

beforeAll(async () => {
  root = tempRoot('jixiao-fault-kill-');
  channel = await startChannelStub({ keepReplies: true });
  client = new HttpClient(64);
  entries = await seedEntries();
});

afterAll(async () => {
  for (const s of servers) await s.kill9();
  client?.close();
  await channel?.close();
  root?.cleanup();
});

/** How many seed answers a stored session holds: k or k+1 (the turn in flight may have been saved), else -1. */
function answersHeld(stored: string, acked: number): number {
  if (stored === entries[acked]) return acked;
  if (acked + 1 < entries.length && stored === entries[acked + 1]) return acked + 1;
  return -1;
}

describe('kill -9 during a load run', () => {
  it(`loses no acknowledged answer, corrupts no file, and every conversation resumes (${ROUNDS} round${ROUNDS > 1 ? 's' : ''})`, async () => {
    const earlier: Array<{ who: ActivityOptions; form: Form | undefined }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startMain(root.dataDir);
      servers.push(server);
      const acked = new Array<number>(CONVERSATIONS).fill(0);
      let total = 0;
      // Kill after a different number of acknowledged answers each round (40 … 360 of 564).
      const killAfter = 40 + ((round * 97) % 320);
      const load = runLoad({
        url: server.url,
        channel,
        client,
        conversations: CONVERSATIONS,
        script: () => MESSAGES,
        prefix: `kill-r${round}`,
        channelId: CHANNEL,
        deadlineMs: 60_000,
        onAck: (i, t) => {
          acked[i] = t + 1;
          if (++total === killAfter) void server.kill9();
        },
      });
      const result = await load;
      await server.exited;
      expect(server.child.signalCode, 'the server was killed, not finished').toBe('SIGKILL');
      expect(result.networkErrors, 'the kill cut conversations short').toBeGreaterThan(0);
      expect(Object.keys(result.statuses).filter((s) => Number(s) >= 500), 'no 5xx before the kill').toEqual([]);

      expect(corruptFiles(dataFiles(root.dataDir)), 'data files that do not parse').toEqual([]);

      const who = Array.from({ length: CONVERSATIONS }, (_, i): ActivityOptions => ({ channelId: CHANNEL, serviceUrl: channel.url, conversationId: `kill-r${round}-c${i}`, userId: `kill-r${round}-u${i}` }));
      const stored = await storedSessions(root.dataDir, who);
      const next: number[] = [];
      for (let i = 0; i < CONVERSATIONS; i++) {
        const session = stored.get(who[i].userId);
        const held = answersHeld(entryEssence(session), acked[i]);
        expect(held, `conversation ${i}: ${acked[i]} answers acknowledged, the stored session holds neither those nor one more`).toBeGreaterThanOrEqual(0);
        next.push(session ? held : -1);
      }

      const restarted = await startMain(root.dataDir);
      servers.push(restarted);
      // Each conversation answers the next question; the reply shows the answer taken in its place.
      await Promise.all(
        who.map(async (w, i) => {
          const k = next[i];
          if (k === -1) {
            // killed during the greeting, before anything was stored: start again
            expect((await say(client, restarted.url, channel, w, null)).status).toBe(200);
          }
          const step = Math.max(k, 0);
          if (step >= SEED_STEPS.length) return;
          const r = await say(client, restarted.url, channel, w, SEED_STEPS[step].say);
          expect(r.status).toBe(200);
          expect(r.texts.join('\n'), `conversation ${i} resumes at answer ${step + 1} (“${SEED_STEPS[step].say}”)`).toMatch(SEED_STEPS[step].reply);
        }),
      );
      // Conversations of earlier rounds are still exactly as they were.
      const again = await storedSessions(root.dataDir, earlier.map((e) => e.who));
      for (const e of earlier) expect(activeForm(again.get(e.who.userId)), `${e.who.userId} after round ${round + 1}`).toEqual(e.form);
      const now = await storedSessions(root.dataDir, who);
      for (const w of who) earlier.push({ who: w, form: activeForm(now.get(w.userId)) });
      await restarted.stop();
      expect(corruptFiles(dataFiles(root.dataDir))).toEqual([]);
    }
  }, 60_000 + ROUNDS * 60_000);
});
