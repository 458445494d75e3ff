// A local channel stub on 127.0.0.1: CloudAdapter (no app id) sends the bot's replies to the
// activity's serviceUrl — POST /v3/conversations/:id/activities[/:replyTo] — and this server
// answers 200 at once, counting the replies per conversation (and keeping their text if asked).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChannelReply = { text?: string; attachments?: unknown[]; at: number };

export type ChannelStub = {
  url: string;
  /** Replies received for a conversation so far. */
  count(conversationId: string): number;
  /** The replies of a conversation (only those kept: keepReplies or keep). */
  replies(conversationId: string): ChannelReply[];
  /** Every reply received, all conversations. */
  total(): number;
  close(): Promise<void>;
};

export type ChannelStubOptions = {
  /** Keep the text of every reply (default false: count only). */
  keepReplies?: boolean;
  /** Keep the replies of these conversations only. */
  keep?: (conversationId: string) => boolean;
};

export async function startChannelStub(options: ChannelStubOptions = {}): Promise<ChannelStub> {
  const counts = new Map<string, number>();
  const kept = new Map<string, ChannelReply[]>();
  let total = 0;
  let seq = 0;
  const route = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/[^/?]+)?(?:\?.*)?$/;
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const match = req.method === 'POST' ? route.exec(req.url ?? '') : null;
    const chunks: Buffer[] = [];
    const id = match ? decodeURIComponent(match[1]) : '';
    const keep = match !== null && (options.keepReplies === true || options.keep?.(id) === true);
    req.on('data', (c: Buffer) => {
      if (keep) chunks.push(c);
    });
    req.on('end', () => {
      if (!match) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"error":"not found"}');
        return;
      }
      if (keep) {
        let activity: { text?: string; attachments?: unknown[] } = {};
        try {
          activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof activity;
        } catch {
          // a reply that is not JSON still counts; its text stays unknown
        }
        const list = kept.get(id) ?? [];
        list.push({ text: activity.text, attachments: activity.attachments, at: performance.now() });
        kept.set(id, list);
      }
      // Count before answering: the bot's send resolves only after this response.
      counts.set(id, (counts.get(id) ?? 0) + 1);
      total++;
      // restify patches ServerResponse in a process that loads it: writeHead() may return undefined.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`{"id":"r${++seq}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    count: (id) => counts.get(id) ?? 0,
    replies: (id) => kept.get(id) ?? [],
    total: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
