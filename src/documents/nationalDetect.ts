// Whether a DOCX is the national 项目支出绩效自评表 (ours, or any Word file whose first table shows its
// labels). Kept apart from nationalDocx.ts so that the chat's reader does not load the DOCX builder.
import { detectTemplate } from '../../rules/index.js';
import { checkXml } from '../import/limits.js';
import { ZipReader } from '../import/zip.js';
import { readDocument } from './ooxml.js';

/** The prefix of the custom properties that hold a saved national form. */
export const NATIONAL_HIDDEN_PREFIX = 'jixiao.national.v1';

/** Never throws: a file that cannot be opened, or passes a limit, is "not national" (the Suzhou reader then says why). */
export function isNationalDocx(bytes: Uint8Array): boolean {
  try {
    const zip = new ZipReader(bytes);
    const custom = zip.text('docProps/custom.xml');
    if (custom !== undefined && custom.includes(`"${NATIONAL_HIDDEN_PREFIX}.count"`)) return true;
    const xml = zip.text('word/document.xml');
    if (xml === undefined) return false;
    checkXml(xml);
    const body = readDocument(xml);
    const labels = [...body.paragraphs.slice(0, 5), ...(body.tables[0] ?? []).flat().map((c) => c.text)];
    return detectTemplate(labels) === 'national';
  } catch {
    return false;
  }
}
