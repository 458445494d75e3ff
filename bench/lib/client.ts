// A minimal HTTP client over node:http with a keep-alive agent (no load-testing package needed).
import http from 'node:http';

export type HttpResult = { status: number; body: string; ms: number };

export class HttpClient {
  readonly agent: http.Agent;

  constructor(maxSockets = 256) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** POSTs a body (JSON-encoded unless a string); resolves with status, body and elapsed ms. Never rejects on HTTP errors. */
  post(url: string, body: unknown, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<HttpResult> {
    const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return this.request('POST', url, payload, { 'Content-Type': 'application/json', ...options.headers }, options.timeoutMs);
  }

  get(url: string, timeoutMs?: number): Promise<HttpResult> {
    return this.request('GET', url, undefined, {}, timeoutMs);
  }

  request(method: string, url: string, payload: string | Buffer | undefined, headers: Record<string, string>, timeoutMs = 30_000): Promise<HttpResult> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent: this.agent,
          headers: payload === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
