// DOCX and XLSX export times for the seed form (median of several runs after a warm-up).
// Target: under 300 ms each. Run directly: npx tsx bench/export.ts
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { scoreForm } from '../rules/index.js';
import { buildDocx } from '../src/documents/docx.js';
import { buildXlsx } from '../src/documents/xlsx.js';
import { importAny } from '../src/import/index.js';

const SHARED_SEED = fileURLToPath(new URL('../../shared/seed/000_1710a498a8f8337b.txt', import.meta.url));
const SEED = existsSync(SHARED_SEED) ? SHARED_SEED : fileURLToPath(new URL('../examples/seed-form.txt', import.meta.url));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function time(fn: () => Promise<unknown>, runs: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return Math.round(median(ms) * 10) / 10;
}

export async function benchExport(options: { runs?: number; warmup?: number } = {}): Promise<{ docxMs: number; xlsxMs: number }> {
  const imported = await importAny({ name: 'seed.txt', contentType: 'text/plain', bytes: await readFile(SEED) });
  if (!imported.ok) throw new Error(imported.message);
  const form = imported.form;
  const score = scoreForm(form, { final: true });
  const runs = options.runs ?? 15;
  const warmup = options.warmup ?? 3;
  return {
    docxMs: await time(() => buildDocx(form, score), runs, warmup),
    xlsxMs: await time(() => buildXlsx(form, score), runs, warmup),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { docxMs, xlsxMs } = await benchExport();
  const verdict = (ms: number) => (ms < 300 ? 'ok' : 'SLOW');
  process.stdout.write(`export seed DOCX: ${docxMs} ms (median, target < 300 ms: ${verdict(docxMs)})\n`);
  process.stdout.write(`export seed XLSX: ${xlsxMs} ms (median, target < 300 ms: ${verdict(xlsxMs)})\n`);
}
