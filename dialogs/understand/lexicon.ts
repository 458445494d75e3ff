// Finds the things of the form a message mentions: fields (年初预算数, 拨款), indicators (参观人数,
// short forms such as 执行率 / 满意度, English names, one-character typos), 子项 by name or ordinal,
// with an optional part (目标值, 实际数, 预算…). Pure: text + form in, mentions out.
import { FIELD_LABELS, type Form } from '../../rules/index.js';
import { FIELD_ALIASES, nameKey, type Ref } from '../engine/match.js';
import type { EditableField, IndicatorPart, SubItemPart } from '../engine/slots.js';
import { initials, NOT_INITIALS } from './pinyin.js';

export type Mention = { ref: Ref; label: string; start: number; end: number; exact: boolean };
export type Found = { mentions: Mention[]; ambiguous?: { query: string; options: string[] } };

/** `word`: found only exactly, never as a typo, and a Latin key only as a whole word (pinyin initials: "zxl" but not inside "zxls"). */
type Entry = { key: string; ref: Ref; label: string; strength: number; word?: boolean; latin?: boolean };

/** Field aliases too generic to be found inside a sentence (they still work as a whole name). */
const NOT_SCANNED = new Set(['名称', '单位', '部门', '问题', '建议', '成效', '年度', '年份', '调整', '支付', '收回', '结转', '拨款', '概况', 'name', 'year', 'initial', 'paid', 'payment', 'adjustment', 'recovered']);
/** Extra ways people name fields inside a sentence. */
const FIELD_EXTRA: Partial<Record<EditableField, string[]>> = {
  'project.name': ['项目名称', '项目名', '项目的名称', 'project name'],
  'project.year': ['项目年份', '年份', '哪一年'],
  'project.department': ['主管部门', '主管单位'],
  'budget.initial': ['年初预算', '年初数', '年初', '二下', 'initial budget'],
  'budget.adjustment': ['调整数', '调整预算', '调整金额', '预算调整数', '预算调整', '调减', 'adjustment', '使用上年结余', '上年结余结转及调整', '及调整预算数'],
  'budget.appropriated': ['拨款数', '拨款', '财政拨款', '拨付', 'appropriation', 'appropriated'],
  'funds.paid': ['支付数', '实际支付', '支出数', 'paid', 'payment', '支付'],
  'funds.carriedOver': ['结转数', '结转', 'carried over', 'carryover'],
  // Not 收回 alone: "问卷收回来" says nothing of the funds.
  'funds.recovered': ['收回数', '财政收回', '收回资金', '资金收回', 'recovered'],
  'narrative.overview': ['项目概况', '概况', 'overview'],
};

/** English names and common synonyms of the usual indicators (matched by a key word in the name). */
const INDICATOR_SYNONYMS: Array<[RegExp, string[]]> = [
  [/执行率/, ['execution rate', 'budget execution', 'execution', '执行率', '执行情况']],
  [/节约率/, ['savings rate', 'saving rate', 'savings', '节约率', '节约']],
  [/满意度/, ['satisfaction rate', 'satisfaction', '满意度', '满意率']],
  [/人数/, ['visitors', 'visitor count', 'number of visitors', '人数', '人次']],
  [/专款专用/, ['earmarked', '专款专用']],
  [/合规性/, ['compliance', '合规性']],
  [/健全性/, ['financial system', '健全性']],
  [/采购/, ['procurement', '采购']],
  [/面积/, ['area', '面积']],
  [/完成度/, ['completion', '完成度', '完工率']],
];

/** How people describe an indicator instead of naming it ("省下来的钱那个比例"): found exactly, never as a typo. */
const FIELD_DESCRIPTIONS: Partial<Record<EditableField, string[]>> = {
  'funds.paid': ['花了多少钱', '花的钱', '花掉的钱', '用了多少钱', '实际花的'],
};
const INDICATOR_DESCRIPTIONS: Array<[RegExp, string[]]> = [
  [/节约率/, ['省下来的钱', '省下的钱', '节省的钱', '省钱']],
  [/满意度/, ['满不满意', '满意不满意']],
  [/合规性/, ['钱有没有乱用', '乱用钱', '合不合规']],
];

const IND_PARTS: Array<[string, IndicatorPart]> = [
  ['实际完成值', 'actual'], ['实际完成', 'actual'], ['完成值', 'actual'], ['实际值', 'actual'], ['实际数', 'actual'], ['实际', 'actual'], ['actual', 'actual'],
  ['目标值', 'target'], ['目标', 'target'], ['target', 'target'],
  ['自评分', 'selfScore'], ['自评', 'selfScore'],
  ['说明', 'note'], ['备注', 'note'],
  ['等级', 'grade'],
  ['名称', 'name'], ['名字', 'name'],
];
const SUB_PARTS: Array<[string, SubItemPart]> = [
  ['预算数', 'budget'], ['预算', 'budget'], ['budget', 'budget'],
  ['实际支付数', 'actual'], ['实际支付', 'actual'], ['实际支出数', 'actual'], ['实际数', 'actual'], ['实际支出', 'actual'], ['实际', 'actual'], ['actual', 'actual'],
  ['名称', 'name'], ['名字', 'name'],
];

const PARTICLE_CHARS = new Set([...'的了吗呢吧啊呀哦嘛么是也都就']);

const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** The lexicon of one form, kept for the last few forms (a turn asks for it more than once). */
const cache = new Map<string, Entry[]>();
/** The entries of a lexicon by key (names shared by two things). */
const byKey = new WeakMap<Entry[], Map<string, Entry[]>>();

function sameKey(list: Entry[], key: string): Entry[] {
  let m = byKey.get(list);
  if (!m) {
    m = new Map();
    for (const e of list) m.set(e.key, [...(m.get(e.key) ?? []), e]);
    byKey.set(list, m);
  }
  return m.get(key) ?? [];
}

/** The lexicon of a form object already seen (forms are frozen and never changed in place; a turn looks names up several times in one). */
const byForm = new WeakMap<Form, Entry[]>();

function entries(form: Form): Entry[] {
  const seen = byForm.get(form);
  if (seen) return seen;
  const list = lexicon(form);
  byForm.set(form, list);
  return list;
}

function lexicon(form: Form): Entry[] {
  const sig = JSON.stringify([form.indicators.map((i) => i.name), form.subItems.map((s) => s.name), form.budget.quotaBalance === undefined, form.funds.balance === undefined]);
  const hit = cache.get(sig);
  if (hit) return hit;
  const out: Entry[] = [];
  const add = (alias: string, ref: Ref, label: string, strength: number) => {
    const key = nameKey(alias);
    if (key.length >= 2 || /^[a-z]{4,}$/.test(key)) out.push({ key, ref, label, strength, latin: /^[a-z ]+$/.test(key) });
  };
  for (const [path, aliases] of Object.entries(FIELD_ALIASES) as Array<[EditableField, string[]]>) {
    for (const a of [...aliases, ...(FIELD_EXTRA[path] ?? [])]) if (!NOT_SCANNED.has(a) || (FIELD_EXTRA[path] ?? []).includes(a)) add(a, { kind: 'field', path }, FIELD_LABELS[path], 2);
  }
  for (const [path, said] of Object.entries(FIELD_DESCRIPTIONS) as Array<[EditableField, string[]]>) for (const s of said) out.push({ key: nameKey(s), ref: { kind: 'field', path }, label: FIELD_LABELS[path], strength: 2, word: true });
  add('子项', { kind: 'subItems' }, '子项', 1);
  add('子项目', { kind: 'subItems' }, '子项', 1);
  add('资金构成', { kind: 'subItems' }, '子项', 1);
  form.indicators.forEach((ind, index) => {
    const ref: Ref = { kind: 'indicator', index };
    add(ind.name, ref, ind.name, 3);
    const key = nameKey(ind.name);
    // Short forms: the name's tail (执行率, 满意度, 布展面积) — unique ones win, shared ones ask back.
    const chars = [...key];
    // Two-character tails only when they name a measure (面积, 人数, 达标率), not a common word (中心, 建全).
    for (let k = 1; k <= chars.length - 2; k++) if (chars.length - k > 2 || /[率度数积量额次值性]$/.test(key)) add(chars.slice(k).join(''), ref, ind.name, 1);
    // The start of a long name (运营管理体制 for 运营管理体制建立建全): 5 characters or more ("资金使用" is a
    // phrase), leaving 3 of the name (its own word, 健全 / 合规, is no part of the start); shared ones ask back.
    for (let k = 5; k <= chars.length - 3; k++) add(chars.slice(0, k).join(''), ref, ind.name, 1);
    // Pinyin initials of the name and of its short forms of 3 characters or more ("zxl", "myd").
    for (let k = 0; k <= chars.length - 3; k++) {
      const py = initials(chars.slice(k).join(''));
      if (py && !NOT_INITIALS.has(py)) out.push({ key: py, ref, label: ind.name, strength: k === 0 ? 2 : 1, word: true });
    }
    for (const [re, syn] of INDICATOR_SYNONYMS) if (re.test(ind.name)) for (const s of syn) add(s, ref, ind.name, 1);
    for (const [re, said] of INDICATOR_DESCRIPTIONS) if (re.test(ind.name)) for (const s of said) out.push({ key: nameKey(s), ref, label: ind.name, strength: 1, word: true });
  });
  form.subItems.forEach((s, index) => add(s.name, { kind: 'subItem', index }, `子项「${s.name}」`, 3));
  const dedup = new Map<string, Entry>();
  for (const e of out) {
    const id = `${e.key}\u0000${JSON.stringify(e.ref)}`;
    const prev = dedup.get(id);
    if (!prev || prev.strength < e.strength) dedup.set(id, e);
  }
  const list = [...dedup.values()].sort((a, b) => b.key.length - a.key.length || b.strength - a.strength);
  cache.set(sig, list);
  if (cache.size > 16) cache.delete(cache.keys().next().value!);
  return list;
}

/** The longest run of characters no name took. */
function freeRun(taken: boolean[]): number {
  let best = 0;
  let run = 0;
  for (const t of taken) {
    run = t ? 0 : run + 1;
    if (run > best) best = run;
  }
  return best;
}

/** Levenshtein distance, bounded: returns max+1 as soon as it must exceed `max`. */
export function distance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

export const sameRef = (a: Ref, b: Ref) => JSON.stringify(a) === JSON.stringify(b);

/** The part named right after a mention ("…的目标值", "…预算", "基本建设那行实际支付"), and where it ends. */
function partAfter(text: string, at: number, ref: Ref): { part?: IndicatorPart | SubItemPart; end: number } {
  if (ref.kind !== 'indicator' && ref.kind !== 'subItem') return { end: at };
  const parts: Array<[string, string]> = ref.kind === 'indicator' ? IND_PARTS : SUB_PARTS;
  const i = text[at] === '的' ? at + 1 : at;
  // A word pointing at the row may come between ("那行", "这一栏").
  const filler = /^(那一?行|这一?行|那一?栏|这一?栏|那一?项|这一?项|那个|这个|那条|这条)(的)?/.exec(text.slice(i));
  for (const from of filler ? [i, i + filler[0].length] : [i]) {
    for (const [w, p] of parts) if (text.startsWith(w, from)) return { part: p as IndicatorPart, end: from + w.length };
  }
  return { end: at };
}

/**
 * Mentions in `text` (already normalised, lower-cased keys are compared): ordinals first
 * (子项2, 第3个指标), then names, longest first, exact before fuzzy (one edit for names of 3+).
 */
export function findMentions(text: string, form: Form, opts: { fuzzy?: boolean } = {}): Found {
  const lower = text.toLowerCase();
  const mentions: Mention[] = [];
  const taken = new Array<boolean>(lower.length).fill(false);
  const free = (s: number, e: number) => {
    for (let k = s; k < e; k++) if (taken[k]) return false;
    return true;
  };
  const take = (m: Mention) => {
    for (let k = m.start; k < m.end; k++) taken[k] = true;
    mentions.push(m);
  };
  /** The n-th 子项 or indicator (from 0) said at start..end, with the part said after it. */
  const takeOrdinal = (sub: boolean, n: number, start: number, end: number) => {
    const ref: Ref | undefined = sub ? (form.subItems[n] ? { kind: 'subItem', index: n } : undefined) : form.indicators[n] ? { kind: 'indicator', index: n } : undefined;
    if (!ref) return;
    const p = partAfter(lower, end, ref);
    take({ ref: p.part ? ({ ...ref, part: p.part } as Ref) : ref, label: sub ? `子项「${form.subItems[n].name}」` : form.indicators[n].name, start, end: p.end, exact: true });
  };
  // 最后那个指标, 最后一个子项, 倒数第二个指标.
  const lastOrd = /(?:最后|倒数第([一二两三2-3]))(?:一|那)?(?:个|项)?(子项目?|指标)/g;
  for (let m = lastOrd.exec(lower); m; m = lastOrd.exec(lower)) {
    const back = m[1] ? (/^\d$/.test(m[1]) ? Number(m[1]) : CN_NUM[m[1]] ?? 1) : 1;
    const sub = m[2].startsWith('子项');
    if (free(m.index, m.index + m[0].length)) takeOrdinal(sub, (sub ? form.subItems.length : form.indicators.length) - back, m.index, m.index + m[0].length);
  }
  // Ordinals: 子项2, 第2个子项, 第二项子项, 指标3, 第3个指标
  // 子项二 too, but not 指标一般 (a word beginning with 一).
  const ord = /第?([0-9一二两三四五六七八九十]{1,3})(?:个|项)?(子项目?|指标)|(子项目?|指标)\s*([0-9]{1,3})|(子项目?)([一二两三四五六七八九十])(?![般致些样直定起共切体再次种])/g;
  for (let m = ord.exec(lower); m; m = ord.exec(lower)) {
    const raw = m[1] ?? m[4] ?? m[6];
    const n = (/^\d+$/.test(raw) ? Number(raw) : CN_NUM[raw] ?? 0) - 1;
    // Inside 最后一个子项 (taken above) 一个子项 is no ordinal.
    if (free(m.index, m.index + m[0].length)) takeOrdinal((m[2] ?? m[3] ?? m[5]).startsWith('子项'), n, m.index, m.index + m[0].length);
  }
  const list = entries(form);
  let ambiguous: Found['ambiguous'];
  let shared: { start: number; end: number } | undefined;
  const compactText = lower;
  // Exact names, longest first; the same key naming two things is ambiguous.
  const present = new Set(lower);
  for (let idx = 0; idx < list.length; idx++) {
    const e = list[idx];
    if (!present.has(e.key[0])) continue;
    let from = 0;
    for (;;) {
      const at = compactText.indexOf(e.key, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + e.key.length;
      if (!free(at, end)) continue;
      if (e.word && (/[a-z]/.test(lower[at - 1] ?? '') || /[a-z]/.test(lower[end] ?? ''))) continue;
      const rivals = sameKey(list, e.key).filter((o) => !sameRef(o.ref, e.ref) && o.strength === e.strength);
      if (rivals.length > 0 && e.ref.kind === 'indicator') {
        if (!ambiguous) {
          ambiguous = { query: e.key, options: [e.label, ...rivals.map((r) => r.label)].filter((v, i, a) => a.indexOf(v) === i) };
          shared = { start: at, end };
        }
        for (let k = at; k < end; k++) taken[k] = true;
        continue;
      }
      const p = partAfter(lower, end, e.ref);
      take({ ref: p.part ? ({ ...e.ref, part: p.part } as Ref) : e.ref, label: e.label, start: at, end: p.end, exact: true });
    }
  }
  // One-character typos of names of 3 or more characters (执行绿 → 执行率, 装饰面积 → 装修面积); in a short
  // message also beside a name found exactly ("布展面基为啥比装修面积多"), in the text no name took.
  // A shared short form inside a typo of one full name ("装休面积": 面积 is 装修面积's and 项目布展面积's) is that name.
  if (shared && mentions.length === 0 && opts.fuzzy !== false) for (let k = shared.start; k < shared.end; k++) taken[k] = false;
  const beside = mentions.length > 0;
  if (opts.fuzzy !== false && (!ambiguous || (shared && mentions.length === 0)) && (!beside || (lower.length <= 40 && freeRun(taken) >= 3))) {
    // The characters a typo could be made of: those no name took.
    const around = beside ? new Set([...lower].filter((_, k) => !taken[k])) : present;
    const hits: Array<{ e: Entry; start: number; end: number }> = [];
    for (const e of list) {
      const n = e.key.length;
      // A name of 3 characters other than an indicator's is a common word with one character changed ("项目最后" is no 项目名).
      if (n < 3 || e.word || (e.latin && n < 5) || (e.ref.kind !== 'indicator' && n < 4) || (beside && n < 4)) continue;
      // One edit away means all but one of the name's characters are in the text.
      let missing = 0;
      for (const ch of e.key) if (!around.has(ch) && ++missing > 1) break;
      if (missing > 1) continue;
      for (const w of [n, n - 1, n + 1]) {
        for (let s = 0; s + w <= lower.length; s++) {
          const win = lower.slice(s, s + w);
          if (win[0] !== e.key[0] && win[w - 1] !== e.key[n - 1]) continue;
          // A particle in place of a character ("合规呢" for 合规性) is no typo.
          // Beside an exact name only names of 4 or more ("务中心" is no 验中心).
          if (beside && (n < 4 || !free(s, s + w) || mentions.some((m) => sameRef(m.ref, e.ref) || (m.ref.kind === e.ref.kind && 'index' in m.ref && 'index' in e.ref && m.ref.index === e.ref.index)))) continue;
          if (distance(win, e.key, 1) <= 1 && ![...win].some((ch) => PARTICLE_CHARS.has(ch) && !e.key.includes(ch))) hits.push({ e, start: s, end: s + w });
        }
      }
    }
    if (hits.length) {
      const best = Math.max(...hits.map((h) => h.e.key.length * 10 + h.e.strength));
      const top = hits.filter((h) => h.e.key.length * 10 + h.e.strength === best);
      const refs = top.filter((h, i) => top.findIndex((o) => sameRef(o.e.ref, h.e.ref)) === i);
      const covers = (h: { start: number; end: number }) => !ambiguous || (shared !== undefined && h.start <= shared.start && h.end >= shared.end);
      if (refs.length === 1 && covers(refs[0])) {
        const h = refs[0];
        const p = partAfter(lower, h.end, h.e.ref);
        take({ ref: p.part ? ({ ...h.e.ref, part: p.part } as Ref) : h.e.ref, label: h.e.label, start: h.start, end: p.end, exact: false });
        ambiguous = undefined;
      } else if (!beside && !ambiguous) ambiguous = { query: lower.slice(top[0].start, top[0].end), options: refs.map((h) => h.e.label) };
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  return { mentions, ...(ambiguous ? { ambiguous } : {}) };
}
