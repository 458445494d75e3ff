// The seed form and variants of it generated for the importer's tests.
import { readFileSync } from 'node:fs';

export { SEED_PATH } from '../fixtures/seedPath.js';
import { SEED_PATH } from '../fixtures/seedPath.js';

export function seedText(): string {
  return readFileSync(SEED_PATH, 'utf8');
}

/** The seed's lines (line n is index n−1). */
export function seedLines(): string[] {
  return seedText().split('\n');
}

/** The seed with line `n` (1-based) replaced; `null` removes the line. */
export function withLine(n: number, replacement: string | null, text = seedText()): string {
  const lines = text.split('\n');
  if (replacement === null) lines.splice(n - 1, 1);
  else lines[n - 1] = replacement;
  return lines.join('\n');
}

/** The 1-based number of the first line equal to `line` (a guard against a changed seed). */
export function lineOf(line: string, text = seedText()): number {
  const i = text.split('\n').indexOf(line);
  if (i < 0) throw new Error(`line not in seed: ${line}`);
  return i + 1;
}

/** ASCII digits and the signs around numbers as full-width characters (１９００, －８１２．５, ％, ＝). */
export function toFullWidth(text: string): string {
  return text.replace(/[0-9.\-%=]/g, (ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0));
}

export type Row = { category?: string; name: string; target: string; weight: string; actual: string; self: string };

/**
 * The seed with its indicator table replaced by `rows`, written the way the seed writes it: the
 * first row carries 项目绩效实现情况（80分）, a row that opens a category carries its label.
 */
export function withIndicators(rows: readonly Row[]): string {
  const lines = seedLines();
  const first = lines.indexOf('\t项目绩效实现情况（80分）');
  const total = lines.indexOf('\t合计', first);
  const body = rows.map((r, i) =>
    [i === 0 ? '\t项目绩效实现情况（80分）' : '\t', `\t${r.category ?? ''}`, `\t${r.name}`, `\t${r.target}`, `\t${r.weight}`, `\t${r.actual}`, `\t${r.self}`].join('\n'),
  );
  return [...lines.slice(0, first), body.join('\n\n'), '', ...lines.slice(total)].join('\n');
}

/** Encodes text as GB18030 (the encoding of Word's text export on Chinese Windows), via a table built from TextDecoder. */
export function encodeGb18030(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
