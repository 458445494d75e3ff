// Builds hostile DOCX files for the bomb tests: a zip writer that can state any size in its
// directory (so an entry can claim 88 KB and inflate to 300 MB), and the bombs themselves, made
// from the seed form's real DOCX so that everything but the hostile part is what Word would send.
import { deflateRawSync, createDeflateRaw, constants } from 'node:zlib';
import JSZip from 'jszip';
import { scoreForm } from '../../rules/index.js';
import { buildDocx } from '../../src/documents/docx.js';
import { seedFromFile } from '../documents/helpers.js';

export type ZipEntry = {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the directory says the entry unpacks to (a bomb understates it). */
  declaredSize: number;
  crc: number;
};

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A deflated entry whose directory tells the truth. */
export function deflated(name: string, content: Uint8Array | string): ZipEntry {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, data: deflateRawSync(raw), method: 8, declaredSize: raw.length, crc: crc32(raw) };
}

/** A plain zip (no data descriptors, no zip64): local headers, data, central directory, end record. */
export function writeZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, Buffer.from(e.data));
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc, 16);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.declaredSize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

/** The entries of a real zip (JSZip reads our own, honest files), re-deflated so writeZip can rewrite them. */
export async function entriesOf(bytes: Uint8Array): Promise<ZipEntry[]> {
  const zip = await JSZip.loadAsync(bytes);
  const out: ZipEntry[] = [];
  for (const name of Object.keys(zip.files)) {
    const f = zip.files[name];
    if (f.dir) continue;
    out.push(deflated(name, await f.async('uint8array')));
  }
  return out;
}

let seedDocx: Promise<Uint8Array> | undefined;
/** The seed form exported as DOCX by the bot's own exporter. */
export function seedDocxBytes(): Promise<Uint8Array> {
  seedDocx ??= seedFromFile().then((form) => buildDocx(form, scoreForm(form)));
  return seedDocx;
}

const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/**
 * Deflates `head`, then `repeat` copies of `unit`, then `tail`, streaming (the inflated text never
 * exists in this process). Returns the deflated bytes, the true size and its CRC-32.
 */
export function deflateRepeated(head: string, unit: string, repeat: number, tail: string): Promise<{ data: Buffer; size: number; crc: number }> {
  return new Promise((resolve, reject) => {
    const z = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
    const out: Buffer[] = [];
    z.on('data', (d: Buffer) => out.push(d));
    z.on('error', reject);
    const headB = Buffer.from(head);
    const tailB = Buffer.from(tail);
    // Write the repeated part in 1 MB blocks.
    const unitB = Buffer.from(unit);
    const perBlock = Math.max(1, Math.floor((1 << 20) / unitB.length));
    const block = Buffer.concat(Array.from({ length: perBlock }, () => unitB));
    let size = headB.length + tailB.length;
    let crc = crc32(headB);
    let left = repeat;
    z.on('end', () => resolve({ data: Buffer.concat(out), size, crc: crc32(tailB, crc) }));
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, perBlock);
        const chunk = n === perBlock ? block : block.subarray(0, n * unitB.length);
        left -= n;
        size += chunk.length;
        crc = crc32(chunk, crc);
        if (!z.write(chunk)) {
          z.once('drain', pump);
          return;
        }
      }
      z.end(tailB);
    };
    z.write(headB);
    pump();
  });
}

export type Bomb = { bytes: Buffer; compressed: number; declared: number; actual: number };

/**
 * The seed DOCX with word/document.xml replaced by `actualMb` MB of repetitive paragraphs, while
 * the directory claims `declaredBytes` (88 KB: what the real document.xml of a form is about).
 */
export async function documentBomb(actualMb: number, declaredBytes = 88 * 1024): Promise<Bomb> {
  const real = await entriesOf(await seedDocxBytes());
  const unit = `<w:p><w:r><w:t>${'A'.repeat(16_000)}</w:t></w:r></w:p>`;
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W_NS}><w:body>`;
  const tail = '</w:body></w:document>';
  const repeat = Math.ceil((actualMb * 1024 * 1024) / unit.length);
  const z = await deflateRepeated(head, unit, repeat, tail);
  const entries = real.map((e) => (e.name === 'word/document.xml' ? { name: e.name, data: z.data, method: 8 as const, declaredSize: declaredBytes, crc: z.crc } : e));
  const bytes = writeZip(entries);
  return { bytes, compressed: bytes.length, declared: declaredBytes, actual: z.size };
}

/** The seed DOCX whose document.xml is replaced by `xml` (honest directory). */
export async function docxWithDocument(xml: string | Uint8Array, extra: ZipEntry[] = []): Promise<Buffer> {
  const real = await entriesOf(await seedDocxBytes());
  return writeZip([...real.map((e) => (e.name === 'word/document.xml' ? deflated(e.name, xml) : e)), ...extra]);
}

/** A document.xml nested `depth` elements deep (in a table cell, so the reader walks into it). */
export function deepXml(depth: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?><w:document ${W_NS}><w:body>${'<w:sdt><w:sdtContent>'.repeat(depth)}<w:p/>${'</w:sdtContent></w:sdt>'.repeat(depth)}</w:body></w:document>`;
}

/** A document.xml with one table of `rows` rows of `cols` cells (the form's labels on the first row). */
export function hugeTableXml(rows: number, cols: number): string {
  const cell = (t: string) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
  const header = `<w:tr>${cell('项目名称')}${cell('x')}</w:tr>`;
  const row = `<w:tr>${Array.from({ length: cols }, (_, i) => cell(String(i))).join('')}</w:tr>`;
  return `<?xml version="1.0" encoding="UTF-8"?><w:document ${W_NS}><w:body><w:tbl>${header}${row.repeat(rows)}</w:tbl></w:body></w:document>`;
}
