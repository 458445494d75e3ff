// Once before the whole run: build dist/ (incremental tsc), which the fault tests start as
// `npm start` does (bench/lib/serverProcess.ts). Building here, not in each test file, keeps
// parallel workers from writing dist/ at the same time.
import { ensureBuilt } from '../../bench/lib/serverProcess.js';

export default function setup(): void {
  ensureBuilt();
}
