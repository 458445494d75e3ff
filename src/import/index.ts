// Reads whatever the user sent: the seed's text layout, the form JSON, or a DOCX (read by
// src/documents/readDocx.ts when it is present).
import type { DocumentImporter, ImportResult, IncomingFile } from '../../dialogs/ports.js';
import { importJson } from './formJson.js';
import { importText } from './seedText.js';
import { isNationalText, NATIONAL_NOT_IN_CHAT } from './national.js';

export { importText, MAX_TEXT_LENGTH } from './seedText.js';
export { importJson, formToJson } from './formJson.js';

import { fileTooLarge, MAX_FILE_BYTES } from './limits.js';

export { MAX_FILE_BYTES } from './limits.js';

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Bytes to text: UTF-8 (with or without BOM), UTF-16 (Word's "Unicode text" export, with BOM), or
 * GB18030/GBK (Word's default text export on Chinese Windows) when the bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export type DocxReader = (bytes: Uint8Array) => Promise<ImportResult>;
export type ImportOptions = {
  /** Finds the DOCX reader; by default src/documents/readDocx.ts, loaded on first use. */
  loadDocxReader?: () => Promise<DocxReader | undefined>;
  /** The caller has already found that the file is not the national form (importAnyForm): not checked again. */
  notNational?: boolean;
};

/** The DOCX reader, loaded on first use; undefined while src/documents/readDocx.ts does not exist. */
export async function loadDocxReader(): Promise<DocxReader | undefined> {
  const specifier = '../documents/readDocx.js';
  try {
    const mod = (await import(specifier)) as { readDocx?: DocxReader };
    return typeof mod.readDocx === 'function' ? mod.readDocx : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a DOCX is the national form (src/documents/nationalDetect.ts: the light detector, loaded on first use). */
export async function isNationalDocx(bytes: Uint8Array): Promise<boolean> {
  const specifier = '../documents/nationalDetect.js';
  const mod = (await import(specifier).catch(() => ({}))) as { isNationalDocx?: (b: Uint8Array) => boolean };
  return mod.isNationalDocx?.(bytes) ?? false;
}

async function importDocx(bytes: Uint8Array, load: () => Promise<DocxReader | undefined>, notNational: boolean): Promise<ImportResult> {
  const readDocx = await load();
  if (!readDocx) return { ok: false, message: '暂不支持 DOCX。请上传自评表的文本导出（.txt）或表单 JSON。' };
  if (!notNational && (await isNationalDocx(bytes))) return { ok: false, message: NATIONAL_NOT_IN_CHAT };
  try {
    return await readDocx(bytes);
  } catch {
    return { ok: false, message: '这个 DOCX 文件读不出来。请确认它是本助手导出的自评表，或改传文本导出（.txt）。' };
  }
}

export async function importAny(file: IncomingFile, options: ImportOptions = {}): Promise<ImportResult> {
  const { bytes } = file;
  if (bytes.length === 0) return { ok: false, message: '文件是空的。请重新选择自评表文件。' };
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, message: fileTooLarge(bytes.length) };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return importDocx(bytes, options.loadDocxReader ?? loadDocxReader, options.notNational === true);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, message: '这是旧版 Word（.doc）文件，无法读取。请在 Word 中另存为 .docx 或纯文本（.txt）后再上传。' };
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    return { ok: false, message: 'PDF 文件无法读取。请上传自评表的 Word 文件（.docx）、文本导出（.txt）或表单 JSON。' };
  }
  const text = decodeText(bytes);
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!options.notNational && isNationalText(text)) return { ok: false, message: NATIONAL_NOT_IN_CHAT }; // read by importAnyForm (./nationalAny.ts)
  if (body.startsWith('{') || body.startsWith('[')) return importJson(text);
  return importText(text);
}

/** The importer the conversation uses (dialogs/ports.ts). */
export class FileImporter implements DocumentImporter {
  constructor(private readonly options: ImportOptions = {}) {}

  importFile(file: IncomingFile): Promise<ImportResult> {
    return importAny(file, this.options);
  }
}
