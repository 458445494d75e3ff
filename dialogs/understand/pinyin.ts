// Pinyin initials of common characters, so a name typed as its initials is understood ("zxl" →
// 执行率, "myd" → 满意度). The 3,755 level-1 characters of GB 2312 are ordered by pinyin, so a
// character's initial follows from its GB 2312 code and the first code of each letter. The table is
// built once from the runtime's GBK decoder (no word list shipped); where the runtime has none, no
// initials are known and names are matched as before. Polyphones take the reading GB 2312 files them
// under (率 lǜ, 行 xíng), the one names of indicators use.

/** The first GB 2312 code of each initial letter (i, u and v begin no syllable). */
const STARTS: Array<[number, string]> = [
  [0xb0a1, 'a'], [0xb0c5, 'b'], [0xb2c1, 'c'], [0xb4ee, 'd'], [0xb6ea, 'e'], [0xb7a2, 'f'], [0xb8c1, 'g'],
  [0xb9fe, 'h'], [0xbbf7, 'j'], [0xbfa6, 'k'], [0xc0ac, 'l'], [0xc2e8, 'm'], [0xc4c3, 'n'], [0xc5b6, 'o'],
  [0xc5be, 'p'], [0xc6da, 'q'], [0xc8bb, 'r'], [0xc8f6, 's'], [0xcbfa, 't'], [0xcdda, 'w'], [0xcef4, 'x'],
  [0xd1b9, 'y'], [0xd4d1, 'z'],
];
/** The last level-1 character (座). */
const LAST = 0xd7f9;

let table: Map<string, string> | undefined;

function build(): Map<string, string> {
  const out = new Map<string, string>();
  let decoder: { decode(bytes: Uint8Array): string };
  try {
    decoder = new TextDecoder('gbk');
  } catch {
    return out;
  }
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const code = (hi << 8) | lo;
      if (code > LAST) break;
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      let letter = '';
      for (const [start, l] of STARTS) if (code >= start) letter = l;
      if (letter && [...ch].length === 1 && !out.has(ch)) out.set(ch, letter);
    }
  }
  return out;
}

/** The initials of a name all of whose characters are common ones ("执行率" → "zxl"); undefined otherwise. */
export function initials(name: string): string | undefined {
  table ??= build();
  let out = '';
  for (const ch of name) {
    const l = table.get(ch);
    if (!l) return undefined;
    out += l;
  }
  return out === '' ? undefined : out;
}

/** Initials that are also words people type for something else. */
export const NOT_INITIALS = new Set(['ok', 'pls', 'plz', 'thx', 'tks', 'asap', 'xls', 'xlsx', 'doc', 'docx', 'pdf', 'ppt', 'csv', 'wps', 'lol', 'omg', 'btw', 'idk', 'wtf', 'emm', 'hhh', 'nb', 'yyds', 'xswl', 'dd', 'bb', 'ddl', 'app', 'www', 'com', 'cn']);
