// The understanding layer on the labelled corpus (test/fixtures/nlu): the part it was tuned on and
// the held-out part written first and never tuned on. The bars are the figures measured (see
// BENCHMARKS.md), not wishes: the held-out figure was 137/142 = 96.5% when first measured (138/142
// later, 141/142 with the classifier); a second held-out set written afterwards scored 71.6% at first
// (see BENCHMARKS.md), and eight fresh probes 59.7% (rules alone), then with the classifier 90.3%, 83.3%,
// 88.3%, 92.0%, 94.7%, 89.1% and 96.0% at first (fresh8 never tuned on).
import { describe, expect, it } from 'vitest';
import { evaluate, readCases } from '../fixtures/nlu/evaluate.js';

const dir = new URL('../fixtures/nlu/', import.meta.url).pathname;

describe('understanding, measured on the labelled corpus', () => {
  it('held-out (never tuned on): at least 97% right, every intent of the issue present', async () => {
    const cases = readCases(`${dir}heldout.jsonl`);
    expect(cases.length).toBeGreaterThanOrEqual(120);
    const r = await evaluate(cases);
    for (const intent of ['answer', 'answers', 'why', 'lostPoints', 'howToFull', 'scoreNow', 'correction', 'undo', 'redo', 'export', 'preview', 'progress', 'help', 'fieldHelp', 'smallTalk', 'fallback']) expect(r.perIntent[intent]?.n, intent).toBeGreaterThan(0);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.97);
  }, 120_000);

  it('the fresh probes (each measured first, then looked at): at least 95% right each', async () => {
    for (const name of ['fresh1', 'fresh2', 'fresh3', 'fresh4', 'fresh5', 'fresh6', 'fresh7', 'fresh8']) {
      const r = await evaluate(readCases(`${dir}${name}.jsonl`));
      expect(r.total, name).toBeGreaterThanOrEqual(50);
      expect(r.accuracy, name).toBeGreaterThanOrEqual(0.95);
    }
  }, 120_000);

  it('the corpus it was tuned on (431 utterances): at least 99% right', async () => {
    const cases = readCases(`${dir}corpus.jsonl`);
    expect(cases.length).toBeGreaterThanOrEqual(400);
    const r = await evaluate(cases);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.99);
  }, 120_000);
});
