// The seed's text layout (a plain-text export of the Word form): rows separated by empty lines, one
// cell per line with a leading tab (an empty cell is a line holding only a tab), narrative cells
// continuing on following lines without a tab. This module only cuts the text into rows and cells;
// the sections are read in ./sections.
import { compact, normalizeText } from '../../rules/index.js';

/** One cell: its text as written (continuation lines joined with \n) and its 1-based line. */
export type Cell = { raw: string; line: number };
export type Row = { cells: Cell[]; line: number };

// C0 controls except tab/LF/CR, DEL, and bidi overrides that could disguise text in a report.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** Splits on LF, CRLF or CR and removes control characters; line i of the result is line i+1. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(CONTROL, '').split(/\r\n|\r|\n/);
}

/**
 * Cuts lines into rows of cells. With tabs (the export's normal form) a tab starts a cell and a line
 * without one continues the cell before it; in a file whose tabs were lost, every line is a cell.
 */
export function toRows(lines: readonly string[]): Row[] {
  const tabbed = lines.filter((l) => /^\t[^\t]/.test(l)).length >= 3;
  const rows: Row[] = [];
  let current: Row | undefined;
  lines.forEach((line, i) => {
    const no = i + 1;
    if (line.trim() === '' && !line.includes('\t')) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { cells: [], line: no };
      rows.push(current);
    }
    const last = current.cells[current.cells.length - 1];
    if (tabbed && !line.startsWith('\t') && last) last.raw += `\n${line}`;
    else current.cells.push({ raw: tabbed && line.startsWith('\t') ? line.slice(1) : line, line: no });
  });
  return rows;
}

/** The value of a table cell: tabs, stray quotes and surrounding space removed, lines joined. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  return cell.raw
    .split('\n')
    .map((l) => stripLoneQuote(l.replace(/\t/g, ' ').trim()).trim())
    .join('')
    .trim();
}

/** A cell's text for matching labels: full-width folded, no white space. */
export function cellKey(cell: Cell | undefined): string {
  return compact(cellText(cell));
}

/** A cell's text for reading values: full-width digits and signs folded to ASCII. */
export function cellValue(cell: Cell | undefined): string {
  return normalizeText(cellText(cell));
}

export const isBlank = (cell: Cell | undefined) => cellKey(cell) === '';

/**
 * Removes an unpaired ASCII quote at either end of a line (the export quotes multi-line cells and
 * leaves the quotes on their own). A line with paired quotes keeps them: 称为"智造".
 */
export function stripLoneQuote(line: string): string {
  const count = (line.match(/"/g) ?? []).length;
  if (count % 2 === 0) return line;
  if (line.startsWith('"')) return line.slice(1);
  if (line.endsWith('"')) return line.slice(0, -1);
  return line;
}

/** Shortens a text for quoting in a message. */
export function quote(text: string, max = 20): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
