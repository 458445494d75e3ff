// The commands a user may say at any point, in Chinese and plain English, recognised in one
// place before the active question sees the text. Pure: text in, a command (or nothing) out.
import { normalizeText } from '../../rules/index.js';

export type Command =
  | { kind: 'help' }
  | { kind: 'back' }
  | { kind: 'skip' }
  | { kind: 'progress' }
  | { kind: 'summary' }
  | { kind: 'export' }
  | { kind: 'restart' }
  | { kind: 'forms' }
  | { kind: 'new' }
  | { kind: 'list' }
  | { kind: 'switch'; query: string }
  /** query '' (or 这个指标): the indicator scored last. */
  | { kind: 'why'; query: string }
  | { kind: 'edit'; query: string }
  /** A natural correction: "年初预算数改成1800", "参观人数是8757人次". */
  | { kind: 'set'; query: string; value: string; explicit: boolean }
  | { kind: 'selfScore'; query: string; value: string }
  | { kind: 'note'; query: string; value: string }
  | { kind: 'keep'; index?: number; reason?: string }
  | { kind: 'delete'; query: string };

export type CommandContext = {
  /** The question takes free text (a name, a narrative, a reason): only unmistakable commands count. */
  freeText: boolean;
};

const EXACT: Array<[RegExp, Command['kind']]> = [
  [/^(帮助|help|菜单|menu|怎么用|使用说明|\?|？|h)$/i, 'help'],
  [/^(上一步|上一题|上一个|返回|后退|返回上一步|back|previous|prev|go back)$/i, 'back'],
  [/^(跳过|skip|略过|暂不填写?|暂时不填|以后再填|pass)$/i, 'skip'],
  [/^(进度|progress|status|填到哪了|填到哪里了|还差什么|还差多少|还差哪些)$/i, 'progress'],
  [/^(预览|summary|汇总|总览|preview|评分表|查看评分表|看看评分表|看表|查看表格|score|scores)$/i, 'summary'],
  [/^(导出|export|下载|生成文件|生成表格|导出文件|download)$/i, 'export'],
  [/^(重新开始|restart|从头开始|重来|start over|reset)$/i, 'restart'],
  [/^(表单|forms|我的表单|表单列表|所有表单|list forms|my forms)$/i, 'forms'],
  [/^(新建|new|新建表单|新表单|new form|新项目|新建项目|再填一份)$/i, 'new'],
  [/^(子项|子项列表|列出子项|查看子项|所有子项|list|sub-?items|list sub-?items)$/i, 'list'],
];

const WHY =
  /^(?:为什么|为何|why|解释|explain)\s*(.*?)\s*(?:会|被|要)?\s*(?:扣分|扣了分|扣了这么多分|扣这么多分|没有满分|没满分|不得分|只得.*分|得分低|得分这么低|得0分|得零分|是0分|是零分|这么低|lost points|is low)?\s*了?\s*(?:呢|吗|啊)?$/i;

const SET_EXPLICIT = /^(?:把|将)?\s*(.{1,60}?)\s*(?:改成|改为|修改为|修改成|更正为|更改为|更改成|应为|应该是|应该为|调整为|换成)\s*(.+)$/s;
const SET_LOOSE = /^(.{1,60}?)\s*(?:是|为|=|：|:)\s*[:：]?\s*(.+)$/s;
const SET_EN = /^(?:change|set)\s+(.+?)\s+to\s+(.+)$/i;
const SELF_SCORE = /^(.{0,60}?)\s*的?\s*(?:自评分|自评得分|自评|self[- ]?score)\s*(?:是|为|改成|改为|应为|=|:|：)?\s*(\d+(?:\.\d+)?)\s*分?$/i;
const NOTE = /^(.{0,60}?)\s*的?\s*(?:说明|备注|note)\s*(?:(?:是|为)\s*[:：]?|[:：])\s*(.+)$/is;
const KEEP = /^(?:保留|keep)(?:\s*(\d{1,2})(?:\s+(.*)|$)|$)/is;
const EDIT = /^(?:修改|更改|编辑|更正|edit|change)\s*(.+)$/is;
const DELETE = /^(?:删除|删掉|去掉|移除|delete|remove)\s*(.+)$/is;
const SWITCH = /^(?:切换到|切换|switch to|switch|打开表单)\s*(.+)$/i;

export function parseCommand(input: string, ctx: CommandContext): Command | undefined {
  const text = normalizeText(input);
  const s = text.replace(/[。.!！?？~～\s]+$/u, '');
  const short = [...s].length <= 80;
  for (const [re, kind] of EXACT) if (re.test(s)) return { kind } as Command;

  const keep = KEEP.exec(s);
  if (keep) {
    const reason = keep[2]?.trim();
    return { kind: 'keep', ...(keep[1] ? { index: Number(keep[1]) } : {}), ...(reason ? { reason } : {}) };
  }
  if (!short) return undefined;

  const sw = SWITCH.exec(s);
  if (sw) return { kind: 'switch', query: sw[1].trim() };
  const why = WHY.exec(s);
  if (why && (!ctx.freeText || /扣|满分|得分|得0|得零|低|lost|is low/i.test(s) || why[1] === '')) {
    return { kind: 'why', query: why[1].trim() };
  }
  const self = SELF_SCORE.exec(s);
  if (self) return { kind: 'selfScore', query: self[1].trim(), value: self[2] };
  const note = NOTE.exec(s);
  if (note && (!ctx.freeText || note[1].trim() !== '')) return { kind: 'note', query: note[1].trim(), value: note[2].trim() };
  const en = SET_EN.exec(s);
  if (en) return { kind: 'set', query: en[1].trim(), value: en[2].trim(), explicit: true };
  const edit = EDIT.exec(s);
  if (edit) {
    const inner = SET_EXPLICIT.exec(edit[1]) ?? /^(.{1,60}?)\s*(?:为|成|=)\s*(.+)$/s.exec(edit[1]);
    if (inner) return { kind: 'set', query: inner[1].trim(), value: inner[2].trim(), explicit: true };
    return { kind: 'edit', query: edit[1].trim() };
  }
  const del = DELETE.exec(s);
  if (del) return { kind: 'delete', query: del[1].trim() };
  const explicit = SET_EXPLICIT.exec(s);
  if (explicit) return { kind: 'set', query: explicit[1].trim(), value: explicit[2].trim(), explicit: true };
  const loose = SET_LOOSE.exec(s);
  if (loose) return { kind: 'set', query: loose[1].trim(), value: loose[2].trim(), explicit: false };
  return undefined;
}

const YES = /^(是|是的|好|好的|确定|确认|可以|行|要|对|继续|yes|y|ok|okay|sure|confirm)$/i;
const NO = /^(否|不|不要|不用|取消|算了|不是|no|n|cancel)$/i;

/** A yes/no answer, or undefined when it is neither. */
export function readYesNo(input: string): boolean | undefined {
  const s = normalizeText(input).replace(/[。.!！?？~～\s]+$/u, '');
  if (YES.test(s)) return true;
  if (NO.test(s)) return false;
  return undefined;
}

/** 完成 / done: ends a list (子项, a category of indicators). */
export function isDone(input: string): boolean {
  return /^(完成|完毕|填完了?|好了|结束|没有了|没了|就这些|done|finish|finished|that'?s all)$/i.test(normalizeText(input).replace(/[。.!！\s]+$/u, ''));
}

/** 保留 / 不变: keep the current value when revisiting a field. */
export function isKeep(input: string): boolean {
  return /^(保留|不变|不改|保持|保持不变|keep|same)$/i.test(normalizeText(input).replace(/[。.!！\s]+$/u, ''));
}

/** 无 / 没有: no reason for a skip. */
export function isNoReason(input: string): boolean {
  return /^(无|没有|没有原因|不说明|不填|跳过|skip|none|no|n\/?a|-)$/i.test(normalizeText(input).replace(/[。.!！\s]+$/u, ''));
}
