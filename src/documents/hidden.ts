// What the printed form cannot show, kept in the DOCX's custom document properties (docProps/custom.xml)
// so that it survives the round trip: the form JSON without the narrative sections that print
// losslessly (those are read from the page). Split into pieces of ≤ 240 characters, because Word
// keeps custom property values only up to 255 characters.
import { Form, NARRATIVE_KEYS } from '../../rules/index.js';
import { narrativeText, narrativeValue } from './view.js';

export const HIDDEN_PREFIX = 'jixiao.form.v1';
const PIECE = 240;

export type HiddenProperty = { name: string; value: string };

/** The form minus what the page carries exactly. */
export function hiddenPayload(form: Form): string {
  const narrative: Form['narrative'] = {};
  for (const key of NARRATIVE_KEYS) {
    const value = form.narrative[key];
    if (value !== undefined && narrativeValue(narrativeText(value)) !== value) narrative[key] = value;
  }
  return JSON.stringify({ ...form, narrative });
}

export function encodeHidden(form: Form): HiddenProperty[] {
  const chars = Array.from(hiddenPayload(form));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += PIECE) pieces.push(chars.slice(i, i + PIECE).join(''));
  return [
    { name: `${HIDDEN_PREFIX}.count`, value: String(pieces.length) },
    ...pieces.map((value, i) => ({ name: `${HIDDEN_PREFIX}.${i}`, value })),
  ];
}

/**
 * The hidden form from the custom properties, or undefined when absent or damaged. The narrative
 * sections it carries are only those the page cannot hold exactly; the rest come from the page.
 */
export function decodeHidden(props: ReadonlyMap<string, string>): Form | undefined {
  const count = Number(props.get(`${HIDDEN_PREFIX}.count`));
  if (!Number.isInteger(count) || count <= 0 || count > 100_000) return undefined;
  let json = '';
  for (let i = 0; i < count; i++) {
    const piece = props.get(`${HIDDEN_PREFIX}.${i}`);
    if (piece === undefined) return undefined;
    json += piece;
  }
  try {
    const parsed = Form.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
