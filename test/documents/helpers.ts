// Test helpers: the seed form (read from the seed file by the importer), generated forms, and an
// independent, regex-based reader of the tables in a DOCX (so the tests do not trust src/documents'
// own reader to check what the builder wrote).
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { Form, type CategoryId, type Indicator } from '../../rules/index.js';
import { importAny } from '../../src/import/index.js';

export { SEED_PATH } from '../fixtures/seedPath.js';
import { SEED_PATH } from '../fixtures/seedPath.js';

export async function seedFromFile(): Promise<Form> {
  const r = await importAny({ name: 'seed.txt', contentType: 'text/plain', bytes: readFileSync(SEED_PATH) });
  if (!r.ok) throw new Error(r.message);
  return r.form;
}

export type XCell = { text: string; span: number; vMerge?: 'restart' | 'continue'; col: number };
export type XTable = XCell[][];

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

function paragraphText(p: string): string {
  let out = '';
  for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:t\s*\/>|<w:tab\/>/g)) {
    out += m[0] === '<w:tab/>' ? '\t' : decode(m[1] ?? '');
  }
  return out;
}

/** Splits on top-level <tag>…</tag> (no nesting of the same tag in our documents). */
function blocks(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

export function tablesOf(documentXml: string): XTable[] {
  return blocks(documentXml, 'w:tbl').map((tbl) =>
    blocks(tbl, 'w:tr').map((tr) => {
      let col = 0;
      return blocks(tr, 'w:tc').map((tc) => {
        const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(tc)?.[1] ?? 1);
        const vm = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(tc);
        const text = blocks(tc, 'w:p').map(paragraphText).join('\n') || (/<w:p\/>/.test(tc) ? '' : '');
        const cell: XCell = { text, span, col, ...(vm ? { vMerge: vm[1] === 'restart' ? 'restart' : 'continue' } : {}) };
        col += span;
        return cell;
      });
    }),
  );
}

export async function unzipText(bytes: Uint8Array, path: string): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const f = zip.file(path);
  if (!f) throw new Error(`no ${path}`);
  return f.async('string');
}

/** Paragraph texts of the whole body (inside and outside tables). */
export function paragraphsOf(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => paragraphText(m[1]));
}

/** All rows of all tables, for searching by label. */
export function findRow(tables: XTable[], pred: (row: XCell[]) => boolean): { table: XTable; r: number; row: XCell[] } {
  for (const table of tables) {
    const r = table.findIndex(pred);
    if (r >= 0) return { table, r, row: table[r] };
  }
  throw new Error('row not found');
}

export const texts = (row: XCell[]) => row.map((c) => c.text);

/** A complete, consistent form with `n` indicators per category, exercising every optional field. */
export function generatedForm(n: number): Form {
  const cats: CategoryId[] = ['input', 'output', 'outcome', 'impact'];
  const indicators: Indicator[] = [];
  for (const category of cats) {
    for (let i = 0; i < n; i++) {
      const k = indicators.length;
      const quantitative = k % 3 !== 0;
      indicators.push({
        category,
        name: `${category}指标${i + 1}${k % 5 === 0 ? '（含“引号”与 <尖括号> & 符号）' : ''}`,
        target: quantitative ? (k % 2 ? `=${100 + k}平方米` : `≥${80 + (k % 10)}%`) : '合规',
        ...(k % 4 !== 1 ? { weight: ['1', '2.5', '0.75', '3.10'][k % 4] } : {}),
        ...(k % 6 !== 2 ? { actual: quantitative ? (k % 2 ? `${90 + k}平方米` : `${70 + (k % 25)}%`) : k % 2 ? '合规' : '基本合规' } : {}),
        ...(k % 3 !== 2 ? { selfScore: ['1', '2.5', '0', '3.1'][k % 4] } : {}),
        ...(k % 7 === 3 ? { note: `第${k}项说明：\n数据来自年度决算。` } : {}),
        ...(!quantitative && k % 2 === 0 ? { grade: '较好' as const } : {}),
      });
    }
  }
  return Form.parse({
    ruleSet: 'suzhou-2021',
    project: { name: `测试项目${n}号`, year: 2022, department: '苏州市某某局' },
    budget: { initial: '1000.50', adjustment: '-100.25', appropriated: '900' },
    funds: { paid: '850.123456', carriedOver: '40', recovered: '9.876544' },
    subItems: Array.from({ length: n }, (_, i) => ({ name: `子项${i + 1}`, budget: String(100 + i), ...(i % 2 ? {} : { actual: `${i}.5` }) })),
    indicators,
    narrative: {
      overview: '第一段\n\t第二段（缩进）\n\n  前面有空格的段落  ',
      overallGoal: '目标',
      problems: '问题\r\n换行',
    },
    overrides: [{ code: 'funds.balance', reason: '财政部门口径' }],
  });
}
