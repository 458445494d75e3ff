// The dispatcher for callers that take either form (the CLI): a national form — its text layout, its
// JSON, or a DOCX this assistant exported — is read by ./national.ts (and src/documents/nationalDocx.ts),
// anything else by importAny as before. The conversation keeps importAny, which refuses a national
// form with a clear message until the national conversation exists.
import type { ImportResult, IncomingFile } from '../../dialogs/ports.js';
import { decodeText, importAny, isNationalDocx, type ImportOptions } from './index.js';
import { MAX_FILE_BYTES } from './limits.js';
import { importNationalJson, importNationalText, isNationalText, type NationalImportResult } from './national.js';

export type AnyImportResult = ImportResult | NationalImportResult;
export type NationalLoaded = Extract<NationalImportResult, { ok: true }>;

/** Whether an import result is a national form. */
export function isNationalImport(r: AnyImportResult): r is NationalLoaded {
  return r.ok && 'template' in r && r.template === 'national';
}

type NationalDocxReader = (bytes: Uint8Array) => Promise<NationalImportResult | undefined>;

/** The national DOCX reader (src/documents/nationalDocx.ts), loaded on first use; undefined while absent. */
async function loadNationalDocxReader(): Promise<NationalDocxReader | undefined> {
  const specifier = '../documents/nationalDocx.js';
  try {
    const mod = (await import(specifier)) as { readNationalDocx?: NationalDocxReader };
    return typeof mod.readNationalDocx === 'function' ? mod.readNationalDocx : undefined;
  } catch {
    return undefined;
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

export async function importAnyForm(file: IncomingFile, options: ImportOptions = {}): Promise<AnyImportResult> {
  const { bytes } = file;
  // Whether the file was found not to be the national form (then importAny does not look again).
  let notNational = false;
  if (bytes.length > 0 && bytes.length <= MAX_FILE_BYTES) {
    // A DOCX is checked with the light detector first, so that the national reader (which shares a
    // module with the Word builder) is loaded only for a national file: the parse worker stays small.
    if (ZIP.every((b, i) => bytes[i] === b)) {
      if (await isNationalDocx(bytes)) {
        const read = await loadNationalDocxReader();
        const national = read ? await read(bytes).catch(() => undefined) : undefined;
        if (national) return national;
      } else notNational = true;
    } else {
      const text = decodeText(bytes);
      if (isNationalText(text)) {
        const body = text.replace(/^\uFEFF/, '').trimStart();
        return body.startsWith('{') ? importNationalJson(body) : importNationalText(text);
      }
      notNational = true;
    }
  }
  return importAny(file, { ...options, notNational });
}
