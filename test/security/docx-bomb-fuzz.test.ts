// Fuzzing the path an uploaded file takes (issue 12, item 1): the seed form's DOCX mutated at
// random — flipped bytes, a truncated file, lying sizes and offsets in the zip directory, random
// fragments spliced into document.xml — read by the isolated importer. Whatever arrives, the
// answer is a valid form or a Chinese message, never a crash of the worker, never a hang, and the
// worker's answer is the one importAnyForm gives in this process. FUZZ_RUNS=n runs n/3 (npm run test:long).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Form, NationalForm } from '../../rules/index.js';
import { importAnyForm } from '../../src/import/nationalAny.js';
import { IsolatedImporter } from '../../src/import/isolated.js';
import type { FormImportResult } from '../../dialogs/ports.js';
import { fuzzRuns } from '../fuzz/messages.js';
import { deflated, entriesOf, seedDocxBytes, writeZip, type ZipEntry } from './docx-bomb-helpers.js';

let seed: Buffer;
let entries: ZipEntry[];
let documentXml: string;
const importer = new IsolatedImporter({ timeoutMs: 15_000 });

beforeAll(async () => {
  seed = Buffer.from(await seedDocxBytes());
  entries = await entriesOf(seed);
  const { inflateRawSync } = await import('node:zlib');
  documentXml = inflateRawSync(entries.find((e) => e.name === 'word/document.xml')!.data).toString('utf8');
});
afterAll(() => importer.close());

/** Offsets of the central directory's records in a zip written by writeZip. */
function centralRecords(zip: Buffer): number[] {
  const end = zip.length - 22;
  const out: number[] = [];
  for (let p = zip.readUInt32LE(end + 16); p < end && zip.readUInt32LE(p) === 0x02014b50; p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32)) out.push(p);
  return out;
}

const FRAGMENTS = [
  '<w:tbl>', '</w:tbl>', '<w:tr>', '</w:tc>', '<w:p>', '<w:t>', '</w:t>', '<w:vMerge/>', '<w:gridSpan w:val="99999999"/>', '<w:gridBefore w:val="-3"/>',
  '&amp;', '&#0;', '&#x10FFFF;', '&unknown;', '<![CDATA[<w:p>]]>', '<!-- x -->', '<!DOCTYPE x>', '<?pi x?>', '项目名称', '指标名称', '合计', '1e309',
  '\u202e', '\ud800', '\u0000', '"', "'", '<', '>', '<w:sdt><w:sdtContent>'.repeat(60),
];

type Mutation =
  | { kind: 'bytes'; at: number[]; values: number[] }
  | { kind: 'truncate'; to: number }
  | { kind: 'directory'; record: number; field: number; value: number }
  | { kind: 'xml'; at: number[]; pieces: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 16 }), values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), to: fc.nat() }),
  // compressed size (20), declared size (24), name length (28), extra length (30), local offset (42)
  fc.record({ kind: fc.constant('directory' as const), record: fc.nat(), field: fc.constantFrom(20, 24, 28, 30, 42), value: fc.oneof(fc.nat({ max: 0xffffffff }), fc.constantFrom(0, 1, 0xffffffff, 88 * 1024, 30 * 1024 * 1024)) }),
  fc.record({ kind: fc.constant('xml' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), pieces: fc.array(fc.nat({ max: FRAGMENTS.length - 1 }), { minLength: 12, maxLength: 12 }) }),
);

function apply(m: Mutation): Buffer {
  switch (m.kind) {
    case 'bytes': {
      const out = Buffer.from(seed);
      m.at.forEach((a, i) => (out[a % out.length] = m.values[i]));
      return out;
    }
    case 'truncate':
      return seed.subarray(0, m.to % seed.length);
    case 'directory': {
      const out = writeZip(entries);
      const records = centralRecords(out);
      const p = records[m.record % records.length];
      if (m.field === 28 || m.field === 30) out.writeUInt16LE(m.value & 0xffff, p + m.field);
      else out.writeUInt32LE(m.value >>> 0, p + m.field);
      return out;
    }
    case 'xml': {
      let xml = documentXml;
      m.at.forEach((a, i) => {
        const k = a % (xml.length + 1);
        xml = xml.slice(0, k) + FRAGMENTS[m.pieces[i]] + xml.slice(k);
      });
      return writeZip(entries.map((e) => (e.name === 'word/document.xml' ? deflated(e.name, xml) : e)));
    }
  }
}

function checkResult(r: FormImportResult): void {
  if (r.ok) expect(('template' in r ? NationalForm : Form).safeParse(r.form).success).toBe(true);
  else {
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    expect(r.message).not.toMatch(/Error|undefined|\bat\s/);
  }
}

describe('mutated DOCX files through the isolated importer', () => {
  it('always answers with a valid form or a Chinese message, as importAnyForm does in-process, and the worker never crashes', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const bytes = apply(m);
        const file = { name: 'fuzz.docx', contentType: '', bytes };
        const outcome = await importer.parse(file);
        if (!outcome.ok) throw new Error(`worker failure ${outcome.kind} for ${JSON.stringify(m)}`);
        checkResult(outcome.result);
        expect(outcome.result).toEqual(await importAnyForm(file));
      }),
      { numRuns: fuzzRuns(40, 1 / 3) },
    );
    expect(importer.workers).toBeLessThanOrEqual(1);
  }, 900_000);
});
