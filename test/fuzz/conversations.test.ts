// Fuzzed conversations through the conversation engine: random messages (answers, full-width
// digits, malformed numbers, hostile, emoji and huge text, commands, corrections) sent from
// random points of the seed transcript. Every turn: no throw, a reply, the stored session passes
// the zod models, a value is never lost to a message no question accepts, and every score the
// bot reports equals an audit (scoreForm) of the stored form.
// Default: 60 conversations (a few seconds); FUZZ_RUNS=n for more (npm run test:long).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleTurn, startConversation, type CardModel, type Session } from '../../dialogs/engine/index.js';
import type { DialogDeps } from '../../dialogs/ports.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { lostValues, scoreMismatches, storedSession } from './invariants.js';
import { fuzzRuns, message, short, type Message } from './messages.js';

const deps: DialogDeps = {
  clock: { now: () => new Date('2026-03-01T08:00:00Z') },
  exporter: { exportForm: async () => [{ name: '自评表.docx', contentType: 'application/octet-stream', bytes: new Uint8Array([1]) }] },
};

type Checked = { session: Session; problems: string[] };

async function turn(stored: Session | undefined, m: Message): Promise<Checked> {
  let result: Awaited<ReturnType<typeof handleTurn>>;
  try {
    result = await handleTurn(stored, { text: m.text }, deps);
  } catch (error) {
    return { session: stored!, problems: [`handleTurn threw on “${m.text.slice(0, 40)}”: ${error instanceof Error ? error.stack : String(error)}`] };
  }
  const { session, problems } = storedSession(result.session);
  if (!session) return { session: stored!, problems };
  if (result.replies.length === 0) problems.push(`no reply to “${m.text.slice(0, 40)}”`);
  const cards = result.replies.map((r) => r.card).filter((c): c is CardModel => c !== undefined);
  problems.push(...scoreMismatches(result.replies.map((r) => r.text), cards, session));
  if (stored && (m.kind === 'invalid' || m.kind === 'tooLong')) problems.push(...lostValues(stored, session, m.text, m.kind));
  return { session, problems };
}

/** The session after each prefix of the seed transcript (0 = greeted, nothing answered). */
const prefixes: Session[] = [];

beforeAll(async () => {
  const greeted = storedSession(startConversation(undefined, deps).session);
  expect(greeted.problems).toEqual([]);
  let session = greeted.session!;
  prefixes.push(session);
  for (const step of SEED_STEPS) {
    const r = await turn(session, { text: step.say, kind: 'answer' });
    expect(r.problems, step.say).toEqual([]);
    session = r.session;
    prefixes.push(session);
  }
});

describe('fuzzed conversations (engine)', () => {
  it('keep every invariant from any point of the seed transcript', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SEED_STEPS.length }), fc.array(message, { minLength: 1, maxLength: 20 }), async (start, messages) => {
        let session = structuredClone(prefixes[start]);
        const said: string[] = [];
        for (const m of messages) {
          said.push(short(m.text));
          const r = await turn(session, m);
          if (r.problems.length > 0) throw new Error(`after ${start} seed answers, then ${said.join(', ')}:\n${r.problems.join('\n')}`);
          session = r.session;
        }
      }),
      { numRuns: fuzzRuns(60) },
    );
  }, 120_000);
});
