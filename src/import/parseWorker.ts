// The parsing worker (src/import/isolated.ts starts it): reads one file at a time with importAnyForm
// (either form: the national one, else importAny)
// and posts the result back. It runs under resource limits; if a file takes too long or too much
// memory the main thread kills it and starts another, so nothing here has to defend itself
// beyond what importAny already does.
import { parentPort } from 'node:worker_threads';
import { loadDocxReader } from './index.js';
import { importAnyForm } from './nationalAny.js';
import { LIMIT_MESSAGES } from './limits.js';
import type { FormImportResult } from '../../dialogs/ports.js';

export type ParseJob = { id: number; name: string; contentType: string; bytes: Uint8Array };
export type WorkerMessage = { ready: true } | { id: number; result: FormImportResult };

const port = parentPort;
if (!port) throw new Error('parseWorker runs as a worker thread (src/import/isolated.ts)');

// Loaded before the first file, so that a file's time limit is spent on the file.
const docxReader = await loadDocxReader();

port.on('message', (job: ParseJob) => {
  void importAnyForm({ name: job.name, contentType: job.contentType, bytes: job.bytes }, { loadDocxReader: async () => docxReader }).then(
    (result) => port.postMessage({ id: job.id, result } satisfies WorkerMessage),
    () => port.postMessage({ id: job.id, result: { ok: false, message: LIMIT_MESSAGES.crashed } } satisfies WorkerMessage),
  );
});
port.postMessage({ ready: true } satisfies WorkerMessage);
