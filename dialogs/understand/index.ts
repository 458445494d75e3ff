// The understanding layer: a message and its context in, exactly one typed intent out. Pure and
// offline: normalisation, cue words, the form's own names (with short forms, English names and
// one-character typos), no model. A question is told from an answer by what the text says
// (为啥/怎么/吗/？/多少/哪…), never by which question is open.
import { normalizeText, type Form } from '../../rules/index.js';
import { parseCommand, readYesNo } from '../engine/commands.js';
import { resolveRef, nameKey, type Ref } from '../engine/match.js';
import type { Slot } from '../engine/slots.js';
import { Intent } from './intent.js';
import { findMentions, type Mention } from './lexicon.js';
import { readAnswers, readRows } from './rows.js';

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
  return normalizeText(input).replace(/[ \t\u00a0]+(?=\n)|(?<=\n)[ \u00a0]+/g, '').replace(/[ \u00a0]{2,}/g, ' ');
}

const TRAIL = /[。.!！~～\s,，;；]+$/u;
const PARTICLES = /(吧|呀|啊|哈|嘛|呗|啦|哇|嘞|哦|喔|噢|哟|了吧|一下吧|please|pls|plz)+$/i;

const QUESTION = /[?？]|(扣|丢|掉)(光|完|没)了|吗|么$|嘛$|呢|几(点|号|时|天|月)|星期几|为什么|为啥|为嘛|为何|咋|怎么|怎样|如何|多少|哪|什么|啥|几分|几项|几个|是否|能否|可否|\b(what|why|how|which|where|when)\b|不(太|大|是很)?(知道|清楚|懂|明白|会填)|谁|多久|多长时间|有没有|不会用|咋整|(达到|做到|填|要|得)几|了没有?$|(扣|失|丢)分的?原因|原因(是什么|是啥|何在|说|讲)|(是|填|写|算)\S{0,8}还是\S|什么叫|啥叫|何为|何谓/i;
const WHY = /为什么|为啥|为嘛|为何|咋(会|就|才|只|这么|扣|没|一分|0分|零分|是满分|满分|得|拿)|(扣|丢|掉)(光|完|没)了|怎么(会|就|才|只|这么|一分|0分|零分|没|是满分|满分|扣)|什么原因|啥原因|原因是|(扣|失|丢)分的?原因|原因(说|讲|解释)|扣.{0,3}分.{0,3}(怎么|咋|如何)(算|扣|来)|凭(什么|啥)|何故|\bwhy\b|how come/i;
const SCOREY = /扣|满分|总分|只有|才|\d+(\.\d+)?分|一分|零分|0分|得分|分数|低|少|没拿|没有分|不得分/;
const HOW_TO_FULL = /((?<![\d.])100\s?分|一百分|满分|分(数)?高|高点分|多拿点?分|提分|提高分|不扣分|不丢分|拿满|得满|更高分|高分|多得分|多拿分|full marks|full score)/i;
const HOW_MUCH = /(要|需要|得|须|才|怎么|怎样|咋|如何|几|多少|还差|差多少|差啥|差什么|合适|达到|填多少)/;
const FILL_HOW_MUCH = /(填|要|达到|需要|得|做到)多少(才|合适|可以|能)?|多少合适|多少才|最(低|少|多|高)(要|能|得|需|可以)?(填|做到|达到)?多少|最(低|少)(要|得)?多少/;
const LOST = /(扣分|扣了分|失分|丢分|丢了分|没拿满分?|没满分|没有满分|不满分|没得满分|lost points)/i;
const WHICH = /(哪|什么|啥|which|有哪些|几项|几个)/i;
const SCORE_NOW = /(几分|多少分|总分|总得分|得分情况|(现在|目前|当前)的?(得分|分数|总分)|(总共|一共|总)(拿|得)了?多少|^(看|查|瞅)(一?下|看)?(分数|得分|总分)|(得分|分数|成绩|总分)(算)?出来了?(没有?|吗|么)?$|points now|how many points|(得分|分数|成绩)(是|有)?(多少|几)|\bscore\b|现在的?分数|目前的?分数|当前的?分数|得了多少|score now|current score|total score)/i;
const HELP_FIELD = /(是什么|是啥|什么是|啥是|什么叫|啥叫|何为|何谓|不(太|大|是很)(知道|清楚|懂|明白|会填)|(是|填|写|算)\S{0,8}还是\S|啥意思|什么意思|指什么|指啥|指的是|指的啥|指哪|是指|怎么填|咋填|如何填|填什么|填啥|写什么|写啥|写哪些|要写|怎么写|咋写|怎么算|咋算|如何计算|怎么计算|怎么理解|包括什么|包括哪些|包含|有啥区别|什么区别|区别是|有什么区别|\bwhat('?s| is| does)\b|\bmeaning\b|\bmean\b|不知道|不清楚|不懂|不明白|不会填|(从|在|去)哪(儿|里)?(找|来|取|看|查|拿)|哪里(找|看|查)|填哪个|哪个数|哪笔|填全称|写全称|要不要填|指的是|该写|要写|怎么拆|如何拆|怎么分|does .* mean|目标是多少|目标值是多少)/i;
const PROGRESS = /(进度|progress|status|填到哪|到哪(一步|了|儿)|还(差|剩|有)(多少|几|哪些|什么|啥)(项|个)?(没填|要填|未填|没)?|剩(下|余)(哪些|什么|多少|几)|还有(哪些|什么|啥)没填|没填的|还要填(哪些|什么|几)|还差(哪|几)|what'?s left|完成(了)?(多少|几)|(填|做|进行)(了|到)(多少|几|哪)|多久|多长时间|(快|能|才能|何时|什么时候|啥时候)填完|填完了?(吗|没|么))/i;
const HELP = /(能|会|可以)(帮我?|为我|替我)?(干|做|帮)?(些|点)?(啥|什么|嘛|哪些)|功能|怎么用|怎么使用|如何用|如何使用|使用说明|用法|是干(啥|什么|嘛)的|what can you do|不会用|咋整|怎么弄|咋弄|咋用|怎么操作|要注意|注意(什么|啥|事项)|\bhelp\b|^(帮助|菜单|menu|h|\?)$/i;
const UNDO = /撤回|撤销|撤消|\bundo\b|回退|改回去|(刚才|刚刚|上次|上一次)(改|修改|填|输入)的?(不要了|不算|作废|不对了?|取消)|取消(刚才|上一?次|上一步)的?(修改|操作)/i;
const REDO = /重做|\bredo\b|恢复|再改回来|重新(来|做|执行|应用).{0,6}(撤销|撤回|撤消)的|(撤销|撤回|撤消)的(那个|修改|操作)?(还原|再来|重新)|撤回的?(修改)?恢复/i;
const EXPORT_VERB = /(导出|导个|导成|转成|存成|输出|给我|给个|给份|给一份|来份|需要|想要|导一份|export|下载|download|生成|出一份|出个|出一个|^出|发我|发给我|给我发|发一份|发个|发过来|要个|要一份|要word|要excel|弄个|弄一份|来一份|来个|打印|send)/i;
const DOC = /(word|docx|文档|报告|excel|xlsx|xls|表格|表|文件|版|格式)/i;
const PREVIEW = /(预览|preview|summary|汇总|总览|评分表|(看|瞅|瞧|显示|展示|show)(一?下|看|看看)?.{0,4}(表|评分|全部|整体|结果|table|内容|填的)|(内容|填的|填好的|已填的?|整张表|全表|表格|结果|数据|整体|全部|所有).{0,6}(看|瞅|瞧|显示|展示)|(表|表格|内容)(现在|目前)?(是)?(啥|什么|怎么)样|show.{0,12}table)/i;
const THANKS = /^(好的?|嗯+|ok|okay|行|收到|明白了?|知道了|了解|谢谢|谢了|谢啦|谢|多谢|感谢|thanks?|thank you|thx|辛苦(了|啦)?|好嘞|好哒|好滴|👍|👌|✅|🆗|🙏|\s|,|，|啦|哈|的|你|您)+$/i;
const LAUGH_WAIT = /^(哈哈+|呵呵+|嘿嘿+|嘻嘻+|hh+|233+|😂|😄|稍等一?下?|等等|等一下|等下|等会儿?|马上|我(去|先)?(找|查|问|翻)一?下(数字?|数据|资料|材料|账|领导|同事)?|[,，\s])+$/i;
const PING = /^(在吗|在不在|在么|有人吗|有人在吗|hello|hi|hey|你好|您好|喂|哈喽|嗨|早|早上好|下午好|\s|[?？]|,|，)+$/i;

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
  if (/^(上一步|上一题|上一个|返回|后退|返回上一步|返回上一题|返回上一个|回上一题|回到上一题|回到上一步|回到上一个|回到上一个问题|回到上一题|back|previous|prev|go back)$/i.test(s)) return { kind: 'back' };
  if (/^(先?跳过(这个|这题|这一项|这项)?|skip|略过|暂不填写?|暂时不填|以后再(填|写|说)|先不(填|写)(这个|这项|了)?|不填了|这个先不填|pass|下一题|下一项|下一个|next)$/i.test(s)) return { kind: 'skip' };
  return undefined;
}

/** Understands one message. Never throws; anything not understood is an answer or a fallback. */
export function understand(input: string, ctx: UnderstandContext): Intent {
  const text = normalize(typeof input === 'string' ? input : '');
  const s = text.replace(TRAIL, '');
  const bare = s.replace(PARTICLES, '').replace(TRAIL, '');
  const length = [...s].length;

  if (ctx.yesNo) {
    const yn = readYesNo(s);
    if (yn !== undefined) return { kind: 'yesNo', yes: yn };
  }
  // The common case first: a number with at most a short unit ("1900万元", "10%", "5859平方米") is an answer.
  if (/^[=≥≤<>+\-负]?\d[\d,.]*\s?[^\s\d,，;；:：]{0,4}$/u.test(s) && !/[?？吗呢]$/.test(s)) return { kind: 'answer', text: input };

  // Pasted rows (several lines, tab- or comma-separated) at a list or an indicator question.
  const rows = ctx.reason ? undefined : readRows(text, ctx.slot);
  if (rows) return { kind: 'rows', rows };

  // A reason after 跳过 / 保留, or a long text at a free-text question: commands only.
  if (ctx.reason || (ctx.freeText && length > 40) || text.includes('\n') && ctx.freeText && ctx.slot.kind === 'field') {
    const cmd = legacy(text, ctx, true);
    if (cmd && cmd.kind !== 'set' && cmd.kind !== 'selfScore' && cmd.kind !== 'note') return cmd;
    return { kind: 'answer', text: input };
  }

  const lower = bare.toLowerCase();
  const exact = explicitCommand(bare);
  if (exact) return exact;

  if (REDO.test(lower) && length <= 30) return { kind: 'redo' };
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
  let memo: ReturnType<typeof findMentions> | undefined;
  const mentions = () => (memo ??= length <= 80 ? findMentions(compactKeepSpaces(s), ctx.form) : { mentions: [] as Mention[] });

  // Corrections said naturally: "X填错了，应该是Y", "Y才对，X刚才写错了", "X改成Y", "子项2的预算改成Y".
  if (length <= 80 && !/[?？吗呢么]$|多少|来着|是不是|是否|为什么|为啥|为嘛|为何/.test(s)) {
    const corr = correction(s, ctx);
    if (corr) return corr;
  }

  // Skip / back said in a sentence ("这个先跳过", "上一个问题填错了 返回一下"): no figure in it.
  if (length <= 20 && !/\d/.test(s)) {
    if (/跳过|略过|\bskip\b|先不(填|写)|暂(时)?不(填|写)|(回头|以后|晚点|稍后|等会)再(填|写)/i.test(lower) && !isQuestion(s)) return { kind: 'skip' };
    if (/(返回|退回|回到|回)(一下|上一)|^(返回|退回)|上一(题|步|个问题)/.test(lower) && !/(为什么|为啥|怎么|是什么)/.test(lower)) return { kind: 'back' };
  }
  // "看下扣分项", "列一下失分项": the lost-point list, asked without a question word.
  if (length <= 20 && /(扣分|失分|丢分|扣了分)的?(项|指标|的地方|情况|明细|清单)|(列|列出|看|显示)\S{0,3}(扣分|失分|丢分)的|(扣分|失分|丢分)的\S{0,3}(列|给我|发我)/.test(lower) && !mentions().mentions.some((m) => m.exact && m.ref.kind === 'indicator')) return { kind: 'lostPoints' };

  if (length <= 60 && isQuestion(s)) {
    const found = mentions();
    const q = question(s, s.toLowerCase(), ctx, found.mentions, found.ambiguous);
    if (q) return q;
  }
  if (length <= 12 && SCORE_NOW.test(lower) && !/\d/.test(lower)) return { kind: 'scoreNow' };
  if (length <= 20 && /\bhelp\b/i.test(lower)) return { kind: 'help' };
  if (length <= 40 && PREVIEW.test(lower)) return { kind: 'preview' };
  if (length <= 40 && PROGRESS.test(lower)) return { kind: 'progress' };

  if (length <= 200) {
    const items = readAnswers(text, ctx.form);
    if (items) return { kind: 'answers', items };
  }

  const cmd = legacy(text, ctx, ctx.freeText);
  if (cmd) return cmd;
  if (length <= 60 && isQuestion(s)) {
    const found = mentions();
    if (found.ambiguous) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
    return { kind: 'fallback' };
  }
  if (ctx.slot.kind === 'review') {
    const main = mainMention(mentions().mentions);
    if (main && main.ref.kind === 'indicator') return { kind: 'why', target: { kind: 'ref', ref: main.ref } };
    return { kind: 'fallback' };
  }
  return { kind: 'answer', text: input };
}

/** Lower case, spaces kept only between ASCII words (the lexicon compares keys without spaces). */
function compactKeepSpaces(s: string): string {
  return nameKey(s.replace(/([a-z])\s+(?=[a-z])/gi, '$1_')).replace(/_/g, ' ');
}

function exportIntent(lower: string): Intent | undefined {
  const exact = /^(导出|export|下载|生成文件|生成表格|导出文件|download)(一下|下|来|出来)?$/i.test(lower) || /^(打包|全部导出|都导出)(发我|发给我|下载|给我)?$/.test(lower) || /^(可以|能|能不能|能否|可不可以)(导出|下载|export)(一下|下)?(吗|么|不|嘛)?$/.test(lower);
  // Only formats named ("word和excel都要", "excel版就行"): an export in a short message.
  const formats = /^(word|excel|docx|xlsx|文档|电子表格)/i.test(lower) && /(word|docx).*(excel|xlsx)|(excel|xlsx).*(word|docx)|版|就行|都要|要$/i.test(lower) && [...lower].length <= 15;
  const verb = EXPORT_VERB.test(lower);
  const doc = DOC.test(lower);
  if (!exact && !formats && !(verb && doc) && !/^(word|excel|要word|要excel)$/i.test(lower)) return undefined;
  if (/(看|瞅|瞧|预览|preview|显示|展示)/.test(lower) && !/(导出|发|下载|生成)/.test(lower)) return undefined;
  const word = /word|docx|\bdoc\b|文档|报告/i.test(lower);
  const excel = /excel|xlsx|xls|电子表格/i.test(lower);
  return { kind: 'export', format: word && !excel ? 'word' : excel && !word ? 'excel' : 'both' };
}

function question(s: string, lower: string, ctx: UnderstandContext, ms: Mention[], ambiguous?: { query: string; options: string[] }): Intent | undefined {
  const main = mainMention(ms);
  const ind = main?.ref.kind === 'indicator' ? main.ref.index : main ? computedFor(main.ref, ctx.form) : undefined;
  const whyCue = WHY.test(lower);
  const fullCue = HOW_TO_FULL.test(lower);
  const helpCue = HELP_FIELD.test(lower);

  if (ambiguous && !main && (whyCue || fullCue || helpCue)) return { kind: 'ambiguous', query: ambiguous.query, options: ambiguous.options };

  // How to get full marks: "X要填多少才不扣分", "离满分还差什么", "X填多少合适".
  if ((fullCue && HOW_MUCH.test(lower) && !/^(为什么|为啥|为何)/.test(lower) && !(whyCue && !/(怎么才|如何才|怎样才|怎么拿|怎样拿|如何拿)/.test(lower))) || (FILL_HOW_MUCH.test(lower) && ind !== undefined)) {
    return ind !== undefined ? { kind: 'howToFull', index: ind } : { kind: 'howToFull' };
  }
  if (whyCue && (SCOREY.test(lower) || main || /这么|这样/.test(lower)) && (!/(怎么|咋|如何)(填|写|算|计算|理解)/.test(lower) || /扣.{0,3}分.{0,3}(怎么|咋|如何)算/.test(lower))) {
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
    if (main) return { kind: 'fieldHelp', ref: main.ref.kind === 'indicator' ? { kind: 'indicator', index: main.ref.index } : stripPart(main.ref) };
    if (/(项目名|名称)/.test(lower)) return { kind: 'fieldHelp', ref: { kind: 'field', path: 'project.name' } };
    if (/(不(太|大|是很)?(知道|清楚|懂|明白|会填)|这里|这个|这项|这一项|这儿|这一段|这段|这一栏|this)/.test(lower) || /^(是什么|是啥|什么意思|啥意思|填什么|填啥|写什么|写啥|怎么填|咋填|怎么写)$/.test(lower)) return { kind: 'fieldHelp' };
  }
  if (SCORE_NOW.test(lower) && !main) return { kind: 'scoreNow' };
  if (PROGRESS.test(lower)) return { kind: 'progress' };
  if (HELP.test(lower) && !main) return { kind: 'help' };
  if (PREVIEW.test(lower)) return { kind: 'preview' };
  if (fullCue && !main) return { kind: 'howToFull' };
  if (main && main.ref.kind === 'indicator' && /(分|得分|score)/.test(lower) && !helpCue) return { kind: 'why', target: { kind: 'ref', ref: { kind: 'indicator', index: main.ref.index } } };
  return undefined;
}

function stripPart(ref: Ref): Ref {
  if (ref.kind === 'subItem') return { kind: 'subItem', index: ref.index };
  return ref;
}

const WRONG = /(填错了?|写错了?|输错了?|弄错了?|搞错了?|打错了?|点错了?|错了|不对)/;

function correction(s: string, ctx: UnderstandContext): Intent | undefined {
  const t = s.replace(/\s+/g, ' ');
  let target: string | undefined;
  let value: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(.+?)才(?:是)?对[,，。;；\s]*(?:是)?(.+?)(?:刚才|刚刚|之前|前面|上面)?(?:填|写|输|弄|打)?错了?$/.exec(t))) {
    value = m[1];
    target = m[2];
  } else if ((m = /^(.+?)(?:刚才|刚刚|之前|前面)?(?:填错了?|写错了?|输错了?|弄错了?|搞错了?|打错了?|错了|不对)[,，。;；\s]*(?:应该|应当|应|实际|正确的?|其实)?(?:是|为|填|写|改成|改为)\s*(.+)$/.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(?:把|将)?(.+?)(?:改一下|修改一下)?[,，\s]*(?:改成|改为|修改为|修改成|更正为|更改为|更改成|改回到?|改回成|应该是|应该为|应该填|应填|应该写|应为|应是|调整为|换成|其实是|实际上是|实际应为)\s*(.+)$/.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(.+?)(?:刚才|刚刚|之前|前面)?(?:填错了?|写错了?|输错了?|弄错了?|搞错了?|打错了?|错了|不对)[,，。;；\s]+([-+=负]?\d.*)$/.exec(t))) {
    target = m[1];
    value = m[2];
  } else if ((m = /^(?:把|将)?(.+?)(?:那项|这项|那个|这个)?(?:改一下|改下|修改一下|更正一下|调整一下|更正|修改|改)(?:[,，:：\s]+(.*\d.*)|([-+=负]?\d.*))$/.exec(t))) {
    m[2] = m[2] ?? m[3];
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
  value = value.replace(/[,，;；。]\s*(刚才|刚刚|之前|前面|不好意思|抱歉|sorry).*$/i, '').replace(/(才对|吧|哈|啊)$/, '').trim();
  if (value === '' || WRONG.test(value) && value.length < 4) return undefined;
  const tkey = compactKeepSpaces(target.replace(/^(把|将)/, '').replace(/(的值|的数|这个数|那个数|这个|那个|这项|那项)$/, ''));
  if (tkey === '') return undefined;
  const exact = resolveRef(tkey, ctx.form, { partial: false });
  if (exact.ok && exact.ref.kind !== 'subItems' && exact.ref.kind !== 'derived' && !(exact.ref.kind === 'subItem' && exact.ref.part === undefined)) return { kind: 'correction', ref: exact.ref, value };
  const partOnly = PART_ONLY.some(([re]) => (re.exec(tkey)?.[0].length ?? 0) === tkey.length);
  const found = partOnly ? { mentions: [] as Mention[] } : findMentions(tkey, ctx.form);
  if ('ambiguous' in found && found.ambiguous && found.mentions.length === 0) return { kind: 'ambiguous', query: found.ambiguous.query, options: found.ambiguous.options };
  const main = found.mentions[0];
  if (main && main.ref.kind !== 'subItems' && main.ref.kind !== 'derived') {
    // At a free-text question the name must be all there is before 改成 (a narrative may say 改为).
    const whole = main.start <= 1 && main.end >= tkey.length - 1;
    const covered = (ctx.freeText || !main.exact) ? whole : true;
    if (covered) return { kind: 'correction', ref: main.ref, value };
  }
  // Only a part named ("目标值改成…"): the indicator or 子项 being asked or discussed.
  for (const [re, part] of PART_ONLY) {
    if (!re.test(tkey)) continue;
    const s2 = ctx.slot;
    if (s2.kind === 'subItem' && (part === 'budget' || part === 'actual')) return { kind: 'correction', ref: { kind: 'subItem', index: s2.index, part }, value };
    const i = currentIndicator(ctx);
    if (i !== undefined && ctx.form.indicators[i] && part !== 'budget') return { kind: 'correction', ref: { kind: 'indicator', index: i, part: part as 'target' | 'actual' | 'selfScore' }, value };
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
      const r = resolveRef(q, ctx.form);
      if (r.ok) return { kind: 'why', target: { kind: 'ref', ref: r.ref } };
      if (r.reason === 'ambiguous') return { kind: 'ambiguous', query: q, options: r.options };
      const f = findMentions(compactKeepSpaces(q), ctx.form);
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
      const r = resolveRef(cmd.query, ctx.form, { partial: cmd.explicit || !freeText });
      if (!r.ok) {
        if (!cmd.explicit || (freeText && !/^(把|将)/.test(cmd.query))) return undefined;
        return r.reason === 'ambiguous' ? { kind: 'ambiguous', query: cmd.query, options: r.options } : cmd;
      }
      const ref = r.ref;
      if (ref.kind === 'derived' || ref.kind === 'subItems' || (ref.kind === 'subItem' && ref.part === undefined)) return cmd;
      return { kind: 'correction', ref, value: cmd.value };
    }
    default:
      return Intent.parse(cmd);
  }
}
