// On-disk layout of FileStorage (format v1):
//
//   <dataDir>/v1/<first 3 hex of h>/<h>.json     one file per key
//   h = sha256 of the key's UTF-16 code units (lossless, so lone surrogates never collide), hex
//
// A key never becomes part of a path, so no key ("../../etc/passwd", 10,000 characters, emoji)
// can leave the folder or hit a file-name limit. 4,096 shards keep ~25 files per folder at
// 100,000 keys. The file holds the key itself, so a read can check it got the right one:
//
//   {"key":"<key>","item":{ …the stored item…, "eTag":"<eTag>" }}
//
// Temp files (".<h>.<pid>.<n>.tmp", same folder, renamed over the target) are never read.
import { createHash } from 'node:crypto';
import path from 'node:path';

export const LAYOUT_VERSION = 'v1';
export const SHARD_CHARS = 3;

export function keyHash(key: string): string {
  return createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('hex');
}

export function itemPath(root: string, key: string): string {
  const h = keyHash(key);
  return path.join(root, LAYOUT_VERSION, h.slice(0, SHARD_CHARS), `${h}.json`);
}

/** The file text for a key and an item already serialised (with its eTag). */
export function envelopeText(key: string, itemJson: string): string {
  return `{"key":${JSON.stringify(key)},"item":${itemJson}}\n`;
}

export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
