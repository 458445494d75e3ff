// Text that came from outside (typed, or read from an imported file) on its way in and out.
//
// In: `cleanUserText` removes bidirectional controls (U+202A–U+202E overrides/embeddings,
// U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks: they make "fdp.exe" look like "exe.pdf"
// and reorder what the bot says around them), other invisible format/control characters, and
// unpaired UTF-16 surrogates (not sendable). `cleanStrings` does the same to every string of a
// value (an imported form).
//
// Out: the engine's replies are plain text (dialogs/engine/types.ts). Web Chat, the Emulator and
// Teams render a message's text and every Adaptive Card TextBlock/FactSet as markdown (Web Chat:
// markdown-it with HTML, linkify and typographer on), so plain text that contains user input could
// show a working link, a remote image or HTML in the bot's voice. `markdownText` escapes plain
// text so that a markdown renderer shows exactly the characters given: no link, image, HTML tag,
// emphasis, list, heading, table or auto-linked URL. Ordinary Chinese text and numbers such as
// 1,200.50 are left unchanged; only markdown syntax gets a backslash.

/** Bidi controls and other invisible format characters that have no business in a form. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** True when the text holds a bidi override, embedding, isolate or mark. */
export function hasBidiControls(text: string): boolean {
  BIDI.lastIndex = 0;
  return BIDI.test(text);
}

/** Typed or imported text as the bot may keep and echo it (line breaks and tabs are kept). */
export function cleanUserText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(INVISIBLE, '');
}

/** `cleanUserText` on every string inside a JSON-like value (objects, arrays); other values as they are. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanUserText(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanStrings(v);
    return out as T;
  }
  return value;
}

/** Characters that start or close markdown syntax wherever they stand (CommonMark, typographer, markdown-it-attrs). */
const ALWAYS = new Uint8Array(128);
for (const c of '\\`*_[]<>&!~|{}#"\'') ALWAYS[c.charCodeAt(0)] = 1;
/** The typographer's replacements that start with "(": (c) (r) (tm) (p), any case. */
const TYPOGRAPHER_PAREN = /^\((?:c|r|tm|p)\)/i;
const isDigit = (code: number) => code >= 48 && code <= 57;
/** JavaScript's \s: what ends a word for linkify and a list marker for markdown. */
const isSpace = (ch: string) => ch !== '' && /\s/.test(ch);

/**
 * Plain text → markdown that renders as that text. Escapes inline syntax everywhere; `.` and `:`
 * unless between two digits or before a space (so linkify finds no `scheme://`, `www.`, `name.tld`
 * or e-mail address, and "..." stays three dots), so that 1,200.50 and 12:30 stay as they are; the
 * typographer's doubled `--`, `,,`, `??`; and block syntax at the start of a line (`- ` bullets,
 * `1.` lists, `=` setext underlines after the first line; `#`, `>`, `+`, `*` are escaped everywhere).
 * Leading indentation is dropped (a paragraph drops it anyway; after a blank line it would make a
 * code block).
 */
export function escapeMarkdown(text: string): string {
  const s = cleanUserText(text).replace(/^[ \t]+/gm, '');
  const out: string[] = [];
  let from = 0; // s[from, i) is copied as it is
  let lineStart = true;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 128) {
      lineStart = false;
      continue;
    }
    const c = s[i];
    const next = i + 1 < s.length ? s[i + 1] : '';
    let escape = ALWAYS[code] === 1;
    if (c === '.' || c === ':') escape = !(i > 0 && isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1))) && next !== '' && !isSpace(next);
    else if (c === ',' || c === '?') escape = next === c;
    // "(" matters only before ")" of a link (whose "[" is always escaped) or as the typographer's
    // (c)/(r)/(tm)/(p); "+" only as a list marker or the typographer's "+-" — so the bot's own
    // arithmetic, "1900 + (-812.5)", stays as it is.
    else if (c === '(') escape = TYPOGRAPHER_PAREN.test(s.slice(i, i + 4));
    else if (c === '+') escape = next === '-' || (lineStart && (next === '' || isSpace(next)));
    else if (c === '-') escape = next === '-' || (lineStart && (next === '' || isSpace(next)));
    else if (c === '=') escape = lineStart && i > 0;
    else if (lineStart && isDigit(code)) {
      // "12. " or "12) " at the start of a line is an ordered list item
      let j = i;
      while (j < s.length && isDigit(s.charCodeAt(j))) j++;
      if ((s[j] === '.' || s[j] === ')') && (j + 1 === s.length || isSpace(s[j + 1]))) {
        out.push(s.slice(from, j), '\\', s[j]);
        from = j + 1;
        i = j;
      } else i = j - 1;
      lineStart = false;
      continue;
    }
    if (escape) {
      out.push(s.slice(from, i), '\\', c);
      from = i + 1;
    }
    if (c === '\n') lineStart = true;
    else if (c !== ' ' && c !== '\t') lineStart = false;
  }
  out.push(s.slice(from));
  return out.join('');
}

/** Plain text for a channel: markdown-escaped where the channel renders markdown, else as it is. */
export function channelText(text: string, channelId: string | undefined): string {
  return rendersMarkdown(channelId) ? escapeMarkdown(text) : cleanUserText(text);
}

/** Channels whose clients render message text (and card text) as markdown. */
export function rendersMarkdown(channelId: string | undefined): boolean {
  return channelId === 'directline' || channelId === 'webchat' || channelId === 'emulator' || channelId === 'msteams';
}

/** An importer whose results carry cleaned strings (an imported file is text from outside too). */
export function cleaningImporter<I extends { importFile(file: F): Promise<R> }, F, R>(importer: I): { importFile(file: F): Promise<R> } {
  return { importFile: async (file: F) => cleanStrings(await importer.importFile(file)) };
}
