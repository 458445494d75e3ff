// Small building blocks for the DOCX: CJK fonts, multi-line cells, and tables laid out on a shared
// grid (each row given as cell widths; the grid is the union of all cell edges, so rows with 4, 5 or
// 7 cells line up like the official form's merged cells).
import {
  AlignmentType,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from 'docx';

/** 宋体 / 仿宋 for Chinese (eastAsia), Times New Roman for Latin; LibreOffice on Linux falls back to Noto CJK. */
export const FONT = {
  song: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' },
  fang: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '仿宋' },
  hei: { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: '黑体' },
} as const;

export type TextStyle = {
  bold?: boolean;
  size?: number; // half-points
  font?: keyof typeof FONT;
  align?: 'left' | 'center' | 'right' | 'justify';
  indentFirstLine?: number;
};

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const;

/** One run per line, tabs as real tab elements: the reader turns them back into \n and \t. */
function runs(line: string, style: TextStyle): TextRun {
  const parts = line.split('\t');
  const children: (string | Tab)[] = [];
  parts.forEach((p, i) => {
    if (i > 0) children.push(new Tab());
    if (p !== '') children.push(p);
  });
  return new TextRun({ children, bold: style.bold, size: style.size, font: FONT[style.font ?? 'song'] });
}

/** A text as paragraphs, one per line (an empty line stays an empty paragraph). */
export function paragraphs(text: string, style: TextStyle = {}): Paragraph[] {
  return text.split('\n').map(
    (line) =>
      new Paragraph({
        alignment: ALIGN[style.align ?? 'left'],
        ...(style.indentFirstLine ? { indent: { firstLine: style.indentFirstLine } } : {}),
        children: line === '' ? [] : [runs(line, style)],
      }),
  );
}

export type CellSpec = {
  text: string;
  width: number;
  style?: TextStyle;
  /** Vertical merge: the first cell restarts, the cells below continue it. */
  vMerge?: 'restart' | 'continue';
  shade?: string;
};

export type RowSpec = { cells: CellSpec[]; header?: boolean; cantSplit?: boolean; minHeight?: number };

/** A table on the union grid of its rows' cell edges. Every row's widths must add up to the same total. */
export function gridTable(rows: RowSpec[]): Table {
  const edges = new Set<number>([0]);
  for (const row of rows) {
    let x = 0;
    for (const c of row.cells) edges.add((x += c.width));
  }
  const grid = [...edges].sort((a, b) => a - b);
  const total = grid[grid.length - 1];
  const columnWidths = grid.slice(1).map((e, i) => e - grid[i]);
  const at = (edge: number) => grid.indexOf(edge);
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    rows: rows.map((row) => {
      let x = 0;
      return new TableRow({
        tableHeader: row.header,
        cantSplit: row.cantSplit,
        ...(row.minHeight ? { height: { value: row.minHeight, rule: 'atLeast' as const } } : {}),
        children: row.cells.map((c) => {
          const span = at(x + c.width) - at(x);
          x += c.width;
          return new TableCell({
            width: { size: c.width, type: WidthType.DXA },
            ...(span > 1 ? { columnSpan: span } : {}),
            verticalAlign: VerticalAlignTable.CENTER,
            ...(c.vMerge ? { verticalMerge: c.vMerge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
            ...(c.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: c.shade } } : {}),
            children: c.vMerge === 'continue' ? [new Paragraph({})] : paragraphs(c.text, { align: 'center', ...c.style }),
          });
        }),
      });
    }),
  });
}

/** Splits `total` into `n` integer widths that add up exactly. */
export function split(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => (i < total - base * n ? base + 1 : base));
}
