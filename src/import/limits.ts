// What an uploaded file may cost to read, and what the user is told when a file goes past it.
// Everything that arrives is hostile: a zip's directory may lie about sizes, an XML file may nest
// without end, a parser may have a bug. The byte limits below are checked while inflating and
// before parsing; the worker limits (src/import/isolated.ts) catch whatever gets past them.

/** No real form comes near this; larger uploads are refused before any decoding. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Bytes a DOCX may inflate to, counted as they are produced, all entries read together. */
export const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;

/** Entries in a zip's directory (a DOCX has about 20). */
export const MAX_ZIP_ENTRIES = 1000;

/**
 * Unpacked ÷ packed for an entry over 1 MB. Word's XML packs about 10:1 and a very repetitive
 * table 50:1; only a file made to inflate comes near deflate's ceiling of ~1030:1.
 */
export const MAX_ZIP_RATIO = 400;

/** Nesting of XML elements (a form's document.xml nests about 10 deep, 20 with drawings). */
export const MAX_XML_DEPTH = 100;

/** Elements in one XML part (the seed form's document.xml has about 3,500, one with 200 indicators 34,000). */
export const MAX_XML_ELEMENTS = 150_000;

/** Parsing workers at once: one (a 2-core server gains nothing from two, and RSS stays bounded). */
export const MAX_PARSE_WORKERS = 1;

/** Wall-clock time one file may take to read in the worker, start to answer. */
export const PARSE_TIMEOUT_MS = 15_000;

/**
 * Heap of the parsing worker (its old generation; the young one is capped at WORKER_YOUNG_MB). A
 * document.xml at MAX_XML_ELEMENTS parses in 64 MB; with inflated bytes and code the worker stays
 * under about 170 MB of resident memory.
 */
export const WORKER_HEAP_MB = 96;
export const WORKER_YOUNG_MB = 16;

const MB = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The message for a file over MAX_FILE_BYTES (refused before any decoding). */
export const fileTooLarge = (bytes: number) => `文件太大（${(bytes / 1024 / 1024).toFixed(1)} MB），不像一份自评表。请检查是否选错了文件。`;

/** Why a file was refused before or while it was read; each has its message for the user. */
export type LimitKind = 'unpacked' | 'entries' | 'ratio' | 'xml-depth' | 'xml-elements' | 'xml-doctype' | 'timeout' | 'memory' | 'crashed' | 'busy';

export const LIMIT_MESSAGES: Record<LimitKind, string> = {
  unpacked: `文件解压后超过 ${MB(MAX_UNPACKED_BYTES)} MB，不像一份自评表。请发送 Word（.docx）或文本格式的自评表。`,
  entries: `文件里有超过 ${MAX_ZIP_ENTRIES} 个部件，不像一份自评表。请发送 Word（.docx）或文本格式的自评表。`,
  ratio: '文件解压后比压缩时大几百倍，不像一份自评表。请发送 Word（.docx）或文本格式的自评表。',
  'xml-depth': 'Word 文件的正文嵌套过深，不像一份自评表。请在 Word 中另存为新的 .docx，或发送文本格式的自评表。',
  'xml-elements': 'Word 文件的正文内容过多，不像一份自评表。请检查是否选错了文件，或发送文本格式的自评表。',
  'xml-doctype': 'Word 文件中含有文档类型声明（DOCTYPE），Word 不会写入这种内容，无法读取。请在 Word 中另存为新的 .docx 后再发送。',
  timeout: '读取这个文件用时太长，已停止，表单没有改动。请检查是否选错了文件，或发送文本格式的自评表。',
  memory: '读取这个文件需要的内存太多，已停止，表单没有改动。请检查是否选错了文件，或发送文本格式的自评表。',
  crashed: '读取这个文件时出错，已停止，表单没有改动。请检查文件后重新发送，或发送文本格式的自评表。',
  busy: '现在同时读取的文件太多，这个文件没有读取，表单没有改动。请稍后再发送。',
};

/** A file went past one of the limits; readers throw it, the importer turns it into the message. */
export class LimitError extends Error {
  constructor(readonly kind: LimitKind, detail?: string) {
    super(detail ? `${kind}: ${detail}` : kind);
    this.name = 'LimitError';
  }
}

/**
 * Checks an XML part before it is parsed: its nesting depth, its number of elements, and that it
 * declares no DOCTYPE (entity expansion). A scan of the text, not a parser: it only has to be sure
 * that what the parser gets is small and flat enough, so it errs on the side of counting more.
 */
export function checkXml(xml: string, maxDepth = MAX_XML_DEPTH, maxElements = MAX_XML_ELEMENTS): void {
  let depth = 0;
  let elements = 0;
  let i = xml.indexOf('<');
  while (i >= 0 && i < xml.length - 1) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        i = end < 0 ? -1 : xml.indexOf('<', end + 3);
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i + 9);
        i = end < 0 ? -1 : xml.indexOf('<', end + 3);
        continue;
      }
      throw new LimitError('xml-doctype');
    }
    if (next === 0x2f /* / */) depth--;
    else if (next !== 0x3f /* ? */) {
      elements++;
      if (elements > maxElements) throw new LimitError('xml-elements', `more than ${maxElements}`);
      const end = xml.indexOf('>', i + 1);
      if (end < 0) break;
      if (xml.charCodeAt(end - 1) !== 0x2f /* / */) {
        depth++;
        if (depth > maxDepth) throw new LimitError('xml-depth', `deeper than ${maxDepth}`);
      }
      i = xml.indexOf('<', end + 1);
      continue;
    }
    i = xml.indexOf('<', i + 1);
  }
}
