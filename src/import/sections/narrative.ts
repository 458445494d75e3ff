// 项目基本情况 and the report's sections: a label cell (项目概况 …) followed by free text that may run
// over many lines, blank lines included, until the next label or the （标注：…） line.
import { FIELD_LABELS, NARRATIVE_KEYS, compact, type Narrative, type NarrativeKey } from '../../../rules/index.js';
import { stripLoneQuote } from '../layout.js';
import { issue, limitText, linePrefix, type Issues } from '../issues.js';

const LABELS = new Map<string, NarrativeKey>(NARRATIVE_KEYS.map((k) => [compact(FIELD_LABELS[`narrative.${k}`]), k]));

/** A line's text as a label candidate: no tabs, no stray quote, no white space. */
const lineKey = (line: string) => compact(stripLoneQuote(line.replace(/\t/g, ' ').trim()));

/** A narrative line as text: the cell's tab and trailing tabs/spaces gone, a lone quote dropped. */
function cleanLine(line: string): string {
  const body = line.startsWith('\t') ? line.slice(1) : line;
  return stripLoneQuote(body.replace(/[\t ]+$/, '')).replace(/[\t ]+$/, '');
}

export function readNarrative(lines: readonly string[], fromLine: number, issues: Issues): Narrative {
  const narrative: Narrative = {};
  let current: { key: NarrativeKey; line: number; parts: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const text = current.parts.filter((p) => p.trim() !== '').join('\n');
    if (text !== '') {
      const label = FIELD_LABELS[`narrative.${current.key}`];
      const before = narrative[current.key];
      const joined = before ? `${before}\n${text}` : text;
      narrative[current.key] = limitText(joined, 20000, { line: current.line, field: `narrative.${current.key}`, label }, issues);
    }
    current = undefined;
  };
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    const key = lineKey(lines[i]);
    const section = LABELS.get(key);
    if (section) {
      flush();
      if (narrative[section] !== undefined) {
        issues.push(issue(i + 1, `narrative.${section}`, `${linePrefix(i + 1)}“${FIELD_LABELS[`narrative.${section}`]}”出现了两次，两处内容已合并。请核对。`));
      }
      current = { key: section, line: i + 1, parts: [] };
    } else if (/^[(（]标注/.test(key)) {
      break;
    } else if (key === '项目基本情况') {
      flush();
    } else if (current) {
      current.parts.push(cleanLine(lines[i]));
    }
  }
  flush();
  return narrative;
}
