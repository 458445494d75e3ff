// The invariants every turn of a random conversation must keep, as functions that return the
// problems found (an empty list when all hold), so that a failing property names what broke.
import { formKey, parseSlotId, scoreCard, Session, type CardModel, type FormEntry } from '../../dialogs/engine/index.js';
import { openCategories } from '../../dialogs/engine/selfScores.js';
import { M } from '../../dialogs/messages/zh-CN.js';
import { Form, scoreForm, show } from '../../rules/index.js';

/** The stored session after a JSON round trip, checked by the zod models (Session, and Form for every form). */
export function storedSession(raw: unknown): { session?: Session; problems: string[] } {
  const json: unknown = JSON.parse(JSON.stringify(raw));
  const parsed = Session.safeParse(json);
  if (!parsed.success) return { problems: [`the stored session fails the Session model: ${parsed.error.message.slice(0, 500)}`] };
  const problems: string[] = [];
  for (const entry of parsed.data.forms) {
    const form = Form.safeParse(entry.form);
    if (!form.success) problems.push(`form ${entry.id} fails the Form model: ${form.error.message.slice(0, 300)}`);
  }
  return { session: parsed.data, problems };
}

/** Every value of a form by a path that survives reordering: indicators and sub-items by name. */
export function leaves(form: Form): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (prefix: string, value: unknown) => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object') {
      out.set(prefix, JSON.stringify(value));
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(`${prefix}[${i}]`, v));
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
  };
  const { indicators, subItems, ...rest } = form;
  walk('', rest);
  for (const ind of indicators) walk(`indicators[${ind.category}:${ind.name}]`, ind);
  for (const sub of subItems) walk(`subItems[${sub.name}]`, sub);
  return out;
}

/** The form paths a text may fill or replace in this entry: the free-text question being asked. */
function writablePaths(entry: FormEntry): string[] {
  const form = entry.form;
  const paths: string[] = [];
  if (entry.pending) paths.push('indicators[', 'overrides'); // a reason: a skipped indicator's note, a kept error
  const id = entry.editing ?? entry.asking;
  const slot = id ? parseSlotId(id) : undefined;
  if (!slot) return paths;
  if (slot.kind === 'field') paths.push(slot.path);
  if (slot.kind === 'indicator' && form.indicators[slot.index]) {
    const ind = form.indicators[slot.index];
    paths.push(`indicators[${ind.category}:${ind.name}]`);
  }
  if (slot.kind === 'subItem' && form.subItems[slot.index]) paths.push(`subItems[${form.subItems[slot.index].name}]`);
  return paths;
}

/**
 * A message no question accepts as a value must not change or remove any value already given,
 * except the free-text question being asked (a project name may be "<script>"). A message longer
 * than any answer must change nothing at all.
 */
export function lostValues(before: Session, after: Session, text: string, kind: 'invalid' | 'tooLong'): string[] {
  const problems: string[] = [];
  for (const old of before.forms) {
    const now = after.forms.find((f) => f.id === old.id);
    if (!now) {
      problems.push(`form ${old.id} disappeared after “${text.slice(0, 30)}”`);
      continue;
    }
    const writable = kind === 'tooLong' || old.id !== before.active ? [] : writablePaths(old);
    const newLeaves = leaves(now.form);
    for (const [path, value] of leaves(old.form)) {
      if (newLeaves.get(path) === value) continue;
      if (writable.some((w) => path.startsWith(w))) continue;
      problems.push(`${path} was ${value}, is ${newLeaves.get(path) ?? 'gone'} after the ${kind} message “${text.slice(0, 30)}”`);
    }
  }
  return problems;
}

const SCORED = /「([^」]+)」得 (\d+(?:\.\d+)?) 分/g;
const REVIEW = /表单已填完：按规则得分 (\S+) \/ (\S+?)。/;
/** A card's total as shown ("14.00", or "14.00（暂计，…）" while a category is open) against an audit's. */
const sameTotal = (shown: string, audited: string) => shown.replace(/（暂计[^）]*）$/, '') === audited;
const CARD_TEXT = /【(.+) 评分表（预览）】[^]*?\n合计 (\S+) \/ (\S+?)(?:（|\n|$)/g;

/**
 * Scores the bot reported in a turn equal an audit of the stored form: score tables (as cards or
 * as text) equal the preview or the final audit; "表单已填完：按规则得分" the final audit of the
 * active form; "「指标」得 X 分" the indicator's score in a stored form.
 */
export function scoreMismatches(texts: readonly string[], cards: readonly CardModel[], session: Session): string[] {
  const problems: string[] = [];
  const audits = session.forms.map((entry) => ({ entry, preview: scoreForm(entry.form), final: scoreForm(entry.form, { final: true }) }));
  const byTitle = (title: string) => audits.find((a) => M.summaryTitle(formKey(a.entry.form)) === title || `${formKey(a.entry.form)} 评分表（预览）` === title);

  for (const card of cards) {
    if (card.kind !== 'scoreTable') continue;
    const a = byTitle(card.title);
    if (!a) {
      problems.push(`a score table for “${card.title}”, a form that is not stored`);
      continue;
    }
    // The scores (rows, category subtotals, totals) must be an audit's exactly; the findings a
    // preview lists may be fewer than the audit's (it leaves out questions not reached yet).
    const scores = (c: CardModel) => (c.kind === 'scoreTable' ? JSON.stringify([c.rows, c.categories, c.total, c.maxTotal, c.selfTotal]) : '');
    // Categories still being filled show 待定 for their weights and scores and mark the total 暂计.
    const open = openCategories(a.entry);
    const expected = [scoreCard(a.entry.form, a.preview), scoreCard(a.entry.form, a.final), scoreCard(a.entry.form, a.preview, undefined, open), scoreCard(a.entry.form, a.final, undefined, open)];
    const same = expected.find((e) => scores(e) === scores(card));
    if (!same || same.kind !== 'scoreTable') {
      problems.push(`the score table of “${card.title}” (total ${card.total}) differs from an audit of the stored form (preview ${a.preview.total}, final ${a.final.total})`);
      continue;
    }
    const audited = new Set([...a.preview.findings, ...a.final.findings].map((f) => f.message));
    for (const f of card.findings) if (!audited.has(f.message)) problems.push(`the score table of “${card.title}” lists a finding no audit of the stored form has: ${f.message}`);
  }

  const all = texts.join('\n');
  for (const m of all.matchAll(CARD_TEXT)) {
    const a = byTitle(`${m[1]} 评分表（预览）`);
    if (!a) problems.push(`a score table for “${m[1]}”, a form that is not stored`);
    else if (!sameTotal(m[2], a.preview.total) && !sameTotal(m[2], a.final.total)) problems.push(`the score table of “${m[1]}” says 合计 ${m[2]}, the stored form audits to ${a.preview.total} (final ${a.final.total})`);
  }

  const review = REVIEW.exec(all);
  if (review) {
    const active = audits.find((a) => a.entry.id === session.active);
    if (!active) problems.push('“表单已填完” with no active form');
    else if (review[1] !== active.final.total || review[2] !== show(active.final.maxTotal)) {
      problems.push(`“表单已填完：按规则得分 ${review[1]} / ${review[2]}”, the stored form audits to ${active.final.total} / ${show(active.final.maxTotal)}`);
    }
  }

  const last = new Map<string, string>();
  for (const m of all.matchAll(SCORED)) last.set(m[1], m[2]);
  for (const [name, score] of last) {
    const found = audits.flatMap((a) => [a.preview, a.final]).flatMap((s) => s.indicators.filter((r) => r.name === name));
    if (found.length === 0) continue; // an indicator deleted later in the turn, or a name quoted in an explanation
    if (!found.some((r) => r.score === score)) problems.push(`“「${name}」得 ${score} 分”, the stored form scores it ${[...new Set(found.map((r) => r.score))].join(' or ')}`);
  }
  return problems;
}
