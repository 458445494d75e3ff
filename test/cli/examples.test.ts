import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { SHARED_SEED_PATH } from '../fixtures/seedPath.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/', () => {
  it('shows what the command really prints today (node examples/generate.mjs --check)', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('node', ['examples/generate.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it('the README embeds the audit of the seed with its totals', () => {
    const readme = readFileSync(`${ROOT}examples/README.md`, 'utf8');
    expect(readme).toContain('$ npx jixiao audit examples/seed-form.txt');
    expect(readme).toContain('规则得分合计 70.00 / 80');
    expect(readme).toContain('"total": "70.00"');
  });

  it.runIf(existsSync(SHARED_SEED_PATH))('the example seed is the golden seed', () => {
    const copy = readFileSync(`${ROOT}examples/seed-form.txt`, 'utf8');
    expect(copy).toBe(readFileSync(SHARED_SEED_PATH, 'utf8'));
  });
});
