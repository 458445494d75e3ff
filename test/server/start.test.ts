// `npm start` runs the build under plain node with a few flags; the benchmark and the fault tests
// start their servers the same way (bench/lib/serverProcess.ts). The two must not drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAIN_ENTRY, PROJECT_ROOT, START_NODE_FLAGS } from '../../bench/lib/serverProcess.js';

const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('npm start', () => {
  it('builds, then runs dist/src/server/main.js with the flags the benchmark uses', () => {
    const [build, run] = scripts.start.split(' && ');
    expect(build).toBe('npm run build --silent');
    expect(scripts.build).toBe('tsc -p tsconfig.build.json');
    const words = run.split(/\s+/);
    expect(words[0]).toBe('node');
    expect(words.slice(1, -1)).toEqual(START_NODE_FLAGS);
    expect(`${PROJECT_ROOT}${words.at(-1)}`).toBe(MAIN_ENTRY);
  });

  it('caps the heap (issue 6: resident memory under 300 MB with 1,000 conversations)', () => {
    expect(START_NODE_FLAGS.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
  });
});
