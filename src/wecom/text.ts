// What the bot says, shaped for 企业微信: one turn's replies merged into as few messages as
// possible, text split into parts of at most 2048 UTF-8 bytes at line boundaries (never inside a
// number), suggested actions as a button card (template_card, button_interaction) or, where cards
// are off, a numbered menu the user answers with the number.
export const MAX_TEXT_BYTES = 2048;
/** template_card limits: up to 6 buttons; the card's text is kept short (sub_title_text ≈ 112 characters). */
export const MAX_BUTTONS = 6;
export const MAX_CARD_TEXT_CHARS = 112;
export const MAX_BUTTON_TEXT_CHARS = 10;

export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

const NUMBERISH = /[0-9０-９.．,，%％‰]/;
const DIGIT = /[0-9０-９]/;
const BREAK_AFTER = /[\s。；;，,、！!？?）)】」』：:]/;

/** Would a cut between a and b fall inside a number (1,900.5 / 74.68% / 812.101021)? */
function insideNumber(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  if (DIGIT.test(a) && NUMBERISH.test(b)) return true;
  if (NUMBERISH.test(a) && DIGIT.test(b)) return true;
  if ((a === '-' || a === '−' || a === '负') && DIGIT.test(b)) return true;
  return false;
}

/** Cuts one over-long line into pieces of at most maxBytes, preferring a cut after punctuation or space. */
function splitLine(line: string, maxBytes: number): string[] {
  const chars = [...line];
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let bytes = 0;
    let end = start;
    while (end < chars.length && bytes + utf8Bytes(chars[end]) <= maxBytes) bytes += utf8Bytes(chars[end++]);
    if (end >= chars.length) {
      out.push(chars.slice(start).join(''));
      break;
    }
    // end is the first char that does not fit: look back for a good cut.
    let cut = -1;
    const floor = start + Math.max(1, Math.floor((end - start) / 2));
    for (let i = end; i > floor; i--) if (BREAK_AFTER.test(chars[i - 1]) && !insideNumber(chars[i - 1], chars[i])) { cut = i; break; }
    if (cut < 0) for (let i = end; i > start; i--) if (!insideNumber(chars[i - 1], chars[i])) { cut = i; break; }
    if (cut < 0) cut = end; // one number longer than a whole message: nothing better exists
    out.push(chars.slice(start, cut).join(''));
    start = cut;
  }
  return out;
}

/** Splits text into parts of at most maxBytes UTF-8 bytes, at line boundaries where possible. */
export function splitText(text: string, maxBytes: number = MAX_TEXT_BYTES): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    const t = current.replace(/^\n+|\n+$/g, '');
    if (t) parts.push(t);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (utf8Bytes(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    flush();
    if (utf8Bytes(line) <= maxBytes) {
      current = line;
      continue;
    }
    const pieces = splitLine(line, maxBytes);
    parts.push(...pieces.slice(0, -1));
    current = pieces[pieces.length - 1] ?? '';
  }
  flush();
  return parts;
}

/** A question that expects a number (an amount, a value, a year): bare numbers are answers, not menu choices. */
export function expectsNumber(question: string, options: readonly string[]): boolean {
  if (options.some((o) => /^[\d０-９.,%％-]+$/.test(o.trim()))) return true;
  return /万元|数值|完成值|目标值|自评分|年份|金额|预算数|实际数|执行数|结转数|收回数|例如\s*[=≥≤<>]?\s*\d/.test(question);
}

export type TemplateCard = {
  card_type: 'button_interaction';
  source?: { desc: string };
  main_title?: { title: string; desc?: string };
  sub_title_text?: string;
  task_id: string;
  button_list: { text: string; style: number; key: string }[];
};

export type OutgoingFile = { name: string; contentType: string; contentUrl: string };

export type Outgoing = { kind: 'text'; content: string } | { kind: 'card'; card: TemplateCard } | { kind: 'file'; file: OutgoingFile };

export type Planned = { messages: Outgoing[]; menu?: string[] };

export type PlanInput = { texts: string[]; suggestions: string[]; files: OutgoingFile[] };

const clipChars = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

/**
 * One turn's replies as 企业微信 messages: all text merged (blank line between replies) and split,
 * then the choices (a card, or a numbered menu inside the text), then the files.
 */
export function planMessages(input: PlanInput, options: { cards: boolean; taskId: () => string }): Planned {
  let text = input.texts.map((t) => t.trim()).filter(Boolean).join('\n\n');
  const suggestions = [...new Set(input.suggestions.map((s) => s.trim()).filter(Boolean))];
  const messages: Outgoing[] = [];
  let menu: string[] | undefined;
  let card: TemplateCard | undefined;
  if (suggestions.length > 0) {
    const fits = (t: string) => t.length > 0 && [...t].length <= MAX_CARD_TEXT_CHARS;
    if (options.cards && suggestions.length === 1 && !fits(text)) {
      // One choice under a long text: a card would be a second message for one word.
      text = `${text}\n可回复：${suggestions[0]}`;
    } else if (options.cards && suggestions.length <= MAX_BUTTONS && suggestions.every((s) => utf8Bytes(s) <= 1024)) {
      const buttons = suggestions.map((s, i) => ({ text: clipChars(s, MAX_BUTTON_TEXT_CHARS), style: i === 0 ? 1 : 2, key: s }));
      // The whole text when it is short; else its last line (the question) goes with the buttons.
      let cardText = '';
      if (fits(text)) [cardText, text] = [text, ''];
      else {
        const cut = text.lastIndexOf('\n');
        const last = text.slice(cut + 1);
        if (cut > 0 && fits(last)) [cardText, text] = [last, text.slice(0, cut)];
      }
      card = {
        card_type: 'button_interaction',
        source: { desc: '绩效自评助手' },
        ...(cardText ? { sub_title_text: cardText } : { main_title: { title: '请选择', desc: '也可以直接输入回复' } }),
        task_id: options.taskId(),
        button_list: buttons,
      };
    } else if (expectsNumber(text, suggestions)) {
      text = `${text}\n可回复：${suggestions.join(' / ')}`;
    } else {
      menu = suggestions;
      text = `${text}\n回复序号即可：\n${suggestions.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;
    }
  }
  for (const part of splitText(text)) messages.push({ kind: 'text', content: part });
  if (card) messages.push({ kind: 'card', card });
  for (const file of input.files) messages.push({ kind: 'file', file });
  return menu ? { messages, menu } : { messages };
}

/** "2" (or "２") → the second option of the menu last shown, when there is one. */
export function menuChoice(text: string, menu: readonly string[] | undefined): string | undefined {
  if (!menu || menu.length === 0) return undefined;
  const m = /^\s*([0-9０-９]{1,2})\s*[.。、]?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1].replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
  return n >= 1 && n <= menu.length ? menu[n - 1] : undefined;
}
