// Scoring benchmark (issue 6, figure 1): the final audit of the seed form, `scoreForm(form,
// { final: true })`, per form. The seed is read by the importer from the shared seed file, as
// `npx jixiao audit` reads it. Target: ≤ 1 ms per form.
//
//   npx tsx bench/scoring.ts
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scoreForm, type Form } from '../rules/index.js';
import { importAny } from '../src/import/index.js';
import { median, round } from './lib/stats.js';

export const SEED_FILE = fileURLToPath(new URL('../../shared/seed/000_1710a498a8f8337b.txt', import.meta.url));

export async function seedFormFromFile(): Promise<Form> {
  const imported = await importAny({ name: 'seed.txt', contentType: 'text/plain', bytes: await readFile(SEED_FILE) });
  if (!imported.ok) throw new Error(`the seed could not be imported: ${imported.message}`);
  return imported.form;
}

export type ScoringBench = {
  /** Median over batches of the mean time of one audit, in ms. */
  msPerForm: number;
  /** The fastest and slowest batch means. */
  minMs: number;
  maxMs: number;
  batches: number;
  perBatch: number;
  /** The audited total, to show that the work was done (the seed scores 72.00 of 80 before the self-scores' checks). */
  total: string;
};

export async function benchScoring(options: { batches?: number; perBatch?: number; warmup?: number } = {}): Promise<ScoringBench> {
  const form = await seedFormFromFile();
  const batches = options.batches ?? 15;
  const perBatch = options.perBatch ?? 200;
  let sink = '';
  for (let i = 0; i < (options.warmup ?? 500); i++) sink = scoreForm(form, { final: true }).total;
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i++) sink = scoreForm(form, { final: true }).total;
    means.push((performance.now() - start) / perBatch);
  }
  return {
    msPerForm: round(median(means), 4),
    minMs: round(Math.min(...means), 4),
    maxMs: round(Math.max(...means), 4),
    batches,
    perBatch,
    total: String(sink),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const r = await benchScoring();
  process.stdout.write(`audit of the seed form: ${r.msPerForm} ms per form (median of ${r.batches} batches of ${r.perBatch}; range ${r.minMs}–${r.maxMs}); total ${r.total}; target ≤ 1 ms: ${r.msPerForm <= 1 ? 'met' : 'MISSED'}\n`);
}
