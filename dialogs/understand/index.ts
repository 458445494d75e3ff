// The understanding layer: a message and its context in, exactly one typed intent out. Pure and
// offline. Two readers: precise rules (a figure as the answer, pasted rows, labelled values,
// corrections with their targets, the cue words of cues.ts, the form's own names with short forms,
// English names and one-character typos) and a statistical classifier (classifier.ts, trained at
// load on examples.ts) for what the cue words do not know. The classifier decides where the rules
// are unsure (they would say fallback, or take a question-like message as the answer) and overrules
// a cue word only when very sure; answers to the open question stay answers (a figure at a number
// question, a paragraph at a free-text one). A question is told from an answer by what the text
// says (为啥/怎么/吗/？/多少/哪…), never by which question is open.
import { dec, FIELD_LABELS, normalizeText, parseChineseNumeral, percentWords, type Dec, type Form } from '../../rules/index.js';
import type { EditableField } from '../engine/slots.js';
import { parseCommand, readYesNo } from '../engine/commands.js';
import { getField } from '../engine/formEdit.js';
import { resolveRef, type Ref } from '../engine/match.js';
import type { Slot } from '../engine/slots.js';
import { Intent, type IntentKind } from './intent.js';
import { toSimplified } from './traditional.js';
import { distance, findMentions, type Mention } from './lexicon.js';
import { labelled, namedFigures, readAnswers, readHeader, readRows } from './rows.js';
import { exportFormat, WORD_FORMAT, EXCEL_FORMAT, OFF_TOPIC, BESIDES, NEWCOMER, THANKS_LONG, RESTORE_BEFORE, BACK_CUE, DOC, EXPORT_VERB, FILL_HOW_MUCH, HELP, HELP_FIELD, HOW_MUCH, HOW_TO_FULL, LAUGH_WAIT, LOST, PING, PREVIEW, PROGRESS, QUESTION, REDO, SCOREY, SCORE_NOW, SKIP_CUE, THANKS, UNDO, WHICH, WHY, WRONG } from './cues.js';
import { asks, classify, compact, maskMentions, type Label } from './classifier.js';

export { Intent, type IntentKind } from './intent.js';
export { findMentions } from './lexicon.js';

export type UnderstandContext = {
  form: Form;
  /** The question being asked. */
  slot: Slot;
  /** The question takes free text (a name, a narrative, a reason). */
  freeText: boolean;
  /** A yes/no question is open (restart, import). */
  yesNo?: boolean;
  /** A reason is expected (after 跳过 or 保留): only unmistakable commands count. */
  reason?: boolean;
  /** The indicator discussed last. */
  lastIndicator?: number;
};

/** Full-width digits and punctuation to half-width, CRLF to LF, runs of spaces to one. */
export function normalize(input: string): string {
  return toSimplified(normalizeText(input)).replace(/[ \t\u00a0]+(?=\n)|(?<=\n)[ \u00a0]+/g, '').replace(/[ \u00a0]{2,}/g, ' ');
}

const TRAIL = /[。.!！~～\s,，;；]+$/u;
const PARTICLES = /(吧|呀|啊|哈|嘛|呗|啦|哇|嘞|哦|喔|噢|哟|了吧|一下吧|please|pls|plz)+$/i;

/** A word that names a part of the thing being asked ("目标值改成…"). */
const PART_ONLY: Array<[RegExp, string]> = [
  [/^(目标值|目标|target)/, 'target'],
  [/^(实际完成值|实际值|完成值|实际数|实际|actual)/, 'actual'],
  [/^(自评分|自评)/, 'selfScore'],
  [/^(预算数|预算)/, 'budget'],
];

function isQuestion(s: string): boolean {
  return QUESTION.test(s);
}

/** The first mention that is an indicator, else the first one. */
function mainMention(ms: Mention[]): Mention | undefined {
  return ms.find((m) => m.ref.kind === 'indicator') ?? ms[0];
}

/** The indicator an intent is about when the text names none: the one asked, else the last discussed. */
function currentIndicator(ctx: UnderstandContext): number | undefined {
  if (ctx.slot.kind === 'indicator') return ctx.slot.index;
  return ctx.lastIndicator;
}

/** A field that feeds a computed indicator (支付数 → 预算执行率) names that indicator. */
function computedFor(ref: Ref, form: Form): number | undefined {
  if (ref.kind !== 'field') return undefined;
  if (!['funds.paid', 'budget.initial', 'budget.adjustment'].includes(ref.path)) return undefined;
  const i = form.indicators.findIndex((x) => /预算执行率/.test(x.name));
  return i >= 0 ? i : undefined;
}

function explicitCommand(s: string): Intent | undefined {
  // "pass 下一个", "跳过，下一题": two ways of saying skip.
  const words = s.split(/[\s,，]+/).filter(Boolean);
  if (words.length === 2 && words.every((w) => explicitCommand(w)?.kind === 'skip')) return { kind: 'skip' };
  if (/^(上一步|上一题|上一个|返回|后退|返回上一步|返回上一题|返回上一个|回上一题|回到上一题|回到上一步|回到上一个|回到上一个问题|回到上一题|back|previous|prev|go back)$/i.test(s)) return { kind: 'back' };
  if (/^(先?跳过(这个|这题|这一项|这项)?|skip|略过|暂不填写?|暂时不填|以后再(填|写|说)|先不(填|写)(这个|这项|了)?|不填了|这个先不填|pass|下一题|下一项|下一个|next)$/i.test(s)) return { kind: 'skip' };
  return undefined;
}

/** Intents the cue words give that the classifier may overrule when it is very sure of another. */
const CUED = new Set<IntentKind>(['why', 'lostPoints', 'howToFull', 'fieldHelp', 'scoreNow', 'progress', 'help', 'preview', 'undo', 'redo', 'back', 'skip']);
/** How sure the classifier must be to overrule the cue words. */
const OVERRULE = 0.8;

/** Understands one message. Never throws; anything not understood is an answer or a fallback. */
export function understand(input: string, ctx: UnderstandContext): Intent {
  const memo: Memo = {};
  const ruled = byRules(input, ctx, memo);
  // "满意度为95%" at the question of 满意度 answers it with the value (a sign said as 调减 is in the value: rows.labelled).
  if (ruled.kind === 'correction' && asksFor(ruled.ref, ctx) && !/(错|改|更正|修正|不对|才对|应该|应为|应是|其实|实际上)/.test(input)) return { kind: 'answer', text: ruled.value };
  if (!CUED.has(ruled.kind)) return ruled;
  const s = normalize(typeof input === 'string' ? input : '').replace(TRAIL, '');
  // A word ("预览", "撤回") is what the cue words read best.
  if ([...s].length > 60 || [...s].length <= 2 || explicitCommand(s.replace(PARTICLES, '').replace(TRAIL, ''))) return ruled;
  const g = guess(s, ctx, memo.found ?? (() => findMentions(compact(s), ctx.form, { fuzzy: false })));
  // Undo and redo are told apart by the cue words ("不撤了 恢复刚才的修改", "撤销多了…加回来"), never by the classifier.
  const undoRedoKept = (ruled.kind === 'redo' || ruled.kind === 'undo') && (g.intent?.kind === 'undo' || g.intent?.kind === 'redo' || g.intent?.kind === 'back');
  // "怎么拿的满分" asks why it was got (the classifier, which does not see 的, reads how to get it).
  const gotAlready = ruled.kind === 'why' && g.intent?.kind === 'howToFull' && /(怎么|咋|如何)(拿|得|给|算)的|(还|就|都|也)是\S{0,2}满分/.test(s);
  if (g.intent && g.intent.kind !== ruled.kind && (CUED.has(g.intent.kind) || g.intent.kind === 'export') && g.p >= OVERRULE && !undoRedoKept && !gotAlready) return g.intent;
  return ruled;
}

/** The reference is the very question being asked. */
function asksFor(ref: Ref, ctx: UnderstandContext): boolean {
  const slot = ctx.slot;
  if (ref.kind === 'field') return slot.kind === 'field' && slot.path === ref.path;
  if (ref.kind === 'indicator') return slot.kind === 'indicator' && slot.index === ref.index && (ref.part ?? 'actual') === slot.part;
  return false;
}

/** The form's names found in the message, when the rules looked for them (kept for the classifier). */
type Memo = { found?: ReturnType<typeof findMentions> };

/** The cue words and the structural rules, with the classifier where they are unsure. */
function byRules(input: string, ctx: UnderstandContext, memo: Memo): Intent {
  const text = normalize(typeof input === 'string' ? input : '');
  const s = text.replace(TRAIL, '');
  const bare = s.replace(PARTICLES, '').replace(TRAIL, '');
  const length = [...s].length;

  if (ctx.yesNo) {
    const yn = readYesNo(s);
    if (yn !== undefined) return { kind: 'yesNo', yes: yn };
  }
  // The common case first: a number with at most a short unit ("1900万元", "10%", "5859平方米") is an answer.
  if (/^[=≥≤<>+\-负]?\d[\d,.]*\s?[^\s\d,，;；:：]{0,4}$/u.test(s) && !/[?？吗呢]$|咋|怎|啥|什么|为|哪|多少/.test(s) && !/^3[qx]$/i.test(s)) return { kind: 'answer', text: input };

  // "跟拨款数一样", "同目标值": the value of another field, or the indicator's own target, as the answer.
  const same = length <= 24 ? sameAs(s, ctx) : undefined;
  if (same !== undefined) return { kind: 'answer', text: same };

  // Pasted rows (several lines, tab- or comma-separated) at a list or an indicator question.
  const rows = ctx.reason ? undefined : readRows(text, ctx.slot);
  if (rows) return { kind: 'rows', rows };

  // The header in one message ("名称：…；年度2021；主管部门：…") at a header question.
  if (ctx.slot.kind === 'field' && ctx.slot.path.startsWith('project.') && !ctx.reason) {
    const header = readHeader(text);
    if (header) return { kind: 'answers', items: header };
  }

  // A reason after 跳过 / 保留, or a long text at a free-text question: commands only.
  // A sentence of several clauses at a narrative question that does not end as a question (nor says
  // something was wrong) is the narrative too.
  const narrative = ctx.slot.kind === 'field' && ctx.slot.path.startsWith('narrative.');
  const paragraph = narrative && length > 24 && /[,，;；:：]/.test(s) && !/[?？吗呢么]$/.test(s) && !WRONG.test(s);
  if (ctx.reason || (ctx.freeText && length > 40) || paragraph || text.includes('\n') && ctx.freeText && ctx.slot.kind === 'field') {
    const cmd = legacy(text, ctx, true);
    if (cmd && cmd.kind !== 'set' && cmd.kind !== 'selfScore' && cmd.kind !== 'note') return cmd;
    return { kind: 'answer', text: input };
  }

  const lower = bare.toLowerCase();
  const exact = explicitCommand(bare);
  if (exact) return exact;

  if (REDO.test(lower) && !RESTORE_BEFORE.test(lower) && length <= 30) return { kind: 'redo' };
  if (UNDO.test(lower) && length <= 30) return { kind: 'undo' };
  // 好 / 行 / ok are answers where an answer can be one (a grade, a yes to a self-score, 好了 ending a list).
  const answering = (ctx.slot.kind === 'indicator' && (ctx.slot.part === 'selfScore' || ctx.slot.part === 'grade')) || ((ctx.slot.kind === 'subItems.add' || ctx.slot.kind === 'indicators.add') && /^(好了|好|行|ok)$/i.test(bare));
  if (THANKS.test(bare) && !(answering && !/谢|thank|thx|辛苦|🙏/i.test(bare))) return { kind: 'smallTalk', what: /谢|thank|thx|辛苦|🙏/i.test(bare) ? 'thanks' : 'ok' };
  if ((LAUGH_WAIT.test(bare) || LAUGH_WAIT.test(s)) && !/\d/.test(s)) return { kind: 'smallTalk', what: 'ok' };
  if (PING.test(bare) && bare !== '') return { kind: 'smallTalk', what: /在|有人|喂|[?？]/.test(bare) ? 'ping' : 'hello' };

  if (length <= 60) {
    const ex = exportIntent(lower);
    if (ex) return ex;
  }

  // The form's names are looked for only where they matter (a question, the review), not in a plain answer.
  const mentions = () => (memo.found ??= length <= 80 ? findMentions(compact(s), ctx.form) : { mentions: [] as Mention[] });

  // Corrections said naturally: "X填错了，应该是Y", "Y才对，X刚才写错了", "X改成Y", "子项2的预算改成Y".
  if (length <= 80 && !/[?？吗呢么]$|多少(?!钱(那|这|的那))|来着|是不是|是否|为什么|为啥|为嘛|为何/.test(s)) {
    const corr = correction(s, ctx);
    if (corr) return corr;
  }

  // Skip / back said in a sentence ("这个先跳过", "上一个问题填错了 返回一下"): no figure in it.
  if (length <= 20 && !/\d/.test(s)) {
    // "不知道，先空着": not knowing is no question when the message skips.
    if (SKIP_CUE.test(lower) && !isQuestion(s.replace(/不(太|大|是很)?(知道|清楚|懂|明白|会填)/g, ''))) return { kind: 'skip' };
    if (BACK_CUE.test(lower) && !/(为什么|为啥|怎么|是什么)/.test(lower)) return { kind: 'back' };
  }
  // "看下扣分项", "列一下失分项": the lost-point list, asked without a question word.
  if (length <= 20 && /(扣分|失分|丢分|扣了分|没拿满分?|没得满分?|没满分|不满分|没拿到满分)的?(项|指标|的地方|情况|明细|清单)|(列|列出|看|显示)\S{0,3}(扣分|失分|丢分)的|(扣分|失分|丢分)的\S{0,3}(列|给我|发我)/.test(lower) && !mentions().mentions.some((m) => m.exact && m.ref.kind === 'indicator')) return { kind: 'lostPoints' };

  // "合规，没啥问题", "是合规的呢，审计也没查出问题": the word asked for first, then a remark.
  const leading = length <= 60 ? leadsWithWord(s, input, ctx) ?? leadsWithFigure(s, ctx) : undefined;
  if (leading) return { kind: 'answer', text: leading };
  // "调减812.5，领导批的" at another question: a labelled value of another field, then a remark.
  const other = length <= 60 ? labelledThenRemark(s, ctx) : undefined;
  if (other) return { kind: 'correction', ref: other.ref, value: other.value };
  // "问卷统计是98.5%，有几个人没打满分": the figure asked, with a remark that only sounds like a question.
  if (length <= 60 && isQuestion(s)) {
    const figure = assertedFigure(s, ctx, mentions);
    if (figure !== undefined) return { kind: 'answer', text: figure };
  }
  if (length <= 60 && isQuestion(s)) {
    const found = mentions();
    const q = question(s, s.toLowerCase(), ctx, found.mentions, found.ambiguous);
    if (q) return q;
  }
  if (length <= 12 && SCORE_NOW.test(lower) && !/\d/.test(lower)) return { kind: 'scoreNow' };
  if (length <= 20 && /\bhelp\b/i.test(lower)) return { kind: 'help' };
  if (length <= 40 && PREVIEW.test(lower)) return { kind: 'preview' };
  if (length <= 40 && PROGRESS.test(lower)) return { kind: 'progress' };

  if (length <= 30 && NEWCOMER.test(lower) && !/\d/.test(s) && mentions().mentions.length === 0) return { kind: 'help' };
  // "功能介绍一下", "介绍下你的功能": asked for in so many words, even where a name is the answer.
  if (length <= 16 && /^(请|麻烦)?(你的?|介绍一?下你?的?)?(功能|用法|使用方法|使用说明|操作说明)(介绍|说明|简介|列表|有哪些)?(一下|下)?$|^介绍(一下|下)?(你自己|你|自己)$/.test(lower)) return { kind: 'help' };
  // "我先去开个会，一会回来接着弄": away for a while, back later.
  if (length <= 24 && /(一会儿?|等会儿?|待会儿?|过会儿?|晚点|马上)(就)?(回来|再(弄|填|来|说|搞|写))/.test(lower) && !/\d/.test(s) && !isQuestion(s) && mentions().mentions.length === 0) return { kind: 'smallTalk', what: 'ok' };
  // "等下 开个会回来再弄", "稍等哈，领导叫我": a wait with its reason, even where a word is the answer.
  if (length <= 20 && /^(稍等|等一?下|等会儿?|等等|马上|先等等?|你先等等?|等我一?下|等我一?(歇|息|晌|会儿?))(哈|啊|呀|下|一下)?([,，\s]|$)/.test(lower) && !/\d/.test(s) && !isQuestion(s) && mentions().mentions.length === 0) return { kind: 'smallTalk', what: 'ok' };
  // "讲个笑话", "今天下雨不": off the form's topic; at a text question only when asked for.
  if (length <= 16 && OFF_TOPIC.test(lower) && !/\d/.test(s) && (!ctx.freeText || /^(给我|帮我|讲|说|来|你|今天|明天|明朝|后天)|[吗不没呢伐?？]$|阿(会|要|是)/.test(lower)) && mentions().mentions.length === 0) return { kind: 'fallback' };
  // "帮我写个年终总结": writing for the user is not something the bot does, even at a text question.
  if (length <= 30 && /^(请|麻烦你?|能不能|可以|你)?(帮我|帮忙|替我|给我|帮)(把\S{1,14}?)?(写|编|起草|拟|撰写|代写|查|查询|查一?下|订|预订|买|翻译|问问)(一?个|一?份|一?篇|一下|下)?\S{0,22}$/.test(lower) && !EXPORT_VERB.test(lower) && mentions().mentions.length === 0) return { kind: 'fallback' };
  // Thanks at length, with nothing asked or named: small talk.
  if (length <= 40 && THANKS_LONG.test(lower) && !/\d/.test(s) && !isQuestion(s) && !ctx.freeText && mentions().mentions.length === 0) return { kind: 'smallTalk', what: 'thanks' };
  if (length <= 200) {
    const items = readAnswers(text, ctx.form);
    if (items) return { kind: 'answers', items };
    // Names with figures, some not on the form yet, while indicators are being filled: table rows.
    if (ctx.slot.kind === 'indicator' || ctx.slot.kind === 'indicators.add') {
      const rows = namedFigures(text, ctx.form);
      if (rows) return { kind: 'rows', rows };
    }
  }

  const cmd = legacy(text, ctx, ctx.freeText);
  if (cmd) return cmd;
  // One labelled value ("年初预算1800"): the answer at its own question, a correction elsewhere.
  if (length <= 40 && !ctx.freeText) {
    const one = labelled(text, ctx.form);
    if (one) return asksFor(one.ref, ctx) ? { kind: 'answer', text: one.value } : { kind: 'correction', ref: one.ref, value: one.value };
  }
  // What the cue words did not recognise: the classifier reads it (see classifier.ts).
  const g = length <= 60 && (isQuestion(s) || ctx.slot.kind === 'review' || answerBar(s, ctx, 'help') < Infinity) ? guess(s, ctx, memo.found ?? (wordy(ctx) ? () => findMentions(compact(s), ctx.form, { fuzzy: false }) : findMentions(compact(s), ctx.form, { fuzzy: false }))) : undefined;
  const read = g?.intent;
  // Where the alternative is the fallback, a reading that only shows something may be taken when less sure.
  const leaning = read !== undefined && read.kind !== 'answer' && read.kind !== 'fallback' && g!.p >= (SHOWS.has(read.kind) ? LEAN : SURE);
  if (length <= 60 && isQuestion(s)) {
    if (leaning) return read;
    const found = mentions();
    if (found.ambiguous) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
    return { kind: 'fallback' };
  }
  if (ctx.slot.kind === 'review') {
    const main = mainMention(mentions().mentions);
    if (leaning) return read;
    if (main && main.ref.kind === 'indicator') return { kind: 'why', target: { kind: 'ref', ref: main.ref } };
    return { kind: 'fallback' };
  }
  // An answer stays an answer unless the text reads clearly as something else: a figure at a number
  // question, a paragraph at a free-text one are never taken away from the question.
  if (read && g.p >= answerBar(s, ctx, read.kind) && (read.kind !== 'fallback' || g.p >= SURE_FREE)) return read;
  return { kind: 'answer', text: input };
}

/**
 * The value a message points to as the answer ("支付数跟拨款数一样的", "和财政拨款数相同", "同目标值",
 * "跟目标一样"): a figure question's answer given as another field's value already on the form, or an
 * indicator's actual given as its target. Undefined when nothing named has a value.
 */
function sameAs(s: string, ctx: UnderstandContext): string | undefined {
  const m = /^(?:(.{0,10}?)(?:跟|和|与|同|等于|就是|也是))?(.{1,12}?)(?:的(?:数|值|数字|金额))?(?:一样|一致|相同|相等|同)?(?:的)?$/.exec(s.replace(PARTICLES, ''));
  if (!m || !/(跟|和|与|同|等于|就是|也是).{1,12}(一样|一致|相同|相等)|^(同|等于)/.test(s)) return undefined;
  const named = compact(m[2]);
  const slot = ctx.slot;
  if (slot.kind === 'indicator' && slot.part === 'actual' && /^(目标值?|目标数|计划|计划数|预期|预期值)$/.test(named)) {
    const target = ctx.form.indicators[slot.index]?.target?.replace(/^[=≥≤＝]\s*/, '').trim();
    return target && /\d/.test(target) ? target : undefined;
  }
  if (slot.kind !== 'field' || !/^(budget|funds)\./.test(slot.path)) return undefined;
  const r = resolveRef(named, ctx.form, { partial: false });
  if (!r.ok || r.ref.kind !== 'field' || r.ref.path === slot.path) return undefined;
  const v = getField(ctx.form, r.ref.path);
  return v === undefined ? undefined : String(v);
}

/** The question is answered in words (a name, a text, a grade, 合规/完成): most messages here are answers. */
function wordy(ctx: UnderstandContext): boolean {
  const slot = ctx.slot;
  if (ctx.freeText) return true;
  if (slot.kind !== 'indicator') return false;
  const ind = ctx.form.indicators[slot.index];
  return slot.part === 'grade' || slot.part === 'selfScore' || (ind !== undefined && !/\d/.test(ind.target ?? ''));
}

/** Chinese numerals or a figure: an answer to a number question. */
const FIGURE = /\d|[零一二两三四五六七八九十百千万亿]{2,}|百分之|百分百|^[一二两三四五六七八九十]$/;

/** Readings that ask about the form: at a free-text question they need a question word to count. */
const ASKING = new Set<IntentKind>(['why', 'howToFull', 'lostPoints', 'fieldHelp', 'correction', 'fallback']);

/** How sure the classifier must be to take a message away from the question being asked. */
function answerBar(s: string, ctx: UnderstandContext, kind: IntentKind): number {
  const slot = ctx.slot;
  const n = [...s].length;
  const asks = isQuestion(s);
  if (ctx.freeText) return n > 24 || (ASKING.has(kind) && !asks) ? Infinity : SURE_FREE;
  if (FIGURE.test(s) && !asks) return Infinity;
  if (slot.kind === 'indicator') {
    // A grade or a self-score is answered with a word (较好, 好的): only a question is taken away.
    if (slot.part === 'grade' || slot.part === 'selfScore') return asks ? SURE : Infinity;
    // A word answers a qualitative indicator (合规, 完成, 获得).
    const ind = ctx.form.indicators[slot.index];
    if (ind && !/\d/.test(ind.target ?? '')) return asks ? SURE : SURE_FREE;
  }
  return SURE;
}

/** Thresholds: the classifier's reading is taken when it is this sure (a free-text answer needs more). */
const SURE = 0.5;
/** Where the rules would say they did not understand, a reading that changes nothing may be this sure, ahead of the next by MARGIN. */
const LEAN = 0.3;
const MARGIN = 0.05;
/** Readings that only show or explain something (a wrong one costs a reply, never a change). */
const SHOWS = new Set<IntentKind>(['why', 'lostPoints', 'howToFull', 'scoreNow', 'preview', 'progress', 'help', 'fieldHelp', 'smallTalk']);
const SURE_FREE = 0.8;

/** The classifier's reading as an intent, with its target found from the form's names; undefined when unsure. */
type Found = ReturnType<typeof findMentions>;

/**
 * The classifier's reading as an intent, with its target found from the form's names; no intent when
 * unsure. `found` is the names found, or a way to find them: then a message that does not ask is read
 * first without looking (the costly part), and the names are looked for only if the reading needs them.
 */
function guess(s: string, ctx: UnderstandContext, found: Found | (() => Found)): { intent?: Intent; p: number } {
  let names = typeof found === 'function' ? undefined : found;
  if (!names && isQuestion(s)) names = (found as () => Found)();
  const masked = names ? maskedText(s, ctx.form, names.mentions) : compact(s);
  // A name alone ("合规", "装修面积") asks nothing.
  if (!/[^ⒾⒻⓈ\d\s]/u.test(masked)) return { p: 0 };
  let r = classify(masked, asks(s));
  if (!names && r.label !== 'answer' && r.p >= LEAN) {
    names = (found as () => Found)();
    if (names.mentions.length > 0) r = classify(maskedText(s, ctx.form, names.mentions), asks(s));
  }
  const intent = r.p >= LEAN && r.p - r.p2 >= MARGIN ? intentOf(r.label, s, ctx, names ?? { mentions: [] }) : undefined;
  return intent ? { intent, p: r.p } : { p: r.p };
}

/** A label of the classifier as an intent, its target found from the form's names. */
function intentOf(label: Label, s: string, ctx: UnderstandContext, found: Found): Intent | undefined {
  const ms = found.mentions;
  const main = mainMention(ms);
  const ind = main?.ref.kind === 'indicator' ? main.ref.index : main ? computedFor(main.ref, ctx.form) : undefined;
  const lower = s.toLowerCase();
  switch (label) {
    case 'why': {
      if (!main && found.ambiguous) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
      if (ind !== undefined) return { kind: 'why', target: { kind: 'ref', ref: { kind: 'indicator', index: ind } } };
      if (main) return { kind: 'why', target: { kind: 'ref', ref: stripPart(main.ref) } };
      if ((/(总|合计|整体|一共|total|我的分|(我|我们|表)的?(分数|得分))/i.test(lower) && !/(这项|这个|这一项|它|this)/.test(lower)) || totalNamed(lower, ctx.form)) return { kind: 'why', target: { kind: 'total' } };
      return { kind: 'why', target: { kind: 'this' } };
    }
    case 'howToFull':
      if (!main && found.ambiguous) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
      return ind !== undefined ? { kind: 'howToFull', index: ind } : { kind: 'howToFull' };
    case 'fieldHelp':
      if (!main && found.ambiguous) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
      if (main) return { kind: 'fieldHelp', ref: main.ref.kind === 'indicator' ? { kind: 'indicator', index: main.ref.index } : stripPart(main.ref) };
      return { kind: 'fieldHelp' };
    case 'export':
      return { kind: 'export', format: exportFormat(lower) };
    case 'smallTalk':
      return { kind: 'smallTalk', what: /谢|thank|thx|辛苦|🙏/i.test(lower) ? 'thanks' : /在|人|喂|[?？]/.test(lower) ? 'ping' : /好|早|hello|hi|hey|嗨|哈喽/i.test(lower) && !/^好/.test(lower) ? 'hello' : 'ok' };
    case 'correction': {
      // "X应当是N", "X填成了A，正确的是N": the thing named first, the last figure said.
      const target = ms.find((m) => m.ref.kind !== 'subItems' && m.ref.kind !== 'derived' && !(m.ref.kind === 'subItem' && m.ref.part === undefined));
      // The old figure said after ("，之前填成3234了", "，我前面写成-812.5了") is not the value.
      const said = s.replace(/[,，;；。\s]*(?:我|刚才|刚刚|之前|前面|原来|原先|上次)*\S{0,3}(?:填成|写成|打成|输成|填的是?|写的是?|填了|写了|错填成?|误填成?)\s*(?:[-+]|负)?\d[\d,.]*\S{0,4}$/u, '');
      const value = /((?:[-+]|负)?\d[\d,.]*\s*(?:万元|万|元|亿元|亿|%|％|[\p{Script=Han}]{0,3})?)[^\d]*$/u.exec(said);
      if (!target || !value || isQuestion(s)) return undefined;
      // "是A 不是B": the figure affirmed, not the last one.
      const affirmed = /((?:[-+]|负)?\d[\d,.]*\s*(?:万元|万|元|亿元|亿|%|％|[\p{Script=Han}]{0,3})?)\s*[,，]?\s*(?:而)?不是\s*[-+负]?\d/u.exec(said);
      const v = correctionValue((affirmed ?? value)[1].replace(/不是$/u, ''), false).replace(/[了的吧啊呀哈才对]+$/u, '').trim();
      return v === '' ? undefined : { kind: 'correction', ref: target.ref, value: v };
    }
    case 'undo':
    case 'redo':
      // Undo and redo change the form: only when the text says so in a word of theirs (never "undefined").
      if (!/撤|恢复|还原|改回|变回|退回|回退|回到|重做|重新|再(做|来|执行|弄|应用)|不要了|作废|取消|\bundo\b|\bredo\b|ctrl|cmd/i.test(lower)) return undefined;
      return { kind: label };
    case 'lostPoints':
    case 'scoreNow':
    case 'preview':
    case 'progress':
    case 'help':
    case 'skip':
    case 'back':
    case 'fallback':
      return { kind: label };
    case 'answer':
      return undefined;
  }
}

/** The message as the classifier reads it: compact, lower case, the form's names masked. */
export function maskedText(s: string, form: Form, found?: Mention[]): string {
  const c = compact(s);
  const ms = found ?? ([...c].length <= 80 ? findMentions(c, form).mentions : []);
  return maskMentions(c, ms.map((m) => ({ start: m.start, end: m.end, kind: m.ref.kind })));
}


function exportIntent(lower: string): Intent | undefined {
  const exact = /^(导出|export|下载|生成文件|生成表格|导出文件|download)(一下|下|来|出来)?$/i.test(lower) || /^(打包|全部导出|都导出)(发我|发给我|下载|给我)?$/.test(lower) || /^(可以|能|能不能|能否|可不可以)(导出|下载|export)(一下|下)?(吗|么|不|嘛)?$/.test(lower) || /^(发|传)(我|给我)?(一下|下)?(个|份|一份)?(表|表格|文件)(给我|过来|吧)?$/.test(lower) || /^(能不能|能否|可以|可不可以|请|麻烦)?(你)?(先|帮我|给我)?(导出|下载)(一份|一下|个|出来|来)/.test(lower) || /(下载|文件)(链接|地址)/.test(lower);
  // Only formats named ("word和excel都要", "excel版就行"): an export in a short message.
  const formats = new RegExp(`^(${WORD_FORMAT.source}|${EXCEL_FORMAT.source})`, 'i').test(lower) && /(版|就行|都要|要$)/.test(lower) || (WORD_FORMAT.test(lower) && EXCEL_FORMAT.test(lower) && /^(要|都要)?\S{2,6}(和|跟|与|加|\+|&|,|、)\S{2,6}(都要|都行|各一份)?$/i.test(lower));
  const verb = EXPORT_VERB.test(lower);
  const doc = DOC.test(lower);
  if (!exact && !formats && !(verb && doc) && !new RegExp(`^要?(${WORD_FORMAT.source}|${EXCEL_FORMAT.source})$`, 'i').test(lower)) return undefined;
  // "不用导出", "先别导出": no file now (a preview, if one is asked for, is read next).
  if (/(不用|不要|别|先别|无需|不需要|暂时不|先不|不必)(导出|下载|生成|发)/.test(lower)) return undefined;
  // Seeing it in the chat ("预览一下", "先看看表再导出"): a preview, the export comes after.
  if (/(看|瞅|瞧|预览|preview|显示|展示)/.test(lower) && (!/(导出|导个|导一份|导成|发|下载|生成|export)/i.test(lower) || /(先|在这里?|这里|聊天里).{0,12}(看|瞅|瞧|预览|preview|显示|展示).{0,16}(再|然后|之后|后再|回头|才)\s*(导出|下载|发|生成)/.test(lower))) return undefined;
  return { kind: 'export', format: exportFormat(lower) };
}

function question(s: string, said: string, ctx: UnderstandContext, ms: Mention[], ambiguous?: { query: string; options: string[] }): Intent | undefined {
  // Scores said in Chinese numerals ("只有七十二分") read as figures.
  const lower = said.replace(/([零一二两三四五六七八九十百]{2,}|[一二两三四五六七八九])分/g, (all, n: string) => {
    const v = parseChineseNumeral(n);
    return v ? `${v.toString()}分` : all;
  });
  const main = mainMention(ms);
  const ind = main?.ref.kind === 'indicator' ? main.ref.index : main ? computedFor(main.ref, ctx.form) : undefined;
  const whyCue = WHY.test(lower);
  const fullCue = HOW_TO_FULL.test(lower);
  const helpCue = HELP_FIELD.test(lower);

  if (ambiguous && !main && (whyCue || fullCue || helpCue)) return { kind: 'ambiguous', query: ambiguous.query, options: ambiguous.options };
  // "总分怎么才72", "满分80我们只有72 原因呢": why the total is what it is, not how to raise it.
  if (lowTotal(lower, ctx.form) && !(main && main.exact && main.ref.kind === 'indicator') && !/(怎么|如何|咋|怎样)?才能|要(怎么|如何)|还差|差(多少|几|啥|什么)|补回|提高|提分/.test(lower)) return { kind: 'why', target: { kind: 'total' } };
  // "布展面积那个8.68是怎么算出来的": a figure that is the indicator's points, not its target or actual.
  if (ind !== undefined && /(怎么|咋|如何)(算|得|来|扣)|依据|根据|口径|计分|算法|(怎么|咋)回事/.test(lower) && saysPoints(lower, ctx.form.indicators[ind])) return { kind: 'why', target: { kind: 'ref', ref: { kind: 'indicator', index: ind } } };
  // "是不是只有执行率扣了分": whether others lost points too — the list answers it.
  if (/(只有|就|仅)\S{1,14}?(扣了?分|失分|丢分|没拿满|没满分)/.test(lower) && /(是不是|吗|么|[?？]|是否)/.test(lower) && !whyCue) return { kind: 'lostPoints' };
  // "除了执行率还有别的扣分吗": the others that lost points.
  if (BESIDES.test(lower) && LOST.test(lower)) return { kind: 'lostPoints' };
  // "总共多少步 现在第几步", "还有啥功能": steps and functions before scores and what is left.
  if (PROGRESS.test(lower) && /(步|题|百分之|百分比)/.test(lower) && !whyCue && !fullCue && !LOST.test(lower)) return { kind: 'progress' };
  if (/(功能|能(干|做)(啥|什么))/.test(lower) && !main) return { kind: 'help' };
  // "这个机器人是干嘛的", "你是做什么的": what the bot is for.
  if (/(机器人|助手|小助手|\bbot\b|你)(到底|主要)?(是|能|可以)?(干|做)(嘛|啥|什么)(用)?的?/.test(lower) && !main) return { kind: 'help' };

  // Which ones lost points ("有哪几项没拿到满分") before how to get them.
  if (LOST.test(lower) && /(哪|which|几项|几个)/i.test(lower) && !(main && main.exact) && !FILL_HOW_MUCH.test(lower) && !/(怎么|怎样|如何|咋)(才|能|拿|得)/.test(lower)) return { kind: 'lostPoints' };
  // How to get full marks: "X要填多少才不扣分", "离满分还差什么", "X填多少合适".
  if ((fullCue && HOW_MUCH.test(lower) && !/^(为什么|为啥|为何)/.test(lower) && !(whyCue && !/(怎么才|如何才|怎样才|怎么拿(?!的)|怎样拿(?!的)|如何拿(?!的))/.test(lower))) || (FILL_HOW_MUCH.test(lower) && ind !== undefined)) {
    return ind !== undefined ? { kind: 'howToFull', index: ind } : { kind: 'howToFull' };
  }
  // "为啥要填X": what X is for, not why it scored so.
  if (/(为什么|为啥|为何|干嘛|干什么)(要|需要|得|还要)(填|写|报|提供)/.test(lower) && !/扣|分/.test(lower)) return main ? { kind: 'fieldHelp', ref: main.ref.kind === 'indicator' ? { kind: 'indicator', index: main.ref.index } : stripPart(main.ref) } : { kind: 'fieldHelp' };
  if (whyCue && (SCOREY.test(lower) || main || /这么|这样/.test(lower)) && (!/(怎么|咋|如何)(填|写|算|计算|理解)/.test(lower) || /扣.{0,3}分.{0,3}(怎么|咋|如何)算|分\S{0,3}(是)?(怎么|咋|如何)(算|得)出来|(怎么|咋|如何)(得|算|拿|给)的?\S{0,3}(满分|\d+(\.\d+)?分)/.test(lower))) {
    if (totalNamed(lower, ctx.form) && !(main && main.exact)) return { kind: 'why', target: { kind: 'total' } };
    if (main) {
      if (main.ref.kind === 'indicator') return { kind: 'why', target: { kind: 'ref', ref: { kind: 'indicator', index: main.ref.index } } };
      const c = computedFor(main.ref, ctx.form);
      if (c !== undefined) return { kind: 'why', target: { kind: 'ref', ref: { kind: 'indicator', index: c } } };
      return { kind: 'why', target: { kind: 'ref', ref: main.ref } };
    }
    if (/(总分|总得分|合计|一共|总共|整体|只有\s*\d|才\s*\d|\d+(\.\d+)?\s*分|total|我的分|(我|我们|我们的|这张表的?|表的?)(分数|得分)|^(分数|得分))/i.test(lower) && !/(这项|这个|这一项|它|this)/.test(lower)) return { kind: 'why', target: { kind: 'total' } };
    const said = legacy(s, ctx, false);
    if (said?.kind === 'why' || said?.kind === 'ambiguous') return said;
    return { kind: 'why', target: { kind: 'this' } };
  }
  const named = main !== undefined && main.exact;
  if (LOST.test(lower) && (WHICH.test(lower) || /(有|都)/.test(lower)) && !named) return { kind: 'lostPoints' };
  if (/(哪些|哪几|哪个|哪儿|哪里|哪项)/.test(lower) && /(扣|失分|丢分|没拿满|没满分)/.test(lower) && !named) return { kind: 'lostPoints' };
  if (helpCue) {
    // "竣工完成度指的啥" before 竣工完成度 is on the form (also "项目布展面积指…" when only 装修面积 is: its 面积
    // is no mention of it): an indicator's name said, not one of the form's.
    const named = unknownIndicator(s, ctx.form);
    if (named && !ambiguous && (!main || main.start < [...named].length)) return { kind: 'fieldHelp', name: named };
    if (main) return { kind: 'fieldHelp', ref: main.ref.kind === 'indicator' ? { kind: 'indicator', index: main.ref.index } : stripPart(main.ref) };
    if (/(项目名|名称)/.test(lower)) return { kind: 'fieldHelp', ref: { kind: 'field', path: 'project.name' } };
    if (/((不|勿|弗)(太|大|是很)?(知道|晓得|清楚|懂|明白|会填)|(搞|弄|看)(不|勿)懂|这里|这个|这项|这一项|这儿|这一段|这段|这一栏|this)/.test(lower) || /^(是什么|是啥|什么意思|啥意思|填什么|填啥|写什么|写啥|怎么填|咋填|怎么写)$/.test(lower)) return { kind: 'fieldHelp' };
  }
  if (SCORE_NOW.test(lower) && !main) return { kind: 'scoreNow' };
  if (PROGRESS.test(lower)) return { kind: 'progress' };
  if (HELP.test(lower) && !main) return { kind: 'help' };
  if (PREVIEW.test(lower)) return { kind: 'preview' };
  if (fullCue && !main) return { kind: 'howToFull' };
  if (main && main.ref.kind === 'indicator' && /(分|得分|score)/.test(lower) && !helpCue) return { kind: 'why', target: { kind: 'ref', ref: { kind: 'indicator', index: main.ref.index } } };
  return undefined;
}

/**
 * The one figure of a statement answering a figure question: the text asks nothing (no why/how/which
 * word, no question mark), changes nothing, names nothing else, and has one figure in the unit of the
 * question (the indicator's target's unit, or an amount). Undefined otherwise.
 */
function assertedFigure(s: string, ctx: UnderstandContext, mentions: () => Found): string | undefined {
  const slot = ctx.slot;
  let unit: RegExp;
  if (slot.kind === 'indicator' && slot.part === 'actual') {
    const target = ctx.form.indicators[slot.index]?.target ?? '';
    const u = /\d\s*(%|％|[^\d\s.,，;；]{1,4})?\s*$/u.exec(target.replace(/(及其|及)?以(上|下)$/, ''));
    if (!u) return undefined;
    unit = u[1] ? (/[%％]/.test(u[1]) ? /^\s*(%|％)/ : new RegExp(`^\\s*${escapeRe(u[1])}`)) : /^(?!\s*[%％])/;
  } else if (slot.kind === 'field' && /^(budget|funds)\./.test(slot.path)) unit = /^\s*(万元|万|元)?(?![%％])/;
  else return undefined;
  s = percentWords(s);
  if (/[?？吗呢么]$|为什么|为啥|为何|怎么|咋|如何|多少|哪|啥|什么|是否|能否|可否|要不要|是不是|改|错|不对/.test(s)) return undefined;
  // Words that change the figure (调减, 负, 追加, 万) are read by the question's own parser, with the whole text.
  if (/减|负|扣|追加|增加|退|亿|千|百(?!分)/.test(s)) return undefined;
  // An estimate is no figure to record ("约1900", "8000多人", "1900左右"): the question's own check says so.
  if (/约|大概|大致|左右|差不多|将近|接近|上下|估计|预计|\d\s*多|余|超过|不到|不足|至少|最多|以上|以下|多于|少于/.test(s)) return undefined;
  const figures = [...s.matchAll(/(?<![\d.])[-+]?\d[\d,]*(?:\.\d+)?/g)];
  if (figures.length !== 1) return undefined;
  const f = figures[0];
  const after = s.slice(f.index! + f[0].length);
  const u = unit.exec(after);
  if (!u) return undefined;
  if (mentions().mentions.some((m) => !(slot.kind === 'indicator' && m.ref.kind === 'indicator' && m.ref.index === slot.index) && !(slot.kind === 'field' && m.ref.kind === 'field' && m.ref.path === slot.path))) return undefined;
  // A command with a number ("切换 2", "删除 3") is the command.
  const cmd = parseCommand(s, { freeText: false });
  if (cmd && cmd.kind !== 'set') return undefined;
  return `${f[0]}${u[0].trim()}`;
}

/**
 * The message opens with the word a qualitative indicator asks for (its target, or the target with
 * 不/未/没有 before it), then a remark that asks nothing: "合规，没啥问题", "是合规的呢，审计也没查出问题".
 * The word is the answer and the remark is not recorded; when the word says it was not (or partly) met,
 * the whole message as typed is (it describes the actual).
 */
function leadsWithWord(s: string, input: string, ctx: UnderstandContext): string | undefined {
  const slot = ctx.slot;
  if (slot.kind !== 'indicator' || slot.part !== 'actual') return undefined;
  const target = ctx.form.indicators[slot.index]?.target?.trim() ?? '';
  if (target === '' || /\d/.test(target)) return undefined;
  const said = firstAndRemark(s, true);
  if (!said) return undefined;
  const word = compact(said.first).replace(/^(是|都是|就是|应该是|应该|肯定|当然|确实|都|全部|完全)+/, '').replace(/(的|了|呢|吧|啊|呀|哈|嘛|哦)+$/, '');
  const partial = new RegExp(`^(不|未|没有?|基本)${escapeRe(compact(target))}$`).test(word);
  if (!partial && word !== compact(target)) return undefined;
  const remark = said.remark.replace(/没有?(啥|什么|任何)(问题|毛病|异常|差错)/g, '');
  // A self-score or a figure after it ("合规 自评分 4") is read by the question itself.
  if (/\d|自评|分/.test(remark) || ASKS_OR_CHANGES.test(remark)) return undefined;
  // Not met or partly met: the whole description is the actual (the grade is asked from it).
  return partial ? input : word;
}

/**
 * The figure asked for first, alone or with its own name, then a remark with no figure that asks and
 * changes nothing: "满意率百分百，发的问卷都打的满意", "812.101021，已经全部支付了". The first clause is the answer.
 */
function leadsWithFigure(s: string, ctx: UnderstandContext): string | undefined {
  const slot = ctx.slot;
  const figureSlot = (slot.kind === 'indicator' && slot.part === 'actual' && /\d/.test(ctx.form.indicators[slot.index]?.target ?? '')) || (slot.kind === 'field' && /^(budget|funds)\./.test(slot.path));
  if (!figureSlot) return undefined;
  const said = firstAndRemark(s, false);
  if (!said || /\d|约|大概|左右|多|余|减|负/.test(said.remark) || ASKS_OR_CHANGES.test(said.remark)) return undefined;
  const first = said.first;
  const value = percentWords(first);
  if (/^[-+]?\d[\d,.]*\s*(%|％|万元|万|元|[\p{Script=Han}]{1,4})?$/u.test(value) && !/(约|多|余|左右)/.test(value)) return first;
  const own = labelled(value, ctx.form);
  return own && asksFor(own.ref, ctx) ? own.value : undefined;
}

/** A labelled value of something other than the question (its first clause), then a remark that asks and changes nothing. */
function labelledThenRemark(s: string, ctx: UnderstandContext): { ref: Ref; value: string } | undefined {
  const said = ctx.freeText ? undefined : firstAndRemark(s, false);
  if (!said || /\d|约|大概|左右/.test(said.remark) || ASKS_OR_CHANGES.test(said.remark)) return undefined;
  // A remark that names something of the form is another value ("…，采购规范性规范"), not a remark.
  if (findMentions(compact(said.remark), ctx.form, { fuzzy: false }).mentions.length > 0) return undefined;
  const one = labelled(percentWords(said.first), ctx.form);
  return one && !asksFor(one.ref, ctx) ? one : undefined;
}

/** A remark that asks something or says something was wrong: then the message is not an answer with a remark. */
const ASKS_OR_CHANGES = /[?？]|吗|为什么|为啥|为何|怎么|咋|如何|什么|啥|哪|是否|能否|改|错|不对/;

/** The first clause of a message and the rest as one remark (clauses split at punctuation, and at spaces when asked); undefined for one clause. */
function firstAndRemark(s: string, atSpaces: boolean): { first: string; remark: string } | undefined {
  const [first, ...rest] = s.split(atSpaces ? /[,，;；。!！\s]+/ : /[,，;；。!！]+/).map((x) => x.trim()).filter(Boolean);
  return first && rest.length > 0 ? { first, remark: rest.join('，') } : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text has a figure that can only be the indicator's points: at most its weight, neither its target nor its actual, no unit. */
function saysPoints(lower: string, ind: Form['indicators'][number] | undefined): boolean {
  if (!ind) return false;
  // Without a weight of its own (split by the rules), no indicator is worth more than a category's 30.
  const weight = leadingFigure(String(ind.weight ?? 30));
  const own = [ind.target, ind.actual].map((x) => (x === undefined ? undefined : leadingFigure(String(x))));
  for (const m of lower.matchAll(/(?<![\d.])\d+(?:\.\d+)?(?![\d.])(?!\s*(?:%|％|万|元|人|平|个|次|项|天|年|月))/g)) {
    const n = leadingFigure(m[0]);
    if (n && weight && n.lte(weight) && !own.some((o) => o?.eq(n))) return true;
  }
  return false;
}

/** What an indicator's name ends with (面积, 人数, 完成度, 满意度, 率…). */
const INDICATOR_NAME = /^(?:请问|问一下|想问一?下|我想问一?下)?([\p{Script=Han}]{2,12}?(?:面积|人数|人次|数量|个数|次数|完成度|满意度|达标率|覆盖率|完成率|合格率|及时率|知晓率|利用率|使用率|率|度|时长|周期|成本|规模))(?:这个指标|这一?项|这个|指标)?(?:一般|到底|具体|主要)?(?:都|是)?(?:是|指|填|写|要|怎么|咋|啥|什么|如何)/u;

/** The indicator a question names when it is none of the form's: the name before "指的啥 / 怎么填 / 是什么". */
function unknownIndicator(s: string, form: Form): string | undefined {
  const m = INDICATOR_NAME.exec(s.replace(/\s+/g, '')) ?? /^(?:请问|问一下)?([\p{Script=Han}]{2,14}?)(?:这个指标|这项指标|这一指标)/u.exec(s.replace(/\s+/g, ''));
  // A name, not words about the question ("不太清楚这个数", "我们这个完成度").
  if (!m || /(不|没|这|那|该|我|你|他|清楚|知道|懂|明白|请|问|啥|什么)/.test(m[1])) return undefined;
  // A name of the form (or a short form of one, or a field) said whole is known.
  const key = compact(m[1]);
  const known = findMentions(key, form, { fuzzy: true }).mentions.some((x) => x.start === 0 && x.end >= key.length) || form.indicators.some((ind) => distance(key, compact(ind.name), 1) <= 1);
  return known ? undefined : m[1];
}

/** A correction of `ref` to the value said (without the words said after it); none when nothing is left. */
function corrected(ref: Ref, raw: string): Intent | undefined {
  const free = ref.kind === 'field' && /^(narrative\.|project\.)/.test(ref.path);
  const value = correctionValue(raw, free);
  if (value === '' || (WRONG.test(value) && value.length < 4)) return undefined;
  return { kind: 'correction', ref, value };
}

/**
 * The total is meant: 总分 / 总得分 / 评分 said of the whole, or a score in 分 above any indicator's
 * weight ("72分是怎么算出来的").
 */
function totalNamed(lower: string, form: Form): boolean {
  if (/(总分|总得分|总评分)/.test(lower) || (/^(评分|得分|分数)/.test(lower) && !/(这项|这个|这一项|它|this)/.test(lower))) return true;
  const m = /(?<![\d.])(\d+(?:\.\d+)?)\s*分(?!之)/.exec(lower);
  if (!m) return false;
  const most = Math.max(0, ...form.indicators.map((i) => Number(i.weight ?? 0)));
  return Number(m[1]) > Math.max(most, 30);
}

/** A total said as low: 才 / 只有 / 只得 before a score above any indicator's weight ("总分才72", "只有72分"). */
function lowTotal(lower: string, form: Form): boolean {
  const m = /(才|只有|只得了?|只拿了?|就(得|拿)?了?)\s*(\d+(?:\.\d+)?)(?!\s*[\d.%％万元人平个次项])/.exec(lower);
  return m !== null && Number(m[3]) <= 100 && totalNamed(`${m[3]}分`, form);
}

function stripPart(ref: Ref): Ref {
  if (ref.kind === 'subItem') return { kind: 'subItem', index: ref.index };
  return ref;
}

/** Saying a figure was mistyped ("多打了个1", "少打了一位", "看串行了"): a correction cue like 填错了. */
const MISTYPED = '(?:填错了?|写错了?|输错了?|弄错了?|搞错了?|打错了?|抄错了?|看错了?|念错了?|说错了?|报错了?|错了|不对|(?:多|少|漏)(?:打|写|填|输|抄|录)了?[^,，;；。\\s]{0,4}|看(?:串|错)(?:行|列)?了?)';
const MISTYPED_THEN = new RegExp(`^(.+?)(?:刚才|刚刚|之前|前面)?${MISTYPED}[,，。;；\\s]*(?:(?:应该|应当|应|实际|正确的?|其实|正确的数|正确数字)(?:是|为|填|写|改成|改为)?|是|为|填|写|改成|改为)\\s*(.+)$`);
const MISTYPED_NAMED = new RegExp(`^(.*?)(?:刚才|刚刚|之前|前面)?${MISTYPED}[,，。;；\\s]+([^,，。;；\\s\\d]{1,12}?)(?:应该|应当|应)?(?:是|为|填|写成?|改成|改为)\\s*([-+=负]?\\d.*)$`);
const MISTYPED_FIGURE = new RegExp(`^(.+?)(?:刚才|刚刚|之前|前面)?${MISTYPED}[,，。;；\\s]+([-+=负]?\\d.*)$`);

/**
 * The value of a correction without the words said after it: "5895 我看串行了" → 5895, "0.5 麻烦改下" →
 * 0.5, "较好吧 其实制度不太全" → 较好, "800不是700" → 800, "填5" → 5. A figure keeps its unit; a
 * free text (a name, a narrative) is kept whole but for a particle at its end.
 */
export function correctionValue(raw: string, free: boolean): string {
  let v = raw.trim().replace(/^(?:改成|改为|填成|写成|换成|叫做|改叫|叫|填|写|为|是|成)\s*(?=\S)/, '');
  // "1200应为1250", "1200改成1250": the old figure, then the value.
  const then = /^[-+=负]?\d[\d,.]*\s*\S{0,3}?\s*(?:应为|应该是|应是|改成|改为|->|→|=>)\s*([-+=负]?\d.*)$/u.exec(v);
  if (then) v = then[1];
  // "…，麻烦更正": the request after the value is not part of it.
  v = v.replace(/[,，;；。\s]*(麻烦|请|劳驾)?(您|你)?(帮忙|帮我)?(更正|修改|改一下|改下|改正|调整)(一下|下)?(吧|哈|谢谢)?$/, '') || v;
  // A value put in quotes ("改成“基础建设”"): the quotes are not part of it.
  const quoted = /^[“"「『《‘']([^”"」』》’']+)[”"」』》’']/.exec(v);
  if (quoted) v = quoted[1];
  // "A不是B", "A，而不是B": the value affirmed.
  const not = /^(.+?)\s*[,，]?\s*(?:而)?不是\s*\S.*$/.exec(v);
  if (not && !/^(不|没)/.test(v)) v = not[1];
  const figure = /^[=≥≤<>]?\s*(?:[-+]|负)?\d[\d,.]*\s*(?:%|％|[^\s\d,，;；。!！?？~～]{0,4})/u.exec(v);
  if (figure && /^[=≥≤<>]?\s*(?:[-+]|负)?\d/.test(v)) {
    // The figure and its unit, up to the first break ("3300平方米，刚填的不对", "8756人次 我看错行了").
    // Words follow, not a figure: a figure after the break is part of what was typed (an invalid "12,34,5" stays invalid).
    const cut = /^(.+?)(?:\s*(?:,(?!\d{3}(?!\d))|[，;；。!！~～])|\s+(?=\S)|(?:吧|哈|啊|呀|哦|了|的|嘞|咯|啦|呢|喔)(?=\s|[,，]|$)|$)/u.exec(v);
    // Only figures after the break ("12,34,5") stay; words after it ("，3和9看串了") are a remark.
    if (cut && !/^[\s,，;；。!！~～]*[-+=负]?\d[\d,.\s%％]*$/.test(v.slice(cut[1].length))) v = cut[1];
    v = v.replace(/(吧|哈|啊|呀|哦|嘞|咯|啦|呢|喔)+$/u, '');
  } else if (!free) {
    // A word (较好, 不合规, 日常运维): up to the first break, without a particle.
    v = v.split(/\s*[,，;；。!！~～]\s*|\s+/u)[0];
    v = v.replace(/(吧|哈|啊|呀|哦|的)+$/u, '');
  }
  return v.trim();
}

/** The leading figure of a text, as a decimal ("1,900万元" → 1900); undefined when none. */
function leadingFigure(text: string): Dec | undefined {
  const m = /^\s*[=≥≤]?\s*([-+]?\d[\d,]*(?:\.\d+)?)/.exec(text.replace(/^负/, '-'));
  if (!m) return undefined;
  try {
    return dec(m[1].replace(/,/g, ''));
  } catch {
    return undefined;
  }
}

/**
 * A correction said with the old figure instead of a name: the name said after the new figure
 * ("1900改成2000 年初预算那个"), else the one value on the form equal to the old figure.
 */
function byOldFigure(old: string, said: string, ctx: UnderstandContext): Intent | undefined {
  const v = /^([-+=负]?\d[\d,.]*\s*(?:%|％|万元|万|元|[^\s\d,，;；。!！~～]{0,3}?))(?:[\s,，;；]+(.*))?$/u.exec(said.trim());
  if (!v) return undefined;
  const named = v[2] ? findMentions(compact(v[2]), ctx.form, { fuzzy: false }).mentions.filter((m) => m.ref.kind === 'indicator' || m.ref.kind === 'field' || (m.ref.kind === 'subItem' && m.ref.part !== undefined)) : [];
  if (named.length === 1) return corrected(named[0].ref, v[1]);
  if (v[2] && named.length > 0) return undefined;
  const was = leadingFigure(old);
  if (!was) return undefined;
  const hits: Ref[] = [];
  const same = (x: unknown) => (typeof x === 'string' || typeof x === 'number') && leadingFigure(String(x))?.eq(was) === true;
  const f = ctx.form;
  for (const [section, fields] of [['budget', f.budget], ['funds', f.funds]] as const) {
    for (const [key, x] of Object.entries(fields as Record<string, unknown>)) if (same(x)) hits.push({ kind: 'field', path: `${section}.${key}` as EditableField });
  }
  f.subItems.forEach((it, index) => {
    if (same(it.budget)) hits.push({ kind: 'subItem', index, part: 'budget' });
    if (same(it.actual)) hits.push({ kind: 'subItem', index, part: 'actual' });
  });
  f.indicators.forEach((ind, index) => {
    if (same(ind.actual)) hits.push({ kind: 'indicator', index, part: 'actual' });
  });
  if (hits.length === 1) return corrected(hits[0], v[1]);
  // Several values are that figure: ask which, each button the message with the name in place of the figure.
  if (hits.length > 1 && hits.length <= 6) return { kind: 'ambiguous', query: old, options: hits.map((r) => refLabel(r, f)) };
  return undefined;
}

/** A name of a value the user can type back (buttons of an ambiguous correction). */
function refLabel(ref: Ref, form: Form): string {
  if (ref.kind === 'field') return FIELD_LABELS[ref.path];
  if (ref.kind === 'indicator') return form.indicators[ref.index].name;
  if (ref.kind === 'subItem') return `${form.subItems[ref.index].name}${ref.part === 'actual' ? '实际支付数' : '预算数'}`;
  return '';
}

/** A request to change at the end of a message ("，麻烦帮我改一下", "帮忙更正下"). */
const CHANGE_PLEASE = /^(.+?)[,，。;；\s]*(?:麻烦(?:你|您)?|请|帮忙|劳驾)?(?:帮我|帮忙|给我)?(?:改|修改|更正|改正|调整|更新)(?:一下|下)?(?:吧|哈|啊|呀|,|，|。|谢谢|thanks)*$/i;

/** "布展面积实际只完成了3200平方米": the text up to the name (kept for the target) and the figure said after it. */
function namedFigure(text: string, ctx: UnderstandContext): RegExpExecArray | null {
  const f = /^(\D{2,20}?)(?:的|实际|实际上|其实|只|才|完成了?|达到了?|是|为|有|共|一共|:|：|\s)*([-+=负]?\d[\d,.]*\s*(?:%|％|[^\s\d,，;；。!！~～]{0,4}))\s*$/u.exec(text.trim());
  if (!f) return null;
  const ms = findMentions(compact(f[1]), ctx.form, { fuzzy: false }).mentions.filter((x) => x.ref.kind === 'indicator' || x.ref.kind === 'field' || (x.ref.kind === 'subItem' && x.ref.part !== undefined));
  return ms.length === 1 ? f : null;
}

function correction(s: string, ctx: UnderstandContext): Intent | undefined {
  const t = s.replace(/\s+/g, ' ');
  let target: string | undefined;
  let value: string | undefined;
  let m: RegExpExecArray | null;
  // "X是A不是B", "X应该是800不是700": A, the value affirmed.
  if ((m = /^(.+?)(?:应该|应当|应|其实|实际上?)?(?:是|为|填|写成?|选)\s*([^,，\s]+?)\s*[,，]?\s*(?:而)?不是\s*([^,，\s]+)(?:[,，\s]+\D*)?$/.exec(t)) && !/(是不是|不是不)/.test(t) && (/\d/.test(m[2]) || [...m[2]].length <= 6) && !/^(不|没)/.test(m[2])) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)才(?:是)?对[,，。;；\s]*(?:是)?(.+?)(?:刚才|刚刚|之前|前面|上面)?(?:填|写|输|弄|打)?错了?$/.exec(t))) {
    value = m[1];
    target = m[2];
  } else if ((m = MISTYPED_THEN.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(?:把|将)?(.+?)(?:改一下|修改一下)?[,，\s]*(?:改成|改为|修改为|修改成|更正为|更改为|更改成|改回到?|改回成|应该是|应该为|应该填|应填|应该写|应该选|应选|选成|改选|应为|应是|调整为|换成|其实是|其实有|实际上是|实际有|修正为|修正成|订正为|更新为|change\s*(?:成|为|到|to)|change|改\s*to)\s*(.+)$/i.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:改一下|修改一下|改下|更正一下|更正|修改)(?:哈|吧|啊|呀)?\s*[:：]\s*(.+)$/.exec(t))) {
    // "主管部门改一下：苏州市中小企业服务中心": the value after the colon.
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)\s*[-+=负]?\d[\d,.]*\S{0,4}?\s*(?:是)?(?:不对|错了|有误|是错的)的?[,，;；\s]*(?:应该|应|其实)?(?:是|为)\s*([-+=负]?\d.*)$/.exec(t))) {
    // "布展面积实际3234不对的，是3243": the figure said wrong, then the right one.
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:实际|应该|应)?(?:填|写)\s*([-+=负]?\d[^,，;；\s]*)[,，;；\s]+(?:之前|原来|刚才|前面|上次)\S{0,10}(?:错|不对|有误)\S{0,3}$/.exec(t))) {
    // "竣工完成度实际填95%，之前100%是错的": the value, then what was wrong before.
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:那栏|这栏|那一?栏|那项|这项|那一?行|这一?行)(?:应该|应)?(?:填|写)(?:成|为)?\s*([-+=负]?\d.*)$/.exec(t))) {
    // "结转那栏填5，我们有一笔结转": the row and its value.
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:应该是|应该为|应为|是|为)\s*([-+=负]?\d[^,，;；。\s]*)[,，;；。\s]+(?:我|刚才|刚刚|之前|前面|上面)*(?:填错了?|写错了?|输错了?|弄错了?|搞错了?|打错了?|念错了?|说错了?|看错了?|报错了?)[了的啊呀吧]*$/.exec(t))) {
    // "年初预算是1950，前面填错了": the value, then the slip.
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:我|刚才|刚刚|之前|前面)*(?:填的是?|写的是?|填了|写了|填成了?|写成了?|报的是?)\s*[^,，;；\s]+[,，;；\s]+(?:其实|实际上?|应该|正确的?)(?:是|为|应该是|有)\s*(.+)$/.exec(t))) {
    // "满意度我刚才填的100%，其实是95%": what was said, then what is right.
    target = m[1];
    value = m[2];
  } else if ((m = MISTYPED_NAMED.exec(t))) {
    // "年初预算我填错了，二下数是2000": the name said again (or for the first time) after the slip.
    target = `${m[1]}，${m[2]}`;
    value = m[3];
  } else if ((m = MISTYPED_FIGURE.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(?:把|将)?(.+?)(?:那项|这项|那个|这个)?(?:改一下|改下|修改一下|更正一下|调整一下|换一下|更正|修改|改)[,，:：\s]*(?:叫做|改叫|叫|填成|写成|填|写|换成|为)\s*(.+)$/.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(?:把|将)?(.+?)(?:那项|这项|那个|这个)?(?:改一下|改下|修改一下|更正一下|调整一下|更正|修改|改)(?:哈|吧|啊|呀)?(?:[,，:：\s]+(.*\d.*)|([-+=负]?\d.*))$/.exec(t))) {
    m[2] = m[2] ?? m[3];
    target = m[1];
    value = m[2];
  } else if ((m = CHANGE_PLEASE.exec(t)) && (m = namedFigure(m[1], ctx))) {
    // "布展面积实际只完成了3200平方米，麻烦帮我改一下": a name, its figure, then the request to change it.
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:不是|不应该是|不该是)\s*[^,，\s]+?[,，\s]*(?:而)?(?:是|应该是|应是|为)\s*(.+)$/.exec(t)) && /\d/.test(m[2])) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)\s*(?:->|→|=>|⇒)\s*(.+)$/.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)实际是\s*(.+)$/.exec(t)) && !(ctx.slot.kind === 'indicator')) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)实际是\s*(.+)$/.exec(t))) {
    target = m[1];
    value = m[2];
  }
  if (target === undefined || value === undefined) return undefined;
  // "1900改成2000", "1900改成2000 年初预算那个": the old figure said instead of the name.
  if (/^[-+负]?\d[\d,.]*\s*(?:万元|万|元|%|％|[\p{Script=Han}]{0,3})$/u.test(target.trim())) return byOldFigure(target.trim(), value, ctx);
  // A question is never a correction ("X是哪个口径的", "X=实际花的钱？").
  if (isQuestion(s) && !/\d/.test(value)) return undefined;
  value = value.replace(/[,，;；。]\s*(刚才|刚刚|之前|前面|不好意思|抱歉|sorry).*$/i, '').replace(/(才对|吧|哈|啊)$/, '').trim();
  // A clause said before the name ("刚才在外面开会…，拨款数多打了个1"): the name is in the last one.
  // When the last clause names nothing ("年初预算我填的1900，其实应该是1950"), the first clause that names something.
  // "满意度我刚才填的100%": what was typed before is no part of the name.
  target = target.replace(/[\s,，;；。!！]+$/, '').replace(/(我们?)?(刚才|刚刚|之前|前面)?(填的是?|写的是?|填了|写了|填成了?|写成了?|报的是?)\s*[^,，\s]*$/, '').replace(/[\s,，;；。!！]+$/, '');
  const clauses = target.split(/[,，;；。!！]/).map((c) => c.trim()).filter(Boolean);
  // At a text question only when a slip is said ("前头基本建设预算写错了，1200应为1250"): a narrative may name things.
  if (clauses.length > 1 && (!ctx.freeText || WRONG.test(target)) && findMentions(compact(clauses[clauses.length - 1]), ctx.form, { fuzzy: false }).mentions.length === 0) {
    const named = clauses.find((c) => findMentions(compact(c), ctx.form, { fuzzy: false }).mentions.some((m) => m.ref.kind !== 'subItems' && m.ref.kind !== 'derived'));
    if (named) {
      const ms = findMentions(compact(named), ctx.form, { fuzzy: false }).mentions;
      // "基本建设那一行，实际数改成…": the row named first, the part named last.
      const last = compact(clauses[clauses.length - 1]).replace(/^(的|那个|这个)/, '');
      const part = PART_ONLY.find(([re]) => (re.exec(last)?.[0].length ?? 0) === last.length)?.[1];
      const row = ms.find((m) => m.ref.kind === 'subItem' || m.ref.kind === 'indicator');
      if (part && row && row.ref.kind === 'subItem' && (part === 'budget' || part === 'actual')) return corrected({ kind: 'subItem', index: row.ref.index, part }, value);
      if (part && row && row.ref.kind === 'indicator' && part !== 'budget') return corrected({ kind: 'indicator', index: row.ref.index, part: part as 'target' | 'actual' | 'selfScore' }, value);
      const first = ms.find((m) => m.ref.kind !== 'subItems' && m.ref.kind !== 'derived' && !(m.ref.kind === 'subItem' && m.ref.part === undefined));
      if (first) return corrected(first.ref, value);
    }
  }
  target = target.split(/[,，;；。!！]/).pop()!.trim().replace(/^(?:(?:等一?下|等等|稍等一?下?|对了|哦对了?|哦|哎呀|唉|哎|嗯|不好意思|抱歉|sorry|那个|我们?|刚刚|刚才|之前|前面|前头|上面|这边|那边|(?:上一步|上一题|上一个|前面|前头|上面)的?)\s*)+/i, '').replace(/(我们?|这边)$/, '');
  const tkey = compact(target.replace(/^(把|将)/, '').replace(/(麻烦|请|帮忙|帮我)?(你|您)?(改|修改|更正)(一)?下?$/, '').replace(/(的值|的数|这个数|那个数|这个|那个|这项|那项)$/, '')).replace(/(那个|这个|那项|这项|那一项|这一项)(?=.)/g, '');
  if (tkey === '') return undefined;
  const exact = resolveRef(tkey, ctx.form, { partial: false });
  if (exact.ok && exact.ref.kind !== 'subItems' && exact.ref.kind !== 'derived' && !(exact.ref.kind === 'subItem' && exact.ref.part === undefined)) return corrected(exact.ref, value);
  const partOnly = PART_ONLY.some(([re]) => (re.exec(tkey)?.[0].length ?? 0) === tkey.length);
  const found = partOnly ? { mentions: [] as Mention[] } : findMentions(tkey, ctx.form);
  if ('ambiguous' in found && found.ambiguous && found.mentions.length === 0) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
  const main = found.mentions[0];
  if (main && main.ref.kind !== 'subItems' && main.ref.kind !== 'derived') {
    // At a free-text question the name must be all there is before 改成 (a narrative may say 改为).
    const whole = main.start <= 1 && main.end >= tkey.length - 1;
    const covered = (ctx.freeText || !main.exact) ? whole : true;
    if (covered) return corrected(main.ref, value);
  }
  // Only a part named ("目标值改成…"): the indicator or 子项 being asked or discussed.
  for (const [re, part] of PART_ONLY) {
    if ((re.exec(tkey)?.[0].length ?? 0) !== tkey.length) continue;
    const s2 = ctx.slot;
    if (s2.kind === 'subItem' && (part === 'budget' || part === 'actual')) return corrected({ kind: 'subItem', index: s2.index, part }, value);
    const i = currentIndicator(ctx);
    if (i !== undefined && ctx.form.indicators[i] && part !== 'budget') return corrected({ kind: 'indicator', index: i, part: part as 'target' | 'actual' | 'selfScore' }, value);
  }
  return undefined;
}

/** The command parser of before, as intents (also catches "X是Y"). */
function legacy(text: string, ctx: UnderstandContext, freeText: boolean): Intent | undefined {
  const cmd = parseCommand(text, { freeText });
  if (!cmd) return undefined;
  switch (cmd.kind) {
    case 'summary':
      return { kind: 'preview' };
    case 'export':
      return { kind: 'export', format: 'both' };
    case 'why': {
      const q = cmd.query;
      if (q === '' || /^(这个|该|此|它|这项|这一项|上一个|上一项|刚才那个|刚才|this|it|this one)?(指标|一项|项)?$/i.test(q)) return { kind: 'why', target: { kind: 'this' } };
      // "为什么它一分都没扣": a pronoun and what happened to it.
      if (/^(这个|它|这项|这一项|该项|此项|那个|那项|this|it)(指标|一项|项)?(一分|一点|分|都|也|就|没|只|才|是|得|拿|扣)/i.test(q)) return { kind: 'why', target: { kind: 'this' } };
      const r = resolveRef(q, ctx.form);
      if (r.ok) return { kind: 'why', target: { kind: 'ref', ref: r.ref } };
      if (r.reason === 'ambiguous') return { kind: 'ambiguous', query: q, options: r.options };
      const f = findMentions(compact(q), ctx.form);
      if (f.mentions[0]) return { kind: 'why', target: { kind: 'ref', ref: f.mentions[0].ref } };
      return { kind: 'why', target: { kind: 'unknown', query: q } };
    }
    case 'selfScore': {
      // "100% 自评分 8" at an actual question is the answer with its self-score.
      if (cmd.query !== '' && ctx.slot.kind === 'indicator' && ctx.slot.part === 'actual') {
        const r = resolveRef(cmd.query, ctx.form, { partial: false });
        if (!(r.ok && r.ref.kind === 'indicator')) return { kind: 'answer', text };
      }
      return cmd;
    }
    case 'set': {
      // "X是Y": a correction when X is a field or an indicator, else (a loose one) not a command.
      const slot = ctx.slot;
      const narrative = slot.kind === 'field' && slot.path.startsWith('narrative.');
      if (!cmd.explicit && freeText && (ctx.reason || narrative || [...cmd.query, ...cmd.value].length > 60)) return undefined;
      // "X，是Y吗" asks; it does not set.
      if (!cmd.explicit && /[?？吗呢么]$|多少|来着|是不是/.test(cmd.value)) return undefined;
      if (isQuestion(text) && !/\d/.test(cmd.value)) return undefined;
      const r = resolveRef(cmd.query, ctx.form, { partial: cmd.explicit || !freeText });
      if (!r.ok) {
        if (!cmd.explicit || (freeText && !/^(把|将)/.test(cmd.query))) return undefined;
        return r.reason === 'ambiguous' ? { kind: 'ambiguous', query: cmd.query, options: r.options } : cmd;
      }
      const ref = r.ref;
      if (ref.kind === 'derived' || ref.kind === 'subItems' || (ref.kind === 'subItem' && ref.part === undefined)) return cmd;
      return { kind: 'correction', ref, value: correctionValue(cmd.value, ref.kind === 'field' && /^(narrative\.|project\.)/.test(ref.path)) || cmd.value };
    }
    default:
      return Intent.parse(cmd);
  }
}
