import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { FileImporter, formToJson, importAny, importText, loadDocxReader, MAX_FILE_BYTES } from '../../src/import/index.js';
import type { ImportResult, IncomingFile } from '../../dialogs/ports.js';
import { encodeGb18030, seedText } from './seedVariants.js';

const file = (bytes: Uint8Array, name = 'form.txt'): IncomingFile => ({ name, contentType: '', bytes });
const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = c & 0xff;
    out[3 + 2 * i] = c >> 8;
  }
  return out;
}

const seedForm = () => {
  const r = importText(seedText());
  if (!r.ok) throw new Error(r.message);
  return r.form;
};

describe('importAny', () => {
  it('reads the text layout in UTF-8 (with or without BOM), UTF-16 and GB18030 alike', async () => {
    const form = seedForm();
    const encodings = [utf8(seedText()), utf8(`\uFEFF${seedText()}`), utf16le(seedText()), encodeGb18030(seedText())];
    for (const bytes of encodings) {
      expect(await importAny(file(bytes))).toEqual({ ok: true, form, issues: [], format: 'text' });
    }
  });

  it('reads form JSON by its content, whatever the file is called', async () => {
    const form = seedForm();
    const r = await importAny(file(utf8(formToJson(form)), 'upload.txt'));
    expect(r).toEqual({ ok: true, form, issues: [], format: 'json' });
  });

  it('hands a DOCX (zip) to the DOCX reader', async () => {
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const answer: ImportResult = { ok: true, form: seedForm(), issues: [], format: 'docx' };
    const readDocx = vi.fn(async () => answer);
    expect(await importAny(file(docx, 'a.docx'), { loadDocxReader: async () => readDocx })).toBe(answer);
    expect(readDocx).toHaveBeenCalledWith(docx);
  });

  it('says DOCX is not supported yet when there is no reader, and a clear message when the reader fails', async () => {
    const docx = file(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'a.docx');
    expect(await importAny(docx, { loadDocxReader: async () => undefined })).toEqual({ ok: false, message: expect.stringContaining('暂不支持 DOCX') });
    const broken = async () => {
      throw new Error('bad zip');
    };
    expect(await importAny(docx, { loadDocxReader: async () => broken })).toEqual({ ok: false, message: expect.stringContaining('这个 DOCX 文件读不出来') });
  });

  it('finds the real DOCX reader exactly when src/documents/readDocx.ts exists', async () => {
    const present = existsSync(fileURLToPath(new URL('../../src/documents/readDocx.ts', import.meta.url)));
    expect(typeof (await loadDocxReader())).toBe(present ? 'function' : 'undefined');
  });

  it('refuses empty, oversized, .doc and PDF files with what to send instead', async () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(), '文件是空的'],
      [new Uint8Array(MAX_FILE_BYTES + 1), '文件太大'],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), '另存为 .docx'],
      [utf8('%PDF-1.7\n...'), 'PDF 文件无法读取'],
      [utf8('hello world'), '不是苏州市级财政支出项目绩效自评表'],
    ];
    for (const [bytes, message] of cases) {
      expect(await importAny(file(bytes))).toEqual({ ok: false, message: expect.stringContaining(message) });
    }
  });

  it('FileImporter is the conversation port over importAny', async () => {
    const importer = new FileImporter();
    expect(await importer.importFile(file(utf8(seedText())))).toEqual(await importAny(file(utf8(seedText()))));
  });
});
