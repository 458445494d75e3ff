// Issue 12, item 1: hostile DOCX files. A zip whose directory understates word/document.xml (88 KB
// declared, 300 MB inflated), several at once, XML nested without end, a DOCTYPE, a table with
// more cells than any form: each is refused with a clear message, by the reader in-process (its
// byte and XML limits) and by the isolated importer (a worker under heap and time limits), which
// also stops what gets past those limits and keeps reading the next file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formToJson, importAny } from '../../src/import/index.js';
import { IsolatedImporter, type IsolatedFailureKind } from '../../src/import/isolated.js';
import { LIMIT_MESSAGES } from '../../src/import/limits.js';
import type { IncomingFile } from '../../dialogs/ports.js';
import { seedFromFile, SEED_PATH } from '../documents/helpers.js';
import { readFileSync } from 'node:fs';
import { deflated, docxWithDocument, documentBomb, deepXml, hugeTableXml, entriesOf, seedDocxBytes, writeZip, type Bomb } from './docx-bomb-helpers.js';

const MB = 1024 * 1024;
const file = (bytes: Uint8Array, name = 'form.docx'): IncomingFile => ({ name, contentType: '', bytes });

let bomb300: Bomb;
let table: Buffer; // ~148,000 elements: under the element limit, slow and large to parse
beforeAll(async () => {
  bomb300 = await documentBomb(300);
  table = await docxWithDocument(hugeTableXml(16_400, 2));
}, 120_000);

describe('DOCX bombs read in this process (importAny → readDocx)', () => {
  it('refuses a 300 MB document.xml whose zip directory claims 88 KB, having inflated no more than the limit', async () => {
    expect(bomb300.compressed).toBeLessThan(400 * 1024);
    expect(bomb300.declared).toBe(88 * 1024);
    expect(bomb300.actual).toBeGreaterThan(300 * MB);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const r = await importAny(file(bomb300.bytes));
    const ms = performance.now() - started;
    expect(r).toEqual({ ok: false, message: LIMIT_MESSAGES.unpacked });
    expect(LIMIT_MESSAGES.unpacked).toContain('文件解压后超过 20 MB，不像一份自评表');
    // Inflating the whole entry would take seconds and hundreds of MB; the limit stops it at 20 MB.
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * MB);
    expect(ms).toBeLessThan(5000);
  });

  it('refuses a small entry whose directory understates its size as a damaged file', async () => {
    const real = await entriesOf(await seedDocxBytes());
    const xml = readFileSync(SEED_PATH); // any 10 KB+ of bytes
    const lying = real.map((e) => (e.name === 'word/document.xml' ? { ...deflated(e.name, Buffer.concat([xml, xml, xml])), declaredSize: 1000 } : e));
    expect(await importAny(file(writeZip(lying)))).toEqual({ ok: false, message: expect.stringContaining('Word 文件已损坏') });
  });

  it('refuses an entry that unpacks hundreds of times larger than it is packed', async () => {
    const xml = `<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>${' '.repeat(12 * MB)}</w:t></w:r></w:p></w:body></w:document>`;
    expect(await importAny(file(await docxWithDocument(xml)))).toEqual({ ok: false, message: LIMIT_MESSAGES.ratio });
  });

  it('refuses a zip with more entries than any DOCX, before reading any of them', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => deflated(`word/media/x${i}.xml`, '<a/>'));
    const bytes = writeZip([...(await entriesOf(await seedDocxBytes())), ...many]);
    expect(await importAny(file(bytes))).toEqual({ ok: false, message: LIMIT_MESSAGES.entries });
  });

  it('refuses XML nested thousands deep, and a DOCTYPE (entity expansion), before parsing', async () => {
    expect(await importAny(file(await docxWithDocument(deepXml(5000))))).toEqual({ ok: false, message: LIMIT_MESSAGES['xml-depth'] });
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' +
      '<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&c;&c;&c;&c;</w:t></w:r></w:p></w:body></w:document>';
    expect(await importAny(file(await docxWithDocument(laughs)))).toEqual({ ok: false, message: LIMIT_MESSAGES['xml-doctype'] });
  });

  it('refuses a table with more cells than any form before parsing it', async () => {
    const huge = await docxWithDocument(hugeTableXml(20_000, 2));
    expect(await importAny(file(huge))).toEqual({ ok: false, message: LIMIT_MESSAGES['xml-elements'] });
  });
});

describe('the isolated importer (a worker thread under heap and time limits)', () => {
  const importer = new IsolatedImporter();
  afterAll(() => importer.close());

  it('reads text, JSON and DOCX exactly as importAny does in this process', async () => {
    const seed = readFileSync(SEED_PATH);
    const json = Buffer.from(formToJson(await seedFromFile()));
    const docx = await seedDocxBytes();
    for (const bytes of [seed, json, docx]) {
      expect(await importer.importFile(file(bytes, 'x'))).toEqual(await importAny(file(bytes, 'x')));
    }
    expect((await importer.importFile(file(docx))).ok).toBe(true);
  });

  it('refuses three bombs sent at once and reads a real form sent with them', async () => {
    const small = await documentBomb(120); // the "three 129 KB files"
    expect(small.compressed).toBeLessThan(200 * 1024);
    const started = performance.now();
    const results = await Promise.all([
      importer.importFile(file(small.bytes, 'a.docx')),
      importer.importFile(file(bomb300.bytes, 'b.docx')),
      importer.importFile(file(await seedDocxBytes(), 'real.docx')),
      importer.importFile(file(small.bytes, 'c.docx')),
    ]);
    expect(results[0]).toEqual({ ok: false, message: LIMIT_MESSAGES.unpacked });
    expect(results[1]).toEqual({ ok: false, message: LIMIT_MESSAGES.unpacked });
    expect(results[2]).toMatchObject({ ok: true, format: 'docx', form: { project: { name: (await seedFromFile()).project.name } } });
    expect(results[3]).toEqual({ ok: false, message: LIMIT_MESSAGES.unpacked });
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('refuses a file over 10 MB without handing it to a worker', async () => {
    const fresh = new IsolatedImporter();
    try {
      const r = await fresh.importFile(file(new Uint8Array(10 * MB + 1)));
      expect(r).toEqual({ ok: false, message: expect.stringContaining('文件太大（10.0 MB），不像一份自评表') });
      expect(fresh.workers).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('stops a file that runs past the time limit, and reads the next file in a fresh worker', async () => {
    const kinds: IsolatedFailureKind[] = [];
    const quick = new IsolatedImporter({ timeoutMs: 300, onFailure: (f) => kinds.push(f.kind) });
    try {
      await quick.importFile(file(readFileSync(SEED_PATH), 'seed.txt')); // the worker is loaded
      const started = performance.now();
      const r = await quick.parse(file(table));
      expect(r).toEqual({ ok: false, kind: 'timeout', message: LIMIT_MESSAGES.timeout });
      expect(LIMIT_MESSAGES.timeout).toContain('表单没有改动');
      expect(performance.now() - started).toBeLessThan(3000);
      expect(kinds).toEqual(['timeout']);
      expect(await quick.importFile(file(readFileSync(SEED_PATH), 'seed.txt'))).toMatchObject({ ok: true, format: 'text' });
    } finally {
      await quick.close();
    }
  });

  it('stops a worker that runs out of its heap, and reads the next file in a fresh worker', async () => {
    const small = new IsolatedImporter({ heapMb: 32 });
    try {
      expect(await small.parse(file(table))).toEqual({ ok: false, kind: 'memory', message: LIMIT_MESSAGES.memory });
      expect(await small.importFile(file(readFileSync(SEED_PATH), 'seed.txt'))).toMatchObject({ ok: true, format: 'text' });
    } finally {
      await small.close();
    }
  });

  it('refuses a file when too many are already waiting, and says to send it later', async () => {
    const busy = new IsolatedImporter({ maxQueue: 1, timeoutMs: 1000 });
    try {
      await busy.importFile(file(readFileSync(SEED_PATH), 'seed.txt')); // the worker is loaded
      const first = busy.parse(file(table)); // reading
      await new Promise((r) => setTimeout(r, 100));
      const second = busy.parse(file(table)); // waiting: the one place in the queue
      const started = performance.now();
      const third = await busy.parse(file(table));
      expect(third).toEqual({ ok: false, kind: 'busy', message: LIMIT_MESSAGES.busy });
      expect(performance.now() - started).toBeLessThan(100);
      expect(LIMIT_MESSAGES.busy).toContain('请稍后再发送');
      expect(await first).toMatchObject({ ok: false, kind: 'timeout' });
      expect(await second).toMatchObject({ ok: false, kind: 'timeout' }); // read by a fresh worker, then stopped too
    } finally {
      await busy.close();
    }
  });
});
