// The server process the benchmark starts: the real wiring of `npm start` (startServer: file
// storage, SerializeTurns, the form bot) or, with BENCH_BOT=echo, the echo bot on the same restify
// + CloudAdapter stack and the same config, logger and routes. Configured by the same environment
// variables as `npm start`; reports its URL to the parent over IPC, answers {cmd:'memory'}.
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server/app.js';
import { EchoBot } from '../../src/server/echoBot.js';
import { createLogger } from '../../src/server/logger.js';
import { startServer } from '../../src/server/main.js';

const kind = process.env.BENCH_BOT === 'echo' ? 'echo' : 'form';
const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);

let url: string;
if (kind === 'echo') {
  const app = createServer({ config, bot: new EchoBot(), logger });
  url = await app.listen();
} else {
  url = (await startServer(config, logger)).url;
}

process.on('message', (message: { cmd?: string; gc?: boolean }) => {
  if (message?.cmd !== 'memory') return;
  // With --expose-gc, {gc: true} measures what is live rather than what V8 has not yet collected.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (message.gc && gc) gc();
  process.send?.({ memory: process.memoryUsage(), collected: Boolean(message.gc && gc) });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true, url, kind });
