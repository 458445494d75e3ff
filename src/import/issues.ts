// Import issues in Chinese: what could not be read, where (1-based line), and what to do.
import { parseAmount, str, type AmountError } from '../../rules/index.js';
import type { ImportIssue } from '../../dialogs/ports.js';
import { quote } from './layout.js';

export type Issues = ImportIssue[];

export function issue(line: number | undefined, field: string | undefined, message: string): ImportIssue {
  return { ...(line !== undefined ? { line } : {}), ...(field !== undefined ? { field } : {}), message };
}

const at = (line: number | undefined) => (line !== undefined ? `第${line}行 ` : '');

export function amountMessage(line: number | undefined, label: string, text: string, e: AmountError): string {
  const shown = `“${quote(text)}”`;
  switch (e.code) {
    case 'empty':
      return `${at(line)}${label}没有填写。请补上金额（万元）。`;
    case 'too-long':
      return `${at(line)}${label}太长（${e.length} 个字符），不是金额。请填写数字（万元），例如 1900。`;
    case 'not-a-number':
      return `${at(line)}${label} ${shown} 不是金额。请填写数字（万元），例如 1900。`;
    case 'ambiguous':
      return `${at(line)}${label} ${shown} 不是确切金额。请填写确切的数字（万元）。`;
    case 'wrong-unit':
      return `${at(line)}${label}的单位“${quote(e.unit, 10)}”无法识别。请以万元填写，例如 1900。`;
    case 'too-many-decimals':
      return `${at(line)}${label} ${shown} 超过 6 位小数（万元精确到分）。请核对。`;
    case 'negative':
      return `${at(line)}${label} ${shown} 不能为负数。请核对。`;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * Reads an amount cell into a canonical decimal string in 万元, or records why not. A blank cell
 * gives undefined (and an issue only when `required`).
 */
export function readAmount(
  text: string,
  where: { line: number | undefined; field: string; label: string },
  issues: Issues,
  options: { allowNegative?: boolean; required?: boolean } = {},
): string | undefined {
  if (text.trim() === '') {
    if (options.required) issues.push(issue(where.line, where.field, amountMessage(where.line, where.label, text, { code: 'empty' })));
    return undefined;
  }
  const parsed = parseAmount(text, { allowNegative: options.allowNegative });
  if (!parsed.ok) {
    issues.push(issue(where.line, where.field, amountMessage(where.line, where.label, text, parsed.error)));
    return undefined;
  }
  return str(parsed.value.value);
}

/** Cuts a text to `max` characters, saying so. */
export function limitText(
  text: string,
  max: number,
  where: { line: number | undefined; field: string; label: string },
  issues: Issues,
): string {
  // zod counts UTF-16 units: cut by them, never inside a surrogate pair.
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  issues.push(issue(where.line, where.field, `${at(where.line)}${where.label}太长（${[...text].length} 字），只保留了前 ${[...out].length} 字。请精简后再导入。`));
  return out;
}

export { at as linePrefix };
