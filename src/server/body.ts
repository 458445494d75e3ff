// Reads a request body with a size limit. restify's bodyParser is not used: the limit, the JSON
// errors and the answers stay in our hands (413 for too large, 400 for malformed).
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; status: 400 | 413; message: string };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, status: 413, message: `body larger than ${limit} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish({ ok: false, status: 413, message: `body larger than ${limit} bytes` });
        return; // keep draining (discarding) so the 413 reaches the client
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks, size) }));
    req.on('error', () => finish({ ok: false, status: 400, message: 'request body could not be read' }));
    req.on('aborted', () => finish({ ok: false, status: 400, message: 'request aborted' }));
  });
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

export async function readJson(req: IncomingMessage, limit: number): Promise<JsonResult> {
  const body = await readBody(req, limit);
  if (!body.ok) return body;
  if (body.bytes.length === 0) return { ok: false, status: 400, message: 'empty body; expected JSON' };
  try {
    return { ok: true, value: JSON.parse(body.bytes.toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'malformed JSON' };
  }
}
