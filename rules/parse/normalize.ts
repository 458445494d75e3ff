/**
 * Normalises what people type: full-width ASCII (１９００, ，, ％, ＝) to half-width, the ideographic
 * space to a space, CRLF/CR to LF, zero-width characters removed, and the ends trimmed.
 */
export function normalizeText(input: string): string {
  let out = '';
  for (const ch of input) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (code === 0x200b || code === 0x200c || code === 0x200d || code === 0xfeff) continue;
    else out += ch;
  }
  return out.replace(/\r\n?/g, '\n').replace(/[–—−﹣－]/g, '-').replace(/。(?=\d)/g, '.').trim();
}

/** Removes every kind of white space (for matching labels and names). */
export function compact(input: string): string {
  return normalizeText(input).replace(/\s+/g, '');
}
