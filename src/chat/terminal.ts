// `npm run chat`: the same bot in the terminal, with the same data folder as the server
// (DATA_DIR, default ./data), so a form started here can be finished anywhere.
// Type answers line by line; “发送文件 路径” sends a file for review; Ctrl-D or “退出” ends.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Attachment, Storage } from 'botbuilder';
import { createFormBot, defaultFetchAttachment } from '../../dialogs/bot.js';
import type { DialogDeps } from '../../dialogs/ports.js';
import { loadDotEnv } from '../config.js';
import { DocxXlsxExporter } from '../documents/exporter.js';
import { importAnyForm } from '../import/nationalAny.js';
import { createStorage, SerializeTurns } from '../storage/index.js';
import { FolderFileDelivery } from './folderDelivery.js';
import { TerminalAdapter } from './terminalAdapter.js';

export type TerminalOptions = {
  input: NodeJS.ReadableStream;
  output: (text: string) => void;
  dataDir: string;
  userId: string;
  /** Default: the file store in dataDir. */
  storage?: Storage;
  deps?: Partial<DialogDeps>;
};

const QUIT = /^(退出|exit|quit|:q)$/i;
const SEND_FILE = /^(?:发送文件|上传文件|\/file)\s+(.+)$/;

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Runs the chat until the input ends or the user types 退出. */
export async function runTerminal(options: TerminalOptions): Promise<void> {
  const storage = options.storage ?? createStorage({ kind: 'file', dataDir: options.dataDir });
  const deps: DialogDeps = {
    clock: { now: () => new Date() },
    exporter: new DocxXlsxExporter(),
    importer: { importFile: (file) => importAnyForm(file) },
    files: new FolderFileDelivery(resolve(options.dataDir, 'exports')),
    ...options.deps,
  };
  const { bot } = createFormBot({
    storage,
    deps,
    fetchAttachment: async (a: Attachment) => (a.contentUrl?.startsWith('file:') ? new Uint8Array(await readFile(fileURLToPath(a.contentUrl))) : defaultFetchAttachment(a)),
  });
  const adapter = new TerminalAdapter({ userId: options.userId, conversationId: `terminal-${options.userId}` }, options.output);
  adapter.use(new SerializeTurns());
  const logic = (context: Parameters<typeof bot.run>[0]) => bot.run(context);

  await adapter.join(logic);
  const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  for await (const raw of rl) {
    const line = raw.replace(/\r$/, '');
    if (QUIT.test(line.trim())) break;
    const file = SEND_FILE.exec(line.trim());
    if (file) {
      const path = resolve(file[1].trim());
      const attachment = { contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', contentUrl: pathToFileURL(path).href, name: basename(path) };
      await adapter.say('', logic, [attachment]);
      continue;
    }
    await adapter.say(line, logic);
  }
  rl.close();
  options.output('再见！进度已保存，下次输入 npm run chat 接着填。\n');
}

async function main(): Promise<void> {
  loadDotEnv(); // the server's .env, so that DATA_DIR is the same folder
  const dataDir = resolve(process.env.DATA_DIR || './data');
  const userId = process.env.JIXIAO_USER || safeUserName();
  await runTerminal({ input: process.stdin, output: (t) => process.stdout.write(t), dataDir, userId });
}

function safeUserName(): string {
  try {
    return userInfo().username || 'terminal';
  } catch {
    return 'terminal';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
