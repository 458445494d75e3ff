// Reads the tables of a WordprocessingML document.xml into rows of cells placed on the table grid:
// each cell knows its first grid column, its span (w:gridSpan) and its vertical merge (w:vMerge),
// and its text (paragraphs joined by \n, w:tab as \t). Nothing here knows about the form.
import { XMLParser } from 'fast-xml-parser';

export type DocCell = { text: string; col: number; span: number; vMerge?: 'restart' | 'continue' };
export type DocRow = DocCell[];
export type DocTable = DocRow[];

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
});

function tagOf(node: Node): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return undefined;
}

function children(node: Node): Node[] {
  const tag = tagOf(node);
  const value = tag ? node[tag] : undefined;
  return Array.isArray(value) ? (value as Node[]) : [];
}

function attr(node: Node, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, string> | undefined;
  return attrs?.[name];
}

function find(nodes: Node[], tag: string): Node | undefined {
  return nodes.find((n) => tagOf(n) === tag);
}

/** The text of a paragraph: w:t, w:tab → \t, w:br/w:cr → \n; deleted text and field codes skipped. */
function paragraphText(p: Node): string {
  let out = '';
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:t') {
        for (const t of children(n)) if (typeof t['#text'] === 'string') out += t['#text'];
      } else if (tag === 'w:tab') out += '\t';
      else if (tag === 'w:br' || tag === 'w:cr') out += '\n';
      else if (tag === 'w:noBreakHyphen') out += '-';
      else if (tag && !['w:pPr', 'w:rPr', 'w:del', 'w:delText', 'w:instrText', 'w:fldChar', 'mc:Fallback'].includes(tag)) walk(children(n));
    }
  };
  walk(children(p));
  return out;
}

function cellText(tc: Node): string {
  return children(tc)
    .filter((n) => tagOf(n) === 'w:p')
    .map(paragraphText)
    .join('\n');
}

function readTable(tbl: Node): DocTable {
  const rows: DocTable = [];
  for (const tr of children(tbl)) {
    if (tagOf(tr) !== 'w:tr') continue;
    const trPr = find(children(tr), 'w:trPr');
    const before = trPr ? find(children(trPr), 'w:gridBefore') : undefined;
    let col = before ? Number(attr(before, 'w:val') ?? 0) || 0 : 0;
    const row: DocRow = [];
    for (const tc of children(tr)) {
      if (tagOf(tc) !== 'w:tc') continue;
      const tcPr = find(children(tc), 'w:tcPr');
      const props = tcPr ? children(tcPr) : [];
      const gridSpan = find(props, 'w:gridSpan');
      const vMerge = find(props, 'w:vMerge');
      const span = gridSpan ? Math.max(1, Number(attr(gridSpan, 'w:val')) || 1) : 1;
      const cell: DocCell = { text: cellText(tc), col, span };
      if (vMerge) cell.vMerge = attr(vMerge, 'w:val') === 'restart' ? 'restart' : 'continue';
      row.push(cell);
      col += span;
    }
    rows.push(row);
  }
  return rows;
}

export type DocBody = { tables: DocTable[]; /** Paragraphs of the body outside tables. */ paragraphs: string[] };

/** Every table of the document body, in order (tables nested in cells are read as tables of their own), and the body's paragraphs. */
export function readDocument(documentXml: string): DocBody {
  const tables: DocTable[] = [];
  const paragraphs: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === 'w:tbl') {
        tables.push(readTable(n));
        for (const tr of children(n)) for (const tc of children(tr)) if (tagOf(tc) === 'w:tc') walk(children(tc).filter((x) => tagOf(x) === 'w:tbl'));
      } else if (tag === 'w:p') paragraphs.push(paragraphText(n));
      else if (tag === 'w:document' || tag === 'w:body' || tag === 'w:sdt' || tag === 'w:sdtContent') walk(children(n));
    }
  };
  walk(parser.parse(documentXml) as Node[]);
  return { tables, paragraphs };
}

/** Custom document properties (docProps/custom.xml): name → string value. */
export function readCustomProperties(customXml: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = find(parser.parse(customXml) as Node[], 'Properties');
  for (const prop of root ? children(root) : []) {
    if (tagOf(prop) !== 'property') continue;
    const name = attr(prop, 'name');
    const value = children(prop).find((v) => tagOf(v) === 'vt:lpwstr');
    if (!name || !value) continue;
    out.set(name, children(value).map((t) => (typeof t['#text'] === 'string' ? t['#text'] : '')).join(''));
  }
  return out;
}
