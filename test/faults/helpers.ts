// Shared by the fault tests: the real server (the build of `src/server/main.ts`, as `npm start` runs it) as a
// child process on a temp data folder, the seed transcript replayed through the pure engine (what
// the stored form must be after k answers), the stored sessions, and every data file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelStub } from '../../bench/lib/channel.js';
import type { HttpClient } from '../../bench/lib/client.js';
import { conversationUpdateActivity, messageActivity, type ActivityOptions } from '../../bench/lib/load.js';
import { startServerProcess, type ServerProcess } from '../../bench/lib/serverProcess.js';
import { handleTurn, startConversation, type Session } from '../../dialogs/engine/index.js';
import type { Form } from '../../rules/index.js';
import { FileStorage } from '../../src/storage/index.js';
import { SEED_STEPS } from '../server/seedConversation.js';

export const CHANNEL = 'test';

export function tempRoot(prefix: string): { dir: string; dataDir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, dataDir: path.join(dir, 'data'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `npm start` on the data folder (file storage, port 0, 127.0.0.1, local mode). */
export function startMain(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({ entry: 'main', env: { DATA_DIR: dataDir, STORAGE: 'file', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '3000', ...env } });
}

/**
 * The active form entry after k answers of the seed transcript (0: greeted, nothing answered), as
 * the engine makes it, without its timestamps: the form and the checklist's bookkeeping (an answer
 * such as 完成 changes only the latter).
 */
export async function seedEntries(): Promise<string[]> {
  const deps = { clock: { now: () => new Date() } };
  let session: unknown = startConversation(undefined, deps).session;
  const entries: string[] = [entryEssence(session as Session)];
  for (const step of SEED_STEPS) {
    session = (await handleTurn(session, { text: step.say }, deps)).session;
    entries.push(entryEssence(session as Session));
  }
  return entries;
}

/** The active entry of a session as JSON, timestamps left out; '' when there is none. */
export function entryEssence(session: Session | undefined): string {
  const entry = session?.forms.find((f) => f.id === session.active);
  if (!entry) return '';
  const { createdAt: _c, updatedAt: _u, ...rest } = entry;
  return JSON.stringify(rest);
}

export function activeForm(session: Session | undefined): Form | undefined {
  return session?.forms.find((f) => f.id === session.active)?.form;
}

export function ids(channel: ChannelStub, name: string): ActivityOptions {
  return { channelId: CHANNEL, serviceUrl: channel.url, conversationId: `${name}-c`, userId: `${name}-u` };
}

/** The sessions the bot stored (UserState "<channel>/users/<user>/", property jixiaoSession), read from the folder. */
export async function storedSessions(dataDir: string, users: ActivityOptions[]): Promise<Map<string, Session | undefined>> {
  const storage = new FileStorage({ dataDir, sweepTempFiles: false, cacheSize: 0 });
  const keys = users.map((u) => `${u.channelId}/users/${u.userId}/`);
  const items = await storage.read(keys);
  return new Map(users.map((u, i) => [u.userId, (items[keys[i]] as { jixiaoSession?: Session } | undefined)?.jixiaoSession]));
}

/** Every file of the data folder with its text, by path relative to the folder. */
export function dataFiles(dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dataDir, rel))) {
      const r = path.join(rel, name);
      if (statSync(path.join(dataDir, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(path.join(dataDir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** The stored files that do not parse as JSON (temp files, which are never read, excepted). */
export function corruptFiles(files: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const [file, text] of files) {
    if (path.basename(file).startsWith('.') && file.endsWith('.tmp')) continue;
    try {
      JSON.parse(text);
    } catch {
      bad.push(file);
    }
  }
  return bad;
}

/** Sends one message (or the greeting) and returns the status and the texts of the replies it produced. */
export async function say(client: HttpClient, url: string, channel: ChannelStub, who: ActivityOptions, text: string | null): Promise<{ status: number; texts: string[] }> {
  const before = channel.replies(who.conversationId).length;
  const r = await client.post(`${url}/api/messages`, text === null ? conversationUpdateActivity(who) : messageActivity(who, text));
  return { status: r.status, texts: channel.replies(who.conversationId).slice(before).map((x) => x.text ?? '') };
}
