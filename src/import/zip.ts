// Reads the entries of a zip (a DOCX) without trusting it: the directory is only a map, sizes it
// states are checked against the bytes inflation actually produces, and inflation stops at a
// running limit shared by every entry read from the file. Only what a DOCX uses is supported:
// stored and deflated entries, no encryption, no zip64, no multi-disk archives.
import { inflateRawSync } from 'node:zlib';
import { LimitError, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_RATIO } from './limits.js';

/** The file is not a zip we can read (truncated, damaged, encrypted, zip64 …). */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

export type ZipEntryInfo = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As the directory states it; never trusted. */
  declaredSize: number;
  localOffset: number;
};

export type ZipLimits = { maxUnpackedBytes?: number; maxEntries?: number; maxRatio?: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipReader {
  readonly entries: ReadonlyMap<string, ZipEntryInfo>;
  /** Bytes inflated so far from this file, against maxUnpackedBytes. */
  private unpacked = 0;
  private readonly maxUnpacked: number;
  private readonly maxRatio: number;

  constructor(private readonly bytes: Uint8Array, limits: ZipLimits = {}) {
    this.maxUnpacked = limits.maxUnpackedBytes ?? MAX_UNPACKED_BYTES;
    this.maxRatio = limits.maxRatio ?? MAX_ZIP_RATIO;
    this.entries = readDirectory(bytes, limits.maxEntries ?? MAX_ZIP_ENTRIES);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The entry's bytes, or undefined when there is no such entry. Throws LimitError when the bytes
   * inflated from this file would pass the limit (however small the directory says the entry is),
   * ZipFormatError when the entry is damaged or unsupported.
   */
  read(name: string): Buffer | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    if (e.flags & 0x1) throw new ZipFormatError(`${name} is encrypted`);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    if (e.localOffset + 30 > this.bytes.length || view.getUint32(e.localOffset, true) !== LOCAL) throw new ZipFormatError(`${name}: bad local header`);
    const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
    const end = start + e.compressedSize;
    if (end > this.bytes.length) throw new ZipFormatError(`${name}: data past the end of the file`);
    const data = this.bytes.subarray(start, end);
    const budget = this.maxUnpacked - this.unpacked;
    let out: Buffer;
    if (e.method === 0) {
      if (data.length > budget) throw new LimitError('unpacked', name);
      out = Buffer.from(data);
    } else if (e.method === 8) {
      try {
        // The running limit: zlib stops (and throws) once its output passes budget bytes.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new LimitError('unpacked', name);
        throw new ZipFormatError(`${name}: ${(error as Error).message}`);
      }
      if (out.length > budget) throw new LimitError('unpacked', name);
    } else {
      throw new ZipFormatError(`${name}: compression method ${e.method}`);
    }
    this.unpacked += out.length;
    if (out.length > 1024 * 1024 && out.length > data.length * this.maxRatio) throw new LimitError('ratio', `${name}: ${out.length} from ${data.length}`);
    // A directory that understates (or overstates) the size is a damaged or a crafted file.
    if (out.length !== e.declaredSize) throw new ZipFormatError(`${name}: ${out.length} bytes, the directory says ${e.declaredSize}`);
    return out;
  }

  /** The entry as UTF-8 text (a BOM dropped). */
  text(name: string): string | undefined {
    const b = this.read(name);
    return b === undefined ? undefined : b.toString('utf8').replace(/^\uFEFF/, '');
  }
}

function readDirectory(bytes: Uint8Array, maxEntries: number): Map<string, ZipEntryInfo> {
  if (bytes.length < 22) throw new ZipFormatError('too short for a zip');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  const disk = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (disk !== 0 || cdDisk !== 0) throw new ZipFormatError('multi-disk zip');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new ZipFormatError('zip64');
  if (count > maxEntries) throw new LimitError('entries', String(count));
  if (cdOffset + cdSize > eocd) throw new ZipFormatError('central directory out of bounds');
  const entries = new Map<string, ZipEntryInfo>();
  let p = cdOffset;
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) throw new ZipFormatError('bad central directory entry');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const declaredSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) throw new ZipFormatError('zip64 entry');
    const nameEnd = p + 46 + nameLength;
    if (nameEnd > eocd) throw new ZipFormatError('entry name out of bounds');
    const name = decoder.decode(bytes.subarray(p + 46, nameEnd));
    // A name listed twice: the first entry is the one read.
    if (!entries.has(name)) entries.set(name, { name, method, flags, compressedSize, declaredSize, localOffset });
    p = nameEnd + extraLength + commentLength;
  }
  return entries;
}
