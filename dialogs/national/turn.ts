// One turn on a national form: the message read (the shared understanding layer for requests, plus
// what only this form has — fund rows, 档, grades), applied to the form, and the next question asked.
// Every change goes through the national scorer, so each answer is checked and scored as it arrives;
// a rejected answer changes nothing.
import {
  BAND_LABELS,
  compact,
  dec,
  emptyForm,
  explainGrade,
  explainRow,
  deductionLine,
  fixed,
  FUND_ROWS,
  FUND_ROW_LABELS,
  FUND_COLUMN_LABELS,
  LEVEL_LABELS,
  nationalAdvice,
  nationalRuleSetFor,
  nationalTemplate,
  normalizeText,
  parseAmount,
  renderNationalFinding,
  renderWhatIf,
  scoreNationalForm,
  show,
  summarizeRow,
  whatIf,
  type Band,
  type FundRowId,
  type NationalForm,
  type NationalIndicator,
  type NationalLevel,
  type NationalRuleSet,
  type NationalScore,
} from '../../rules/index.js';
import type { Turn } from '../engine/context.js';
import { listForms, newForm, pickFormat, switchForm } from '../engine/actions.js';
import { understand } from '../understand/index.js';
import { GOAL_FIELDS, nextSlot, parseSlotKey, PROJECT_FIELDS, progressOf, sectionOfSlot, slotKey, slotLabel, type NationalSlot } from './checklist.js';
import { N, NB } from './messages.js';
import { NATIONAL_MAX_UNDO, nationalKey, type NationalEntry } from './session.js';

const MAX_TEXT = 20000;
const LIMIT: Record<string, number> = { name: 200, target: 200, actual: 500, deviation: 2000, goals: 20000, level2: 100 };

/** The national entry the session is on, if the active form is one. */
export function activeNational(t: Turn): NationalEntry | undefined {
  const id = t.session.active;
  return id === undefined ? undefined : t.session.national?.find((n) => n.id === id);
}

const rsOf = (f: NationalForm) => nationalRuleSetFor(f);
const score = (f: NationalForm): NationalScore => scoreNationalForm(f);

// ---------------------------------------------------------------- the turn

export async function nationalTurn(t: Turn, e: NationalEntry, input: string): Promise<void> {
  const text = normalizeText(typeof input === 'string' ? input : '').trim();
  const slot = current(e);
  if ([...text].length > MAX_TEXT) {
    return t.say(N.rejected(slotLabel(slot, e), N.problem.tooLong([...text].length, MAX_TEXT)));
  }
  if (text === '') return t.say(N.rejected(slotLabel(slot, e), N.problem.empty));
  const before = snapshot(e);
  // Free text (goals, reasons) is kept as typed; everything else is read from the normalised text.
  const raw = input.replace(/\r\n?/g, '\n').trim();
  const undoable = await apply(t, e, text, raw, slot);
  if (undoable) remember(e, before);
}

/** The item being asked: the one being revisited, else the next missing one. */
function current(e: NationalEntry, sc?: NationalScore): NationalSlot {
  if (e.editing) {
    const s = parseSlotKey(e.editing);
    if (s && (s.kind !== 'band' && s.kind !== 'deviation' ? true : s.index < e.form.indicators.length)) return s;
    delete e.editing;
  }
  return nextSlot(e, sc);
}

/** Free text is expected: names, goals, reasons, an indicator row. */
function freeText(s: NationalSlot): boolean {
  if (s.kind === 'field') return s.path !== 'project.year';
  return s.kind === 'deviation' || s.kind === 'level' || (s.kind === 'draft' && s.part !== 'weight');
}

/** Applies the message; returns whether it was a change 撤回 can take back. */
async function apply(t: Turn, e: NationalEntry, text: string, raw: string, slot: NationalSlot): Promise<boolean> {
  const s = text.replace(/[。.!！~～\s]+$/u, '');
  // Only this form's requests first.
  const grade = gradeQuestion(s);
  if (grade) return answerGrade(t, e, grade), false;
  // An answer in the exact form the open question wants is that answer, whatever words it uses.
  if (slot.kind === 'band') {
    const b = readBand(s);
    if (b) return setBand(t, e, slot.index, b), true;
  }
  if (slot.kind === 'draft' && e.draft) {
    if (slot.part === 'level2' && level2Of(e.draft.level1, s)) return draftPart(t, e, 'level2', s), true;
    if (slot.part === 'weight' && readPoints(s) !== undefined) return draftPart(t, e, 'weight', s), true;
  }
  if (slot.kind === 'funds' && readAmounts(s, slot.row !== 'total').values) return setFundRow(t, e, slot.row, s, false), true;
  const fund = readFundRowLabelled(s);
  if (fund) return setFundRow(t, e, fund.row, fund.rest, true), true;
  const corr = readCorrection(s);
  if (corr && resolveTarget(e, corr.name) !== undefined) return correct(t, e, corr.name, corr.part, corr.value), true;
  // "X分值改为N" names a part of an indicator: a correction even when X is no indicator here.
  if (corr?.part && corr.part !== 'name' && [...s].length <= 80) return t.say(N.notFound(corr.name)), false;

  // The requests every form shares (why, lost points, export, undo …) from the shared layer; names
  // of this form's indicators are resolved here.
  const intent = understand(text, {
    form: emptyForm(),
    slot: freeText(slot) ? { kind: 'field', path: 'project.name' } : { kind: 'field', path: 'budget.initial' },
    freeText: freeText(slot),
    yesNo: false,
    reason: slot.kind === 'deviation' && [...text].length > 12,
  });
  switch (intent.kind) {
    case 'why': {
      if (intent.target.kind === 'total') return whyTotal(t, e), false;
      const idx = mentionIn(e, text) ?? (intent.target.kind === 'this' ? e.lastIndicator : undefined);
      if (idx === undefined) return t.say(intent.target.kind === 'unknown' ? N.notFound(intent.target.query) : N.notFound(text)), false;
      return whyRow(t, e, idx), false;
    }
    case 'lostPoints':
      return lostPoints(t, e), false;
    case 'howToFull': {
      const idx = mentionIn(e, text);
      if (idx !== undefined) return howToFullRow(t, e, idx), false;
      return answerGrade(t, e, { kind: 'whatIf' }), false;
    }
    case 'scoreNow':
      return scoreNow(t, e), false;
    case 'export':
      return await exportNational(t, e, intent.format), false;
    case 'preview':
      return preview(t, e), false;
    case 'progress': {
      const p = progressOf(e);
      return t.say(N.progress(p.done, p.all, p.left)), false;
    }
    case 'help':
      return t.say(N.help), false;
    case 'fieldHelp':
      return t.say(fieldHelp(slot, rsOf(e.form))), false;
    case 'smallTalk':
      return t.say(intent.what === 'thanks' || intent.what === 'ok' ? N.thanks : N.smallTalk), false;
    case 'undo':
      return travel(t, e, 'undo'), false;
    case 'redo':
      return travel(t, e, 'redo'), false;
    case 'back':
      return back(t, e), false;
    case 'skip':
      return skip(t, e, slot), true;
    case 'fallback':
      if (!freeText(slot)) return t.say(N.fallback), false;
      break;
    case 'forms':
    case 'list':
      return listForms(t), false;
    case 'switch':
      return switchForm(t, intent.query), false;
    case 'new':
      return newForm(t), false;
    case 'restart':
    case 'delete':
      return t.say(N.notForNational), false;
    case 'set':
    case 'correction':
    case 'selfScore':
    case 'note': {
      if (intent.kind === 'set' && resolveTarget(e, intent.query) !== undefined) return correct(t, e, intent.query, undefined, intent.value), true;
      break;
    }
    case 'edit': {
      const target = resolveTarget(e, intent.query);
      if (target !== undefined) return startEdit(t, e, target), false;
      break;
    }
    default:
      break;
  }
  return answer(t, e, slot, text, raw), true;
}

// ---------------------------------------------------------------- answers

function answer(t: Turn, e: NationalEntry, slot: NationalSlot, text: string, raw: string): void {
  switch (slot.kind) {
    case 'field':
      return setField(t, e, slot.path, slot.path === 'project.year' ? text : raw);
    case 'funds':
      return setFundRow(t, e, slot.row, text, false);
    case 'fundsSum': {
      t.say(N.problem.amounts);
      return;
    }
    case 'draft':
      draftPart(t, e, slot.part, text);
      return;
    case 'band': {
      t.say(N.problem.band);
      return;
    }
    case 'deviation':
      return setDeviation(t, e, slot.index, raw);
    case 'level':
      return levelAnswer(t, e, slot.level, text);
    case 'review':
      t.say(N.fallback);
      return;
  }
}

function commit(t: Turn, e: NationalEntry, next: NationalForm): { before: NationalScore; after: NationalScore } {
  const before = score(e.form);
  const after = score(next);
  e.form = next;
  e.updatedAt = t.deps.clock.now().toISOString();
  // New errors (a broken identity) are said at once; warnings wait for the review.
  const had = new Set(before.checks.map((c) => `${c.code}|${c.subject ?? ''}`));
  for (const c of after.checks) if (c.severity === 'error' && c.code !== 'funds.sum' && c.code !== 'funds.missing' && c.code !== 'indicators.none' && c.code !== 'indicator.weight-missing' && !had.has(`${c.code}|${c.subject ?? ''}`)) t.say(renderNationalFinding(c));
  return { before, after };
}

function answered(e: NationalEntry, key: string): void {
  e.skipped = e.skipped.filter((k) => k !== key);
  if (e.editing === key) delete e.editing;
  if (!e.history.includes(key)) e.history = [...e.history, key].slice(-400);
}

function setField(t: Turn, e: NationalEntry, path: (typeof PROJECT_FIELDS)[number] | (typeof GOAL_FIELDS)[number], raw: string): void {
  const label = slotLabel({ kind: 'field', path }, e);
  const [group, key] = path.split('.') as ['project' | 'goals', string];
  const kept = (e.form[group] as Record<string, unknown>)[key];
  const keptText = kept === undefined ? undefined : String(kept);
  let value: string | number = raw.trim();
  if (path === 'project.year') {
    const m = /^(?:(\d{4})|(\d{4})\s*年度?)$/.exec(value.replace(/\s/g, ''));
    const y = m ? Number(m[1] ?? m[2]) : NaN;
    if (!(y >= 2000 && y <= 2100)) return t.say(N.rejected(label, N.problem.year, keptText));
    value = y;
  } else {
    const max = group === 'goals' ? LIMIT.goals : LIMIT.name;
    if ([...value].length > max) return t.say(N.rejected(label, N.problem.tooLong([...value].length, max), keptText));
  }
  const next = structuredClone(e.form);
  (next[group] as Record<string, unknown>)[key] = value;
  commit(t, e, next);
  answered(e, path);
  t.say(N.recorded(label, group === 'goals' ? clip(String(value), 40) : String(value)));
}

const clip = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

const ROW_NAMES: Array<[RegExp, FundRowId]> = [
  [/^(年度资金总额|资金总额|总额|年度总额)/, 'total'],
  [/^(其中[：:]?)?(当年财政拨款|财政拨款|当年拨款|拨款)/, 'fiscal'],
  [/^(上年结转资金|上年结转|结转资金|结转)/, 'carryover'],
  [/^(其他资金|其它资金|其他|其它)/, 'other'],
];

function readFundRowLabelled(s: string): { row: FundRowId; rest: string } | undefined {
  const c = s.replace(/\s+/g, ' ').trim();
  for (const [re, row] of ROW_NAMES) {
    const m = re.exec(c);
    if (!m) continue;
    const rest = c.slice(m[0].length).replace(/^(的|[：:，,])?\s*((三个数|分别|各)(是|为)?|改(成|为)|应(该)?(是|为)|是|为)?[：:，,]?\s*/, '');
    if (/\d|^(无|没有|零)$/.test(rest)) return { row, rest };
  }
  return undefined;
}

/** Three amounts (万元) from a row answer: "600 580 551", "年初600，全年580，执行551"; 无/0 for an empty row. */
function readAmounts(text: string, allowEmpty: boolean): { values?: [string, string, string]; problem?: string } {
  const t = normalizeText(text).replace(/(年初预算数?|全年预算数?|全年执行数?|预算数|执行数|年初|全年|执行|万元)/g, ' ').trim();
  if (allowEmpty && /^(0|无|没有|零|没有这项|不涉及)$/.test(t.replace(/\s/g, ''))) return { values: ['0', '0', '0'] };
  const parts = t.split(/[\s,，、;；/|]+/).filter((p) => p !== '' && p !== '：' && p !== ':');
  if (parts.length !== 3) return { problem: N.problem.amounts };
  const out: string[] = [];
  for (const p of parts) {
    const r = parseAmount(p.replace(/^[：:]/, ''));
    if (!r.ok) return { problem: N.problem.amountBad(p) };
    out.push(r.value.value.toString());
  }
  return { values: out as [string, string, string] };
}

function setFundRow(t: Turn, e: NationalEntry, row: FundRowId, text: string, labelled: boolean): void {
  const label = FUND_ROW_LABELS[row].replace(/^其中：/, '');
  const r = readAmounts(text, row !== 'total');
  const kept = e.form.funds[row];
  const keptText = kept.initial !== undefined ? `${kept.initial} ${kept.annual ?? ''} ${kept.executed ?? ''}`.trim() : undefined;
  if (!r.values) return t.say(N.rejected(label, r.problem ?? N.problem.amounts, keptText));
  const [initial, annual, executed] = r.values;
  if (dec(executed).greaterThan(dec(annual))) return t.say(N.rejected(label, N.problem.overBudget(executed, annual), keptText));
  const next = structuredClone(e.form);
  next.funds[row] = { initial, annual, executed };
  const { before, after } = commit(t, e, next);
  answered(e, `funds.${row}`);
  t.say(`${labelled ? N.changed(label, r.values.join(' ')) : N.recorded(label, `年初预算数 ${initial}，全年预算数 ${annual}，全年执行数 ${executed}`)}`);
  if (row === 'total') {
    const b = after.rows[0];
    if (b.completion !== undefined) t.say(N.budgetScore(b.completion, b.score, show(b.weight)));
    e.lastIndicator = -1;
  }
  const wasWrong = before.checks.some((c) => c.code === 'funds.sum');
  const wrong = after.checks.filter((c) => c.code === 'funds.sum');
  const allRows = FUND_ROWS.every((k) => next.funds[k].executed !== undefined);
  if (allRows && wrong.length) t.say(sumMessage(next));
  else if (allRows && wasWrong) t.say(N.sumFixed);
}

function sumMessage(f: NationalForm): string {
  const lines: string[] = [];
  for (const col of ['initial', 'annual', 'executed'] as const) {
    const parts = (['fiscal', 'carryover', 'other'] as const).map((r) => f.funds[r][col] ?? '0');
    const s = parts.reduce((a, b) => a.plus(dec(b)), dec(0));
    const total = f.funds.total[col];
    if (total !== undefined && !s.equals(dec(total))) lines.push(N.sumLine(FUND_COLUMN_LABELS[col], parts.join(' + '), s.toString(), total));
  }
  return N.sumMismatch(lines);
}

// ---------------------------------------------------------------- indicators

const LEVEL2_SHORT = (label: string) => [label, label.replace(/指标$/, ''), label.replace(/(效益)?指标$/, '')].filter((x, i, a) => x !== '' && a.indexOf(x) === i);

function level2Of(level: NationalLevel, word: string): string | undefined {
  const w = compact(word);
  const children = nationalTemplate.indicatorTable.levels.find((l) => l.id === level)?.children ?? [];
  return children.find((c) => LEVEL2_SHORT(c).some((s) => compact(s) === w));
}

function childrenOf(level: NationalLevel): string[] {
  return nationalTemplate.indicatorTable.levels.find((l) => l.id === level)?.children ?? [];
}

function levelPoints(f: NationalForm, level: NationalLevel): string {
  return rsOf(f).points[level];
}

function levelWeight(f: NationalForm, level: NationalLevel): string {
  return f.indicators.filter((i) => i.level1 === level).reduce((a, i) => a.plus(dec(i.weight ?? '0')), dec(0)).toString();
}

function readPoints(text: string): string | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,2})?)\s*分?$/.exec(normalizeText(text).replace(/\s/g, ''));
  return m ? dec(m[1]).toString() : undefined;
}

const DONE_WORDS = /^(完成|完毕|没有了|没了|就这些|就这么多|结束|下一类|下一组|没有其他(的)?了?|无|done|ok了?)$/i;

function levelAnswer(t: Turn, e: NationalEntry, level: NationalLevel, text: string): void {
  const s = text.trim();
  if (DONE_WORDS.test(s.replace(/[。.!！\s]+$/u, ''))) return closeLevel(t, e, level);
  const lines = s.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    if (!addRow(t, e, level, line)) break;
    if (e.draft) break; // a row with parts missing: ask them before the next
  }
}

function splitRow(line: string): string[] {
  const byComma = line.split(/\s*[,，\t、;；|]\s*/).map((x) => x.trim());
  if (byComma.length > 1) return byComma;
  return line.split(/\s+/).map((x) => x.trim());
}

/** One indicator row; returns false when it was rejected. */
function addRow(t: Turn, e: NationalEntry, level: NationalLevel, line: string): boolean {
  let cells = splitRow(line).filter((c) => c !== '');
  let level2: string | undefined;
  const children = childrenOf(level);
  if (cells.length > 1) {
    // The first cell is the 二级指标 when it names one and the next cell is a name, not a target
    // ("服务对象满意度，≥90%，93%，10" is the 三级指标 服务对象满意度 under the only 二级).
    const l2 = level2Of(level, cells[0]);
    if (l2 && !/^[≥≤<>=＞＜]|^\d/.test(cells[1])) {
      level2 = l2;
      cells = cells.slice(1);
    }
  }
  if (!level2 && children.length === 1) level2 = children[0];
  const [name, target, actual, weight, self, ...rest] = cells;
  if (!name) return t.say(N.problem.empty), false;
  if ([...name].length > LIMIT.name) return t.say(N.rejected('三级指标', N.problem.tooLong([...name].length, LIMIT.name))), false;
  if (e.form.indicators.some((i) => compact(i.name) === compact(name))) return t.say(N.rejected('三级指标', N.problem.duplicate(name))), false;
  e.draft = { level1: level, name, ...(level2 ? { level2 } : {}) };
  t.say(N.indicatorAdded(name));
  if (target !== undefined && !draftPart(t, e, 'target', target, true)) return false;
  if (actual !== undefined && !draftPart(t, e, 'actual', actual, true)) return false;
  if (weight !== undefined && !draftPart(t, e, 'weight', weight, true)) return false;
  if (self !== undefined && e.draft) {
    const p = readPoints(self);
    if (p !== undefined) e.draft.selfScore = p;
    else rest.unshift(self);
  }
  if (rest.length && e.draft) e.draft.deviation = rest.join('，').slice(0, LIMIT.deviation);
  if (e.draft && e.draft.level2 !== undefined) finishDraft(t, e);
  return true;
}

/** One part of the indicator being written; returns whether it was accepted. */
function draftPart(t: Turn, e: NationalEntry, part: 'target' | 'actual' | 'weight' | 'level2', raw: string, quiet = false): boolean {
  const d = e.draft;
  if (!d) return false;
  const value = raw.trim();
  const label = `${d.name}·${{ target: '年度指标值', actual: '实际完成值', weight: '分值', level2: '二级指标' }[part]}`;
  if (part === 'weight') {
    const p = readPoints(value);
    const max = levelPoints(e.form, d.level1);
    if (p === undefined || dec(p).greaterThan(dec(max)) || dec(p).isZero()) return t.say(N.rejected(label, N.problem.points(show(max)))), false;
    d.weight = p;
  } else if (part === 'level2') {
    const l2 = level2Of(d.level1, value);
    if (!l2) return t.say(N.rejected(label, N.problem.level2(childrenOf(d.level1).join('、')))), false;
    d.level2 = l2;
  } else {
    if ([...value].length > LIMIT[part]) return t.say(N.rejected(label, N.problem.tooLong([...value].length, LIMIT[part]))), false;
    d[part] = value;
  }
  if (!quiet && d.target !== undefined && d.actual !== undefined && d.weight !== undefined && d.level2 !== undefined) finishDraft(t, e);
  return true;
}

function finishDraft(t: Turn, e: NationalEntry): void {
  const d = e.draft;
  if (!d || d.target === undefined || d.actual === undefined || d.weight === undefined || d.level2 === undefined) return;
  const ind: NationalIndicator = {
    level1: d.level1,
    level2: d.level2,
    name: d.name,
    target: d.target,
    actual: d.actual,
    weight: d.weight,
    ...(d.selfScore !== undefined ? { selfScore: d.selfScore } : {}),
    ...(d.deviation !== undefined ? { deviation: d.deviation } : {}),
    ...(d.band !== undefined ? { band: d.band } : {}),
  };
  const next = structuredClone(e.form);
  next.indicators.push(ind);
  delete e.draft;
  const { after } = commit(t, e, next);
  const index = next.indicators.length - 1;
  e.lastIndicator = index;
  sayRow(t, e, after, index);
}

function sayRow(t: Turn, e: NationalEntry, sc: NationalScore, index: number): void {
  const r = sc.rows.find((x) => x.index === index);
  if (!r || r.status === 'needs-band') return;
  t.say(N.indicatorScore(r.name, summarizeRow(r, rsOf(e.form))));
}

function readBand(s: string): Band | undefined {
  const c = compact(s);
  if (/^(未达成|没达成|没有达成|未完成|没完成|没有完成|效果较?差|未达到|没达到|差|第?三档|3)/.test(c)) return 'unmet';
  if (/^(部分|基本|一定效果|有一定效果|第?二档|2)/.test(c) || /部分达成/.test(c)) return 'partial';
  if (/^(达成|完成|已达成|已完成|全部达成|达到|是|第?一档|1)/.test(c)) return 'met';
  return undefined;
}


function setBand(t: Turn, e: NationalEntry, index: number, band: Band): void {
  const next = structuredClone(e.form);
  const ind = next.indicators[index];
  if (!ind) return;
  ind.band = band;
  const { after } = commit(t, e, next);
  answered(e, `ind.${index}.band`);
  t.say(N.bandSet(ind.name, BAND_LABELS[band]));
  e.lastIndicator = index;
  sayRow(t, e, after, index);
}

function setDeviation(t: Turn, e: NationalEntry, index: number, text: string): void {
  const ind = e.form.indicators[index];
  if (!ind) return;
  if ([...text].length > LIMIT.deviation) return t.say(N.rejected(`${ind.name}·偏差原因`, N.problem.tooLong([...text].length, LIMIT.deviation), ind.deviation));
  const next = structuredClone(e.form);
  next.indicators[index].deviation = text.trim();
  commit(t, e, next);
  answered(e, `ind.${index}.deviation`);
  t.say(N.deviationRecorded(ind.name));
}

function closeLevel(t: Turn, e: NationalEntry, level: NationalLevel): void {
  const label = LEVEL_LABELS[level];
  const count = e.form.indicators.filter((i) => i.level1 === level).length;
  if (count === 0) return t.say(N.levelEmpty(label));
  const weight = levelWeight(e.form, level);
  const points = levelPoints(e.form, level);
  if (!dec(weight).equals(dec(points))) return t.say(N.levelSumWrong(label, show(weight), show(points)));
  e.closed = [...new Set([...e.closed, level])];
  answered(e, `level.${level}`);
  t.say(N.levelClosed(label, count, show(weight)));
}

// ---------------------------------------------------------------- corrections

type Target = { kind: 'field'; path: string } | { kind: 'funds'; row: FundRowId } | { kind: 'indicator'; index: number };
type Part = 'target' | 'actual' | 'weight' | 'selfScore' | 'deviation' | 'level2' | 'name';

const PART_WORDS: Array<[RegExp, Part]> = [
  [/(年度指标值|指标值|目标值|目标)$/, 'target'],
  [/(实际完成值|实际完成|完成值|实际值|实际)$/, 'actual'],
  [/(分值|权重)$/, 'weight'],
  [/(得分|自评分|自评得分)$/, 'selfScore'],
  [/(偏差原因分析及改进措施|偏差原因|原因|改进措施)$/, 'deviation'],
  [/(二级指标)$/, 'level2'],
  [/(名称|名字)$/, 'name'],
];

function readCorrection(s: string): { name: string; part?: Part; value: string } | undefined {
  const m =
    /^(?:把|将)?(.{1,60}?)(?:的)?(?:应该?改?为|改成|改为|更正为|修改为|应该是|应是|换成|调整为|调成)[：:]?\s*(.+)$/.exec(s) ??
    /^(.{1,60}?)(?:填错了|写错了|错了|不对)[，,。\s]*(?:应该是|应为|应该为|改为|改成|是)?[：:]?\s*(.+)$/.exec(s);
  if (!m) return undefined;
  let name = m[1].replace(/^(把|将)/, '').trim();
  let part: Part | undefined;
  for (const [re, p] of PART_WORDS) {
    const pm = re.exec(name);
    if (pm && pm.index > 0) {
      part = p;
      name = name.slice(0, pm.index).replace(/的$/, '');
      break;
    }
  }
  return { name, ...(part ? { part } : {}), value: m[2].trim() };
}

const FIELD_NAMES: Array<[RegExp, string]> = [
  [/^(项目名称|项目名|名称)$/, 'project.name'],
  [/^(年度|年份|项目年度)$/, 'project.year'],
  [/^(主管部门|主管单位)$/, 'project.department'],
  [/^(实施单位|执行单位)$/, 'project.implementer'],
  [/^(预期目标|年度总体目标|总体目标|目标)$/, 'goals.expected'],
  [/^(实际完成情况|完成情况)$/, 'goals.actual'],
];

/** What a name points at: a field, a fund row, an indicator (exact, contained, or one character off). */
function resolveTarget(e: NationalEntry, query: string): Target | undefined {
  const q = compact(query).replace(/^(把|将)/, '');
  if (q === '') return undefined;
  for (const [re, path] of FIELD_NAMES) if (re.test(q)) return { kind: 'field', path };
  for (const [re, row] of ROW_NAMES) if (re.test(q) && q.length <= 8) return { kind: 'funds', row };
  const idx = indicatorByName(e, q);
  return idx === undefined ? undefined : { kind: 'indicator', index: idx };
}

function indicatorByName(e: NationalEntry, q: string): number | undefined {
  const names = e.form.indicators.map((i) => compact(i.name));
  let i = names.indexOf(q);
  if (i >= 0) return i;
  const hits = names.map((n, k) => (n.includes(q) && q.length >= 2) || (q.includes(n) && n.length >= 2) ? k : -1).filter((k) => k >= 0);
  if (hits.length === 1) return hits[0];
  i = names.findIndex((n) => n.length === q.length && n.length >= 4 && [...n].filter((ch, k) => ch !== q[k]).length === 1);
  return i >= 0 ? i : undefined;
}

/** The indicator (or 预算执行率, -1) a question names. */
function mentionIn(e: NationalEntry, text: string): number | undefined {
  const c = compact(text);
  let best: { index: number; len: number } | undefined;
  e.form.indicators.forEach((ind, k) => {
    const n = compact(ind.name);
    if (n.length >= 2 && c.includes(n) && (!best || n.length > best.len)) best = { index: k, len: n.length };
  });
  if (best) return best.index;
  if (/执行率|预算执行|资金执行|执行情况/.test(c)) return -1;
  // Short forms: two or more consecutive characters of a name, when only one name has them.
  const words = c.replace(/(为什么|为啥|怎么|咋|扣分|扣了|得分|多少|满分|的|了|吗|呢|没有?|拿|分)/g, ' ').split(' ').filter((w) => w.length >= 2);
  for (const w of words) {
    const hits = e.form.indicators.map((ind, k) => (compact(ind.name).includes(w) ? k : -1)).filter((k) => k >= 0);
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

function correct(t: Turn, e: NationalEntry, name: string, part: Part | undefined, value: string): void {
  const target = resolveTarget(e, name);
  if (!target) return t.say(N.notFound(name));
  if (target.kind === 'field') return setField(t, e, target.path as (typeof PROJECT_FIELDS)[number], value);
  if (target.kind === 'funds') return setFundRow(t, e, target.row, value, true);
  const index = target.index;
  const ind = e.form.indicators[index];
  const p: Part = part ?? 'actual';
  const label = `${ind.name}·${{ target: '年度指标值', actual: '实际完成值', weight: '分值', selfScore: '得分', deviation: '偏差原因', level2: '二级指标', name: '三级指标' }[p]}`;
  const next = structuredClone(e.form);
  const n = next.indicators[index];
  const keptValue = p === 'name' ? ind.name : (ind as Record<string, unknown>)[p];
  const kept = keptValue === undefined ? undefined : String(keptValue);
  if (p === 'weight' || p === 'selfScore') {
    const pts = readPoints(value);
    const max = p === 'weight' ? levelPoints(e.form, ind.level1) : (ind.weight ?? '100');
    if (pts === undefined || dec(pts).greaterThan(dec(max))) return t.say(N.rejected(label, p === 'weight' ? N.problem.points(show(max)) : N.problem.selfScore(show(max)), kept));
    n[p] = pts;
  } else if (p === 'level2') {
    const l2 = level2Of(ind.level1, value);
    if (!l2) return t.say(N.rejected(label, N.problem.level2(childrenOf(ind.level1).join('、')), kept));
    n.level2 = l2;
  } else {
    const max = p === 'deviation' ? LIMIT.deviation : p === 'actual' ? LIMIT.actual : LIMIT.name;
    if ([...value].length > max) return t.say(N.rejected(label, N.problem.tooLong([...value].length, max), kept));
    if (p === 'name' && e.form.indicators.some((x, k) => k !== index && compact(x.name) === compact(value))) return t.say(N.rejected(label, N.problem.duplicate(value), kept));
    if (p === 'actual') delete n.band; // a new actual is read afresh
    (n as Record<string, unknown>)[p] = value;
  }
  const { before, after } = commit(t, e, next);
  e.lastIndicator = index;
  t.say(N.changed(label, value));
  const b = before.rows.find((r) => r.index === index);
  const a = after.rows.find((r) => r.index === index);
  if (a && (!b || b.score !== a.score || p === 'actual' || p === 'target')) sayRow(t, e, after, index);
}

function startEdit(t: Turn, e: NationalEntry, target: Target): void {
  if (target.kind === 'field') {
    e.editing = target.path;
    return t.say(N.editing(slotLabel({ kind: 'field', path: target.path as (typeof PROJECT_FIELDS)[number] }, e)));
  }
  if (target.kind === 'funds') {
    e.editing = `funds.${target.row}`;
    return t.say(N.editing(FUND_ROW_LABELS[target.row].replace(/^其中：/, '')));
  }
  const ind = e.form.indicators[target.index];
  t.say(`要修改「${ind.name}」，请说“${ind.name}实际完成值改为…”，或把“分值”“年度指标值”“偏差原因”改为新值。`);
}

// ---------------------------------------------------------------- questions

type GradeQ = { kind: 'why' } | { kind: 'whatIf'; grade?: string };

function gradeQuestion(s: string): GradeQ | undefined {
  const c = compact(s);
  const g = /[“"「『]?(优秀|优|良好|良|中等|中|差)[”"」』]?/;
  if (/(还?差|离|距离).{0,8}(多少|几|啥|什么)?.{0,6}(到|能到|才到|评上|达到|才能|才是|才算)?[“"「]?(优秀|优|良好|良)/.test(c) || /(怎么|怎样|如何|咋).{0,8}(才能|能|可以)?.{0,4}(到|拿到|评上|达到|上|评|得)[“"「]?(优秀|优|良好|良)/.test(c)) {
    const m = /(优秀|优|良好|良)[”"」』]?(等|档)?[?？吗呢]*$/.exec(c) ?? /(优秀|优|良好|良)/.exec(c);
    const label = m ? m[1].replace(/秀|好/, '') : undefined;
    return { kind: 'whatIf', ...(label ? { grade: label } : {}) };
  }
  if (/(为什么|为啥|为何|咋|怎么|凭什么|凭啥).{0,6}(是|只有|只是|才|评了?|给了?|得了?|定为|算)?(个)?/.test(c) && g.test(c) && /(是|评|等级|档|给|定|算|只有|才).{0,3}[“"「]?(优秀|优|良好|良|中等|中|差)/.test(c)) return { kind: 'why' };
  if (/(等级|评级|评定|档次).{0,8}(为什么|为啥|怎么|咋|如何)|(为什么|为啥|怎么|咋|如何).{0,8}(等级|评级|评定)/.test(c)) return { kind: 'why' };
  return undefined;
}

function answerGrade(t: Turn, e: NationalEntry, q: GradeQ): void {
  const sc = score(e.form);
  const rs = rsOf(e.form);
  if (q.kind === 'why') return t.say(explainGrade(sc, rs));
  const w = whatIf(sc, rs, q.grade);
  if (!w) return t.say(explainGrade(sc, rs));
  t.say(renderWhatIf(w));
}

function whyTotal(t: Turn, e: NationalEntry): void {
  const sc = score(e.form);
  const rs = rsOf(e.form);
  t.say(`${levelsLine(sc)}\n${explainGrade(sc, rs)}`);
}

function levelsLine(sc: NationalScore): string {
  const b = sc.rows[0];
  return [`预算执行率 ${b.score} / ${show(b.weight)}`, ...sc.levels.map((l) => `${l.label} ${l.score} / ${show(l.points)}`)].join('，') + '。';
}

function whyRow(t: Turn, e: NationalEntry, index: number): void {
  const sc = score(e.form);
  const r = sc.rows.find((x) => x.index === index);
  if (!r) return t.say(N.notFound(String(index)));
  e.lastIndicator = index;
  const rs = rsOf(e.form);
  if (!dec(r.lost).greaterThan(0)) return t.say(`「${r.name}」得满分。\n${explainRow(r, rs)}`);
  const deviation = r.kind === 'budget' ? '' : r.deviation ? `\n偏差原因：${r.deviation}` : '\n还没有填写偏差原因，请补上（说“' + r.name + '偏差原因改为……”）。';
  t.say(`「${r.name}」扣了 ${show(r.lost)} 分。\n${explainRow(r, rs)}${deviation}`);
}

function howToFullRow(t: Turn, e: NationalEntry, index: number): void {
  const r = score(e.form).rows.find((x) => x.index === index);
  if (!r) return;
  e.lastIndicator = index;
  t.say(dec(r.lost).greaterThan(0) ? `「${r.name}」扣了 ${show(r.lost)} 分。${nationalAdvice(r)}` : `「${r.name}」已经是满分。`);
}

function lostPoints(t: Turn, e: NationalEntry): void {
  const sc = score(e.form);
  const rs = rsOf(e.form);
  const losers = sc.rows.filter((r) => dec(r.lost).greaterThan(0)).sort((a, b) => dec(b.lost).comparedTo(dec(a.lost)));
  if (!losers.length) return t.say(N.noLost);
  const total = losers.reduce((a, r) => a.plus(dec(r.lost)), dec(0));
  t.say([N.lostHead(losers.length, fixed(total, 2)), ...losers.map((r, i) => `${i + 1}. ${r.name}：${deductionLine(r, rs)}`)].join('\n'));
}

function scoreNow(t: Turn, e: NationalEntry): void {
  const sc = score(e.form);
  const partial = nextSlot(e, sc).kind !== 'review';
  t.say(N.scoreNow(sc.total, show(sc.maxTotal), sc.grade, levelsLine(sc), partial));
}

function preview(t: Turn, e: NationalEntry): void {
  const sc = score(e.form);
  const rs = rsOf(e.form);
  const f = e.form;
  const rows = sc.rows.map((r) => ({
    category: r.kind === 'budget' ? '预算执行率' : `${r.level1Label}/${r.level2}`,
    name: r.name,
    target: r.target,
    weight: r.weight,
    actual: r.actual,
    score: r.score,
    ...(r.selfScore !== undefined ? { selfScore: r.selfScore } : {}),
    status: r.status === 'needs-band' ? 'needs-grade' : r.status,
  }));
  t.card({
    kind: 'scoreTable',
    title: `${nationalKey(f)} · ${nationalTemplate.title}`,
    ruleSet: rs.name,
    rows,
    categories: [
      { label: '预算执行率', weight: sc.rows[0].weight, score: sc.rows[0].score, total: sc.rows[0].weight },
      ...sc.levels.map((l) => ({ label: l.label, weight: l.weight, score: l.score, total: l.points })),
    ],
    total: sc.total,
    maxTotal: sc.maxTotal,
    ...(sc.selfTotal !== undefined ? { selfTotal: sc.selfTotal } : {}),
    findings: sc.checks.slice(0, 12).map((c) => ({ severity: c.severity, message: renderNationalFinding(c) })),
  });
}

function fieldHelp(slot: NationalSlot, rs: NationalRuleSet): string {
  if (slot.kind === 'funds' || slot.kind === 'fundsSum') return N.fieldHelpBudget;
  if (slot.kind === 'field' && slot.path.startsWith('goals.')) return N.fieldHelpGoals;
  if (slot.kind === 'field') return templateAsk(slot.path) ?? N.help;
  if (slot.kind === 'band') {
    const b = rs.bands;
    const range = (k: Band) => `${BAND_LABELS[k]}（分值的 ${show(b[k].lower)}%–${show(b[k].upper)}%）`;
    return `定性指标按完成程度分三档：${range('met')}、${range('partial')}、${range('unmet')}。`;
  }
  return N.fieldHelpIndicator;
}

async function exportNational(t: Turn, e: NationalEntry, format: 'word' | 'excel' | 'both'): Promise<void> {
  const exporter = t.deps.exporter;
  if (!exporter?.exportNational) return t.say(N.exportNone);
  try {
    const files = pickFormat(await exporter.exportNational(e.form, score(e.form)), format);
    t.say(N.exported(files.map((f) => f.name)));
    t.files(files, nationalKey(e.form));
  } catch {
    t.say(N.exportFailed);
  }
}

// ---------------------------------------------------------------- back, skip, undo

function back(t: Turn, e: NationalEntry): void {
  const cur = slotKey(current(e));
  const hist = e.history.filter((k) => k !== cur && parseSlotKey(k) && !k.startsWith('draft.'));
  const prev = hist[hist.length - 1];
  if (!prev) return t.say(N.nothingBack);
  e.history = e.history.filter((k) => k !== prev);
  e.editing = prev;
  const s = parseSlotKey(prev);
  if (s?.kind === 'level') e.closed = e.closed.filter((l) => l !== s.level);
  t.say(N.back(s ? slotLabel(s, e) : prev));
}

function skip(t: Turn, e: NationalEntry, slot: NationalSlot): void {
  if (slot.kind === 'review') return t.say(N.fallback);
  if (slot.kind === 'draft') {
    // Skipping a part of an indicator being written drops the indicator (it is not half-added).
    const name = e.draft?.name ?? '';
    delete e.draft;
    return t.say(N.skipped(name));
  }
  const key = slotKey(slot);
  if (slot.kind === 'level') e.closed = [...new Set([...e.closed, slot.level])];
  else e.skipped = [...new Set([...e.skipped, key])];
  if (e.editing === key) delete e.editing;
  t.say(N.skipped(slotLabel(slot, e)));
}


type Snap = string;
function snapshot(e: NationalEntry): Snap {
  return JSON.stringify({ form: e.form, draft: e.draft, closed: e.closed, skipped: e.skipped });
}

function restore(e: NationalEntry, snap: Snap): void {
  const s = JSON.parse(snap) as Pick<NationalEntry, 'form' | 'draft' | 'closed' | 'skipped'>;
  e.form = s.form;
  if (s.draft) e.draft = s.draft;
  else delete e.draft;
  e.closed = s.closed;
  e.skipped = s.skipped;
  delete e.editing;
}

function remember(e: NationalEntry, before: Snap): void {
  if (snapshot(e) === before) return;
  e.undo = [...(e.undo ?? []), before].slice(-NATIONAL_MAX_UNDO);
  delete e.redo;
}

/** Undo (from the undo stack to the redo stack) or redo (the other way): the same move between two stacks. */
function travel(t: Turn, e: NationalEntry, from: 'undo' | 'redo'): void {
  const to = from === 'undo' ? 'redo' : 'undo';
  const snap = e[from]?.pop();
  if (snap === undefined) return t.say(from === 'undo' ? N.nothingToUndo : N.nothingToRedo);
  e[to] = [...(e[to] ?? []), snapshot(e)].slice(-NATIONAL_MAX_UNDO);
  restore(e, snap);
  t.say(from === 'undo' ? N.undone : N.redone);
}

/** The question the form template gives a field (rules/template: the conversation's questions are data). */
function templateAsk(path: string): string | undefined {
  for (const section of nationalTemplate.sections) for (const f of section.fields) if (f.path === path && f.ask) return f.ask;
  return undefined;
}

/** An example row per group (what a row looks like; never this form's own figures). */
const LEVEL_EXAMPLE: Record<NationalLevel, string> = {
  output: '数量指标，培训人次，≥500人次，520人次，10',
  benefit: '社会效益指标，受益群众覆盖率，≥90%，92%，10',
  satisfaction: '服务对象满意度，≥90%，93%，10',
};

// ---------------------------------------------------------------- the closing question

/** Asks the next item (with a section header when the section changes). */
export function finishNational(t: Turn, e: NationalEntry): void {
  if (t.session.pending) return; // the caller asks it
  const sc = score(e.form);
  const slot = current(e, sc);
  const prev = e.asking ? parseSlotKey(e.asking) : undefined;
  const header = !prev || sectionOfSlot(prev) !== sectionOfSlot(slot) ? N.header(sectionOfSlot(slot)) : undefined;
  const q = prompt(e, slot, sc);
  e.asking = slotKey(slot);
  t.ask([slot.kind === 'review' ? undefined : header, q.text].filter(Boolean).join('\n'), q.suggestions);
}

function prompt(e: NationalEntry, slot: NationalSlot, sc: NationalScore): { text: string; suggestions?: string[] } {
  switch (slot.kind) {
    case 'field':
      return { text: templateAsk(slot.path) ?? slotLabel(slot, e) };
    case 'funds': {
      const example = slot.row === 'total' ? '600 580 551' : slot.row === 'fiscal' ? '600 560 531' : '0 0 0';
      return { text: N.askFunds(FUND_ROW_LABELS[slot.row].replace(/^其中：/, ''), example), ...(slot.row !== 'total' && slot.row !== 'fiscal' ? { suggestions: ['0 0 0'] } : {}) };
    }
    case 'fundsSum':
      return { text: sumMessage(e.form) };
    case 'draft': {
      const d = e.draft!;
      if (slot.part === 'weight') {
        const left = dec(levelPoints(e.form, d.level1)).minus(dec(levelWeight(e.form, d.level1)));
        return { text: N.draftAsk.weight(d.name, show(left.toString())) };
      }
      if (slot.part === 'level2') return { text: N.draftAsk.level2(d.name), suggestions: childrenOf(d.level1) };
      return { text: N.draftAsk[slot.part](d.name) };
    }
    case 'band': {
      const ind = e.form.indicators[slot.index];
      return { text: N.bandAsk(ind.name, ind.actual ?? ''), suggestions: [...NB.bands] };
    }
    case 'deviation': {
      const r = sc.rows.find((x) => x.index === slot.index);
      return { text: N.deviationAsk(e.form.indicators[slot.index].name, show(r?.lost ?? '0')) };
    }
    case 'level': {
      const label = LEVEL_LABELS[slot.level];
      const count = e.form.indicators.filter((i) => i.level1 === slot.level).length;
      return {
        text: N.levelAsk(label, show(levelPoints(e.form, slot.level)), count, show(levelWeight(e.form, slot.level)), LEVEL_EXAMPLE[slot.level]),
        ...(count > 0 ? { suggestions: [NB.done] } : {}),
      };
    }
    case 'review': {
      const suggestions = ['导出', `为什么是${sc.grade}`, '预览'];
      if (e.asking === 'review') return { text: N.reviewAgain(sc.total, sc.grade), suggestions };
      const example = sc.rows.find((r) => r.index >= 0 && dec(r.lost).greaterThan(0)) ?? sc.rows[1];
      return { text: N.review(sc.total, show(sc.maxTotal), sc.grade, example?.name ?? '指标名称'), suggestions };
    }
  }
}

