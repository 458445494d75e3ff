// `jixiao db import-files DATA_DIR`: copies a lowdb data folder (FileStorage's v1/ items and the
// produced files in files/) into PostgreSQL. Nothing is overwritten: a key or token already in the
// database is left as it is (so running it twice, or after users went on in PostgreSQL, changes
// nothing and duplicates nothing); what differs is reported. The folder itself is not changed.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { LAYOUT_VERSION, isTempFileName, keyHash } from '../storage/layout.js';
import { encodeKey } from '../storage/postgres.js';
import { TOKEN } from '../files/store.js';
import { inTransaction } from './pool.js';

export type ImportReport = {
  /** State items: newly written / already in the database with the same content / kept as the database has them (differs). */
  items: { imported: number; same: number; differs: string[] };
  files: { imported: number; present: number; expired: number };
  /** Files that could not be read or are not what FileStorage / FileLinkStore wrote (left alone). */
  unreadable: string[];
};

type Item = { key: string; doc: string };
type StoredFileMeta = { name: string; contentType: string; size: number; scope: { userId: string; formKey: string }; createdAt: string; expiresAt: string };

const BATCH = 200;

export async function importDataFolder(pool: pg.Pool, dataDir: string, now: Date = new Date()): Promise<ImportReport> {
  const report: ImportReport = { items: { imported: 0, same: 0, differs: [] }, files: { imported: 0, present: 0, expired: 0 }, unreadable: [] };
  let batch: Item[] = [];
  for await (const item of stateItems(dataDir, report.unreadable)) {
    batch.push(item);
    if (batch.length >= BATCH) await importItems(pool, batch.splice(0), report);
  }
  if (batch.length > 0) await importItems(pool, batch, report);
  batch = [];
  await importFiles(pool, dataDir, now, report);
  return report;
}

async function* stateItems(dataDir: string, unreadable: string[]): AsyncGenerator<Item> {
  const root = path.join(dataDir, LAYOUT_VERSION);
  const shards = (await readdir(root).catch(() => [] as string[])).sort();
  for (const shard of shards) {
    const names = (await readdir(path.join(root, shard)).catch(() => [] as string[])).sort();
    for (const name of names) {
      if (isTempFileName(name) || !name.endsWith('.json')) continue;
      const rel = path.join(LAYOUT_VERSION, shard, name);
      try {
        const envelope = JSON.parse(await readFile(path.join(root, shard, name), 'utf8')) as { key?: unknown; item?: unknown };
        if (typeof envelope.key !== 'string' || typeof envelope.item !== 'object' || envelope.item === null) throw new Error('not an item');
        if (`${keyHash(envelope.key)}.json` !== name) throw new Error('key does not match the file name');
        const { eTag: _e, ...body } = envelope.item as { eTag?: unknown };
        yield { key: envelope.key, doc: JSON.stringify(body) };
      } catch {
        unreadable.push(rel);
      }
    }
  }
}

async function importItems(pool: pg.Pool, items: Item[], report: ImportReport): Promise<void> {
  await inTransaction(pool, async (client) => {
    for (const item of items) {
      const stored = encodeKey(item.key);
      const r = await client.query('INSERT INTO bot_state (key, doc) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING 1', [stored, item.doc]);
      if (r.rows.length === 1) {
        report.items.imported++;
        continue;
      }
      const existing = await client.query<{ doc: string }>('SELECT doc FROM bot_state WHERE key = $1', [stored]);
      if (existing.rows[0]?.doc === item.doc) report.items.same++;
      else report.items.differs.push(item.key);
    }
  });
}

async function importFiles(pool: pg.Pool, dataDir: string, now: Date, report: ImportReport): Promise<void> {
  const dir = path.join(dataDir, 'files');
  const names = await readdir(dir).catch(() => [] as string[]);
  const tokens = [...new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)))].filter((t) => TOKEN.test(t)).sort();
  for (const token of tokens) {
    let meta: StoredFileMeta;
    let bytes: Buffer;
    try {
      meta = JSON.parse(await readFile(path.join(dir, `${token}.json`), 'utf8')) as StoredFileMeta;
      if (typeof meta.name !== 'string' || typeof meta.contentType !== 'string' || !meta.scope || Number.isNaN(Date.parse(meta.expiresAt))) throw new Error('bad meta');
      if (Date.parse(meta.expiresAt) <= now.getTime()) {
        report.files.expired++;
        continue;
      }
      bytes = await readFile(path.join(dir, `${token}.bin`));
      if (typeof meta.size === 'number' && meta.size !== bytes.byteLength) throw new Error('size differs');
    } catch {
      report.unreadable.push(path.join('files', token));
      continue;
    }
    const r = await pool.query(
      `INSERT INTO exported_files (token, name, content_type, bytes, user_id, form_key, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (token) DO NOTHING RETURNING 1`,
      [token, meta.name, meta.contentType, bytes, String(meta.scope.userId ?? ''), String(meta.scope.formKey ?? ''), new Date(meta.createdAt ?? now), new Date(meta.expiresAt)],
    );
    if (r.rows.length === 1) report.files.imported++;
    else report.files.present++;
  }
}
