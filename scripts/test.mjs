#!/usr/bin/env node
// Runs the whole vitest suite and ends with the line CI reads: "N passed, N failed".
// Extra arguments go to vitest (e.g. `npm test -- test/rules`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const system = spawnSync('bash', [join(process.cwd(), 'scripts/ensure-system.sh')], { stdio: 'inherit' });
if (system.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = join(process.cwd(), '.vitest-report.json');
rmSync(report, { force: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  // A file that failed outside any test (an import error, a failing beforeAll) counts once; a file
  // whose failure is already counted by its failed tests does not count again (numFailedTestSuites
  // also counts every describe block around a failed test).
  for (const file of json.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed += 1;
  }
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} catch {
  failed = Math.max(1, failed);
}
if (run.status !== 0 && failed === 0) failed = 1;
if (passed === 0 && failed === 0) failed = 1; // a run that executed no test is a failure
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
