// A statistical reading of what a message asks for, for the phrasings the cue words do not know.
// Character 1–3-grams of the message with the form's names masked (an indicator → Ⓘ, a field → Ⓕ,
// a 子项 → Ⓢ, a figure → 0), scored by a softmax regression trained once at module load on the
// labelled examples of examples.ts (deterministic: fixed order, fixed epochs, no randomness).
// Pure: text in, a label and its probability out; a message costs a few microseconds.
import { nameKey } from '../engine/match.js';
import { EXAMPLES, type Label } from './examples.js';

export type { Label } from './examples.js';
export const MASK = { indicator: 'Ⓘ', field: 'Ⓕ', subItem: 'Ⓢ' } as const;

/** Lower case, no spaces, punctuation or 的 (the lexicon's keys; mention offsets refer to this text). */
export function compact(s: string): string {
  return nameKey(s.replace(/([a-z])\s+(?=[a-z])/gi, '$1_')).replace(/_/g, ' ');
}

/**
 * Words that mean the same to the classifier, in every register (formal 如何/此项/尚, dialect 咋个/啥子/
 * 晓得, 口语 瞅/瞄): each group is read as its first word, so an example teaches all its synonyms.
 */
const SYNONYMS: Array<[RegExp, string]> = [
  [/为什么|为啥子|为啥|为嘛|为何|咋回事|怎么回事|何故|凭什么|凭啥/g, '为什么'],
  [/怎么样|怎样|咋样|如何|咋个|咋|怎么/g, '怎么'],
  [/啥子|啥|何种|什么样/g, '什么'],
  [/几何|好多(?=分|钱|项|个|$)/g, '多少'],
  [/晓得/g, '知道'],
  [/此项|该项|这一项|这项|这个|这里|此处|这儿|这块|那块|那一项|那项|那个|那里/g, '这'],
  [/^(请问|请|麻烦你?|劳驾|烦请|您好|你好)/g, ''],
  [/(吗|么|呢|啊|呀|哦|噢|吧|啦|嘛|哈|呐|咯|哟)+$/g, ''],
  [/尚/g, '还'],
  [/未/g, '没'],
  [/得分|分数|分值|评分|成绩|score|points/g, '分数'],
  [/填写|填报|录入|输入/g, '填'],
  [/导出|输出|导成|导个|导一下/g, '导出'],
  [/撤销|撤回|撤消/g, '撤销'],
  [/显示|展示|查看|看看|看下|看一下|瞅瞅|瞅|瞄|瞧/g, '看'],
  [/截至目前|到目前为止|到现在为止|目前|当前|现阶段|眼下/g, '现在'],
  [/哪几项|哪几个|哪几|哪些/g, '哪些'],
  [/扣了分|失分|丢分|丢了分|被扣/g, '扣分'],
  [/一百分|100分/g, '满分'],
  [/xlsx|xls|电子表格/g, 'excel'],
  [/docx|文档/g, 'word'],
  [/全表|整张表|整个表|整表|评分表|表格/g, '表'],
];

/** A question mark, or a question particle at the end. */
export function asks(text: string): boolean {
  return /[?？]|[吗么呢][。.!！~～\s]*$/u.test(text);
}

/** A compact text with its synonyms replaced by one word each. */
export function canonical(t: string): string {
  let out = t;
  for (const [re, to] of SYNONYMS) out = out.replace(re, to);
  return out;
}

/** An example as written in examples.ts (masks and all) in the form a message is read. */
function compactExample(text: string): string {
  return text.split(/([ⒾⒻⓈ])/u).map((p) => (/^[ⒾⒻⓈ]$/u.test(p) ? p : compact(p))).join('');
}

/** Features of an already masked, lower-cased message: its 1–3-grams with boundaries. */
function grams(masked: string, question: boolean): string[] {
  const t = `^${canonical(masked).replace(/\d[\d.,]*/g, '0')}$`;
  const chars = [...t];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (i > 0 && i < chars.length - 1) out.push(chars[i]);
    if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
    if (i + 2 < chars.length) out.push(chars[i] + chars[i + 1] + chars[i + 2]);
  }
  if (question) out.push('?');
  // Short messages read differently (ok, 跳, 人呢).
  out.push(chars.length <= 6 ? '#short' : chars.length <= 14 ? '#mid' : '#long');
  return out;
}

export type Model = { labels: Label[]; vocab: Map<string, number>; w: Float64Array; bias: Float64Array };

function ids(vocab: Map<string, number>, fs: string[], grow: boolean): number[] {
  const out: number[] = [];
  for (const f of fs) {
    let id = vocab.get(f);
    if (id === undefined && grow) {
      id = vocab.size;
      vocab.set(f, id);
    }
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}

function scores(m: Model, x: number[], out: Float64Array): void {
  const k = m.labels.length;
  const scale = 1 / Math.sqrt(Math.max(1, x.length));
  for (let c = 0; c < k; c++) out[c] = m.bias[c];
  for (const f of x) {
    const row = f * k;
    for (let c = 0; c < k; c++) out[c] += m.w[row + c] * scale;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (out[c] > max) max = out[c];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp(out[c] - max);
    sum += out[c];
  }
  for (let c = 0; c < k; c++) out[c] /= sum;
}

/** Trains the model on EXAMPLES (done once, at module load). */
export function train(): Model {
  const labels = [...new Set(EXAMPLES.map(([l]) => l))].sort() as Label[];
  const index = new Map(labels.map((l, i) => [l, i]));
  const vocab = new Map<string, number>();
  const data = EXAMPLES.map(([l, text]) => ({ y: index.get(l)!, x: ids(vocab, grams(compactExample(text), asks(text)), true) }));
  const k = labels.length;
  const m: Model = { labels, vocab, w: new Float64Array(vocab.size * k), bias: new Float64Array(k) };
  const p = new Float64Array(k);
  const epochs = 16;
  const l2 = 1e-4;
  // A fixed interleaving (stride through the list) instead of a random shuffle: the same model every load.
  const order = data.map((_, i) => (i * 7919) % data.length);
  const seen = new Set(order);
  if (seen.size !== data.length) for (let i = 0; i < data.length; i++) order[i] = i;
  for (let ep = 0; ep < epochs; ep++) {
    const lr = 0.8 / (1 + ep * 0.15);
    for (const i of order) {
      const { x, y } = data[i];
      scores(m, x, p);
      const scale = 1 / Math.sqrt(Math.max(1, x.length));
      for (let c = 0; c < k; c++) {
        const g = (c === y ? 1 : 0) - p[c];
        m.bias[c] += lr * g * 0.1;
        // Classes already right about this example are left alone (and the L2 decay with them).
        if (g > -1e-3 && g < 1e-3) continue;
        for (const f of x) {
          const at = f * k + c;
          m.w[at] += lr * (g * scale - l2 * m.w[at]);
        }
      }
    }
  }
  return m;
}

const model = train();
const buffer = new Float64Array(model.labels.length);

export type Reading = { label: Label; p: number; second: Label; p2: number };

/** The most likely label of a masked message (see maskMentions) and its probability. */
export function classify(masked: string, question: boolean): Reading {
  const x = ids(model.vocab, grams(masked, question), false);
  scores(model, x, buffer);
  let a = 0;
  let b = -1;
  for (let c = 1; c < buffer.length; c++) {
    if (buffer[c] > buffer[a]) {
      b = a;
      a = c;
    } else if (b < 0 || buffer[c] > buffer[b]) b = c;
  }
  if (b < 0) b = a === 0 ? 1 : 0;
  return { label: model.labels[a], p: buffer[a], second: model.labels[b], p2: buffer[b] };
}

/** The text with each mention's span replaced by its mask character. */
export function maskMentions(text: string, spans: ReadonlyArray<{ start: number; end: number; kind: string }>): string {
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + (s.kind === 'indicator' ? MASK.indicator : s.kind === 'subItem' || s.kind === 'subItems' ? MASK.subItem : MASK.field);
    at = s.end;
  }
  return out + text.slice(at);
}
