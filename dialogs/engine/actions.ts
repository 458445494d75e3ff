// The commands (back, skip, progress, export, forms, why, edit, corrections, keep, delete), the
// answers to pending questions (a skip's reason, a kept error's reason, yes/no), and files.
import {
  CATEGORY_LABELS,
  FIELD_LABELS,
  blockingFindings,
  compact,
  emptyForm,
  explainIndicator,
  normalizeText,
  ruleSetForForm,
  scoreForm,
  renderNationalFinding,
  scoreNationalForm,
  show,
  type Finding,
  type NationalForm,
} from '../../rules/index.js';
import { loadNational } from './choose.js';
import { nextSlot, sectionOfSlot } from '../national/checklist.js';
import { N } from '../national/messages.js';
import { nationalKey } from '../national/session.js';
import type { ExportedFile, IncomingFile } from '../ports.js';
import { L, M, SECTION_LABELS, clip } from '../messages/zh-CN.js';
import { answer, listSubItems, setSelfScore } from './answers.js';

export { listSubItems };
import { checklist, nextField, openConflicts } from './checklist.js';
import { isNoReason } from './commands.js';
import { deleteIndicator, deleteSubItem, ensureCommonIndicators, isComputed, updateIndicator } from './formEdit.js';
import { refSlot, resolveRef, type Ref } from './match.js';
import { removeAt, remapIndices } from './remap.js';
import { labelOf, scoreCard, sectionLabel } from './render.js';
import { MAX_FORMS, formKey, inferDone, newEntry, sameKey, type FormEntry } from './session.js';
import { SECTION_IDS, parseSlotId, sectionOf, slotId, type Slot } from './slots.js';
import type { Turn } from './context.js';
import { validateNote } from './validate.js';

/** 这个指标 / this one: the indicator scored last. */
const THIS_ONE = /^(这个|该|此|它|这项|这一项|上一个|上一项|刚才那个|刚才|this|it|this one)?(指标|一项|项)?$/i;

export function answerPending(t: Turn, text: string): void {
  const e = t.entry;
  const p = e.pending!;
  if (p.kind === 'skip-reason') return recordSkip(t, isNoReason(text) ? undefined : text);
  const v = validateNote(text);
  if (!v.ok) return t.say(M.reasonEmpty);
  delete e.pending;
  t.commit({ ...e.form, overrides: [...e.form.overrides.filter((o) => !(o.code === p.code && o.subject === p.subject)), { code: p.code, ...(p.subject !== undefined ? { subject: p.subject } : {}), reason: clip(v.value, 480) }] });
  t.say(M.keepRecorded);
}

export function recordSkip(t: Turn, reasonText: string | undefined): void {
  const e = t.entry;
  if (e.pending?.kind !== 'skip-reason') return;
  const id = e.pending.slot;
  delete e.pending;
  let reason: string | undefined;
  if (reasonText !== undefined) {
    const v = validateNote(reasonText);
    if (!v.ok) {
      e.pending = { kind: 'skip-reason', slot: id };
      return t.say(M.reasonEmpty);
    }
    reason = v.value;
  }
  e.skipped[id] = reason ? { reason } : {};
  const slot = parseSlotId(id);
  const label = slot ? labelOf(slot, e.form) : id;
  t.say(M.skipRecorded(label, reason));
  if (slot?.kind === 'indicator' && slot.part === 'actual') {
    const ind = e.form.indicators[slot.index];
    if (reason) t.commit(updateIndicator(e.form, slot.index, { note: reason }));
    else t.say(M.skipIndicatorNoReason(ind.name));
    e.lastIndicator = slot.index;
  }
  t.advanced = true;
}

export function resolveSessionPending(t: Turn, yes: boolean): void {
  const p = t.session.pending!;
  delete t.session.pending;
  if (p.kind === 'confirm-restart') {
    if (!yes) return t.say(M.restartCancelled);
    const e = t.session.forms.find((f) => f.id === p.formId);
    if (e) {
      e.form = emptyForm();
      e.skipped = {};
      e.history = [];
      e.done = { subItems: false, categories: [] };
      delete e.editing;
      delete e.pending;
      delete e.draft;
      delete e.lastIndicator;
      delete e.asking;
      t.session.active = e.id;
      t.touch();
    }
    t.say(M.restartDone);
    return;
  }
  if (p.kind === 'choose-template') return; // answered by dialogs/engine/choose.ts
  if (!yes) return t.say(M.importDeclined);
  if (p.kind === 'import-national') {
    const key = nationalKey(p.form);
    const twin = allForms(t).findIndex((f) => f.key === `${key}［财政部通用表］`);
    const n = loadNational(t, p.form);
    if (n && twin >= 0) t.say(M.importDuplicate(key, twin + 1));
    if (n) t.say(N.imported(key));
    return;
  }
  if (t.session.forms.length >= MAX_FORMS) return t.say(M.tooManyForms(MAX_FORMS));
  const form = p.form;
  const twin = t.session.forms.findIndex((f) => sameKey(f.form, form));
  const e = newEntry(t.session, t.deps.clock.now(), ensureCommonIndicators(form));
  e.done = inferDone(form);
  t.session.forms.push(e);
  t.session.active = e.id;
  if (twin >= 0) t.say(M.importDuplicate(formKey(form), twin + 1));
  t.say(M.importAccepted(formKey(form)));
}

export function back(t: Turn): void {
  const e = t.entry;
  if (e.pending?.kind === 'skip-reason') {
    const id = e.pending.slot;
    const s = parseSlotId(id);
    delete e.skipped[id];
    e.history = e.history.filter((h) => h !== id);
    delete e.pending;
    t.say(M.backCancelSkip(s ? labelOf(s, e.form) : ''));
    return;
  }
  if (e.pending) {
    delete e.pending;
    t.say(M.restartCancelled);
    return;
  }
  if (e.draft) {
    t.say(M.backCancelDraft(e.draft.name));
    delete e.draft;
    return;
  }
  // The answer before the item being revisited (or before the current question).
  const at = e.editing !== undefined && e.history.includes(e.editing) ? e.history.lastIndexOf(e.editing) : e.history.length;
  for (let k = at - 1; k >= 0; k--) {
    const id = e.history[k];
    const slot = parseSlotId(id);
    if (!slot || !t.exists(slot) || slot.kind === 'conflict' || slot.kind === 'review' || slot.kind === 'indicators.target') continue;
    if (slot.kind === 'subItems.add') {
      e.done.subItems = false;
      e.history.splice(k, 1);
      delete e.editing;
      t.say(M.backReopen(labelOf(slot, e.form)));
      return;
    }
    if (slot.kind === 'indicators.add') {
      e.done.categories = e.done.categories.filter((c) => c !== slot.category);
      e.history.splice(k, 1);
      delete e.editing;
      t.say(M.backReopen(labelOf(slot, e.form)));
      return;
    }
    if (id in e.skipped) {
      delete e.skipped[id];
      e.history.splice(k, 1);
      delete e.editing;
      t.say(M.backCancelSkip(labelOf(slot, e.form)));
      return;
    }
    t.startEdit(slot, true);
    return;
  }
  t.say(M.noBack);
}

export function skip(t: Turn): void {
  const e = t.entry;
  if (e.pending?.kind === 'skip-reason') return recordSkip(t, undefined);
  const slot = t.current();
  const id = slotId(slot);
  if (slot.kind === 'review') return t.say(M.nothingToSkip);
  if (slot.kind === 'field' && (slot.path === 'project.name' || slot.path === 'project.year')) return t.say(M.cannotSkip(FIELD_LABELS[slot.path]));
  if (e.editing === id) {
    delete e.editing;
    return t.say(M.kept(labelOf(slot, e.form)));
  }
  if (slot.kind === 'indicators.target') {
    t.say(M.backCancelDraft(e.draft?.name ?? ''));
    delete e.draft;
    return;
  }
  // Recorded at once (no value); the reason, if any, comes with the next message.
  e.skipped[id] = {};
  e.pending = { kind: 'skip-reason', slot: id };
  if (!e.history.includes(id)) e.history = [...e.history, id];
}

export function progress(t: Turn): void {
  const e = t.entry;
  const score = scoreForm(e.form);
  const items = checklist(e, score);
  const slot = t.current();
  t.say(M.progressHead(slot.kind === 'review' ? sectionLabel(slot) : `${sectionLabel(slot)} —— ${labelOf(slot, e.form)}`));
  for (const section of SECTION_IDS) {
    if (section === 'review') continue;
    const own = items.filter((it) => sectionOf(it.slot) === section);
    const filled = own.filter((it) => it.state === 'filled').length;
    const skipped = own.filter((it) => it.state === 'skipped').length;
    const label = SECTION_LABELS[section];
    if (section === 'subItems') t.say(L.progressSubItems(label, e.form.subItems.length, e.done.subItems));
    else if (section === 'indicators') {
      const parts = (['input', 'output', 'outcome', 'impact'] as const).map((c) => {
        const n = e.form.indicators.filter((i) => i.category === c).length;
        return L.progressCategory(CATEGORY_LABELS[c], n);
      });
      t.say(L.progressIndicators(label, parts.join('、'), filled, own.length, skipped));
    } else t.say(L.progressSection(label, filled, own.length, skipped));
  }
  const skippedLabels = items.filter((it) => it.state === 'skipped').map((it) => labelOf(it.slot, e.form));
  if (skippedLabels.length) t.say(M.progressSkipped(skippedLabels));
  const left = items.filter((it) => it.state === 'missing' && it.slot.kind !== 'review').map((it) => labelOf(it.slot, e.form));
  t.say(M.progressLeft(left.length > 8 ? [...left.slice(0, 8), L.progressMore(left.length)] : left));
  t.say(M.totalNow(score.total, show(score.maxTotal)));
}

/** The files of one format (Word: .docx, Excel: .xlsx), all of them when none matches. */
export function pickFormat(files: ExportedFile[], format: 'word' | 'excel' | 'both'): ExportedFile[] {
  if (format === 'both') return files;
  const ext = format === 'word' ? /\.docx?$/i : /\.xlsx?$/i;
  const hit = files.filter((f) => ext.test(f.name));
  return hit.length ? hit : files;
}

export async function exportForm(t: Turn, format: 'word' | 'excel' | 'both' = 'both'): Promise<void> {
  const e = t.entry;
  const score = scoreForm(e.form, { final: true });
  const blocking = blockingFindings(score);
  if (blocking.length > 0) {
    t.say(M.exportBlocked(blocking.map((f, i) => `${i + 1}. ${f.message}`)));
    return;
  }
  const exporter = t.deps.exporter;
  if (!exporter) return t.say(M.noExporter);
  const missing = checklist(e, score).filter((it) => it.state === 'missing' && it.slot.kind !== 'review');
  try {
    const files = await exporter.exportForm(e.form, score);
    const picked = pickFormat(files, format);
    if (missing.length) t.say(M.exportIncomplete(missing.length, missing.slice(0, 3).map((it) => labelOf(it.slot, e.form)).join('、')));
    t.say(M.exported(picked.map((f) => f.name)));
    t.files(picked, formKey(e.form));
  } catch {
    t.say(M.exportFailed);
  }
}

/** Every form of the session, Suzhou ones first, then national ones (the numbers 表单 shows). */
function allForms(t: Turn): Array<{ id: string; key: string; name: string; where: string }> {
  const suzhou = t.session.forms.map((f) => {
    const slot = nextField(f);
    return { id: f.id, key: formKey(f.form), name: f.form.project.name ?? '', where: slot.kind === 'review' ? L.formDone : L.formAt(sectionLabel(slot)) };
  });
  const national = (t.session.national ?? []).map((n) => {
    const slot = nextSlot(n);
    return { id: n.id, key: `${nationalKey(n.form)}［财政部通用表］`, name: n.form.project.name ?? '', where: slot.kind === 'review' ? L.formDone : L.formAt(sectionOfSlot(slot)) };
  });
  return [...suzhou, ...national];
}

export function listForms(t: Turn): void {
  const lines = allForms(t).map((f, i) => M.formLine(i + 1, f.key, f.where, f.id === t.session.active));
  t.say(lines.length ? M.formsList(lines) : M.formsEmpty);
}

export function newForm(t: Turn): void {
  if (t.session.forms.length >= MAX_FORMS) return t.say(M.tooManyForms(MAX_FORMS));
  const e = newEntry(t.session, t.deps.clock.now());
  t.session.forms.push(e);
  t.session.active = e.id;
  t.say(M.newForm);
}

export function switchForm(t: Turn, query: string): void {
  const forms = allForms(t);
  const q = normalizeText(query).replace(/^第/, '').replace(/[个份]?(表单)?$/, '');
  let target: (typeof forms)[number] | undefined;
  if (/^\d{1,3}$/.test(q)) target = forms[Number(q) - 1];
  else {
    const key = compact(q);
    const hits = forms.filter((f) => key !== '' && compact(f.key).includes(key));
    target = hits.length === 1 ? hits[0] : hits.find((f) => compact(f.name) === key);
  }
  if (!target) return t.say(M.switchNotFound(query));
  const shown = target.key.replace(/［财政部通用表］$/, '');
  if (target.id === t.session.active) return t.say(M.alreadyActive(shown));
  t.session.active = target.id;
  t.say(M.switched(shown));
}


/** The indicator a query names; '' or 这个 → the last scored one (or the one being asked). */
export function indicatorFor(t: Turn, query: string): number | undefined {
  const e = t.entry;
  if (THIS_ONE.test(compact(query))) {
    const slot = t.current();
    const i = e.lastIndicator ?? (slot.kind === 'indicator' ? slot.index : undefined);
    if (i === undefined || !e.form.indicators[i]) {
      t.say(M.whyNothing);
      return undefined;
    }
    return i;
  }
  const r = resolveRef(query, e.form);
  if (r.ok && r.ref.kind === 'indicator') return r.ref.index;
  if (!r.ok && r.reason === 'ambiguous') t.say(M.ambiguous(query, r.options));
  else t.say(M.notFound(query));
  return undefined;
}

export function namesIndicator(t: Turn, query: string): boolean {
  const r = resolveRef(query, t.entry.form, { partial: false });
  return r.ok && r.ref.kind === 'indicator';
}


export function edit(t: Turn, query: string): 'done' | 'not-handled' {
  const e = t.entry;
  const r = resolveRef(query, e.form);
  if (!r.ok) {
    if (t.isFreeText(t.current()) && [...query].length > 20) return 'not-handled';
    t.say(r.reason === 'ambiguous' ? M.ambiguous(query, r.options) : M.notFound(query));
    return 'done';
  }
  if (r.ref.kind === 'derived') {
    t.say(M.derivedNoEdit(r.ref.label, r.ref.formula));
    return 'done';
  }
  if (r.ref.kind === 'subItems') {
    listSubItems(t);
    return 'done';
  }
  const slot = refSlot(r.ref)!;
  if (slot.kind === 'indicator' && slot.part === 'actual' && isComputed(e.form, slot.index)) {
    t.say(M.computedIndicator(e.form.indicators[slot.index].name, L.executionRateFormula));
    return 'done';
  }
  if (slot.kind === 'indicator' && slot.part === 'grade' && e.form.indicators[slot.index].grade === undefined && scoreForm(e.form).indicators[slot.index].status !== 'needs-grade') {
    t.startEdit({ ...slot, part: 'actual' });
    return 'done';
  }
  t.startEdit(slot);
  return 'done';
}

export function set(t: Turn, query: string, value: string, explicit: boolean): 'done' | 'not-handled' {
  const e = t.entry;
  const slotNow = t.current();
  // A loose "X是Y" at a free-text question counts only when X is exactly a field or indicator.
  if (!explicit && t.isFreeText(slotNow) && (t.entry.pending || (slotNow.kind === 'field' && slotNow.path.startsWith('narrative.')) || [...query, ...value].length > 60)) return 'not-handled';
  const r = resolveRef(query, e.form, { partial: explicit || !t.isFreeText(slotNow) });
  if (!r.ok) {
    if (!explicit) return 'not-handled';
    if (t.isFreeText(t.current()) && !/^(把|将)/.test(query)) return 'not-handled';
    t.say(r.reason === 'ambiguous' ? M.ambiguous(query, r.options) : M.notFound(query));
    return 'done';
  }
  if (r.ref.kind === 'derived') {
    t.say(M.derivedNoEdit(r.ref.label, r.ref.formula));
    return 'done';
  }
  if (r.ref.kind === 'subItems') return explicit ? (listSubItems(t), 'done') : 'not-handled';
  if (r.ref.kind === 'subItem' && r.ref.part === undefined) {
    const name = e.form.subItems[r.ref.index].name;
    t.say(M.ambiguous(query, [L.subItemOption(name, L.subItemPart.budget), L.subItemOption(name, L.subItemPart.actual)]));
    return 'done';
  }
  const slot = refSlot(r.ref)!;
  if (slot.kind === 'indicator' && slot.part === 'selfScore') {
    setSelfScore(t, slot.index, value);
    return 'done';
  }
  answer(t, slot, value, 'correction');
  return 'done';
}

export function keep(t: Turn, index: number | undefined, reason: string | undefined): void {
  const e = t.entry;
  const slot = t.current();
  if (index === undefined && e.editing !== undefined && e.editing === slotId(slot)) {
    delete e.editing;
    t.say(M.kept(labelOf(slot, e.form)));
    return;
  }
  let finding: Finding | undefined;
  if (index === undefined && slot.kind === 'conflict') {
    finding = openConflicts(e).find((f) => f.code === slot.code && (f.subject ?? '') === slot.subject);
  } else {
    const blocking = blockingFindings(scoreForm(e.form, { final: true }));
    if (blocking.length === 0) return t.say(M.keepNothing);
    if (index === undefined) {
      if (blocking.length > 1) return t.say(M.keepWhich(blocking.length));
      finding = blocking[0];
    } else {
      finding = blocking[index - 1];
      if (!finding) return t.say(M.keepWhich(blocking.length));
    }
  }
  if (!finding) return t.say(M.keepNothing);
  e.pending = { kind: 'override-reason', code: finding.code, ...(finding.subject !== undefined ? { subject: finding.subject } : {}), label: clip(finding.message, 200) };
  if (reason) answerPending(t, reason);
}

export function remove(t: Turn, query: string): void {
  const e = t.entry;
  const r = resolveRef(query, e.form);
  if (!r.ok) return t.say(r.reason === 'ambiguous' ? M.ambiguous(query, r.options) : M.notFound(query));
  if (r.ref.kind === 'subItem') {
    const i = r.ref.index;
    const name = e.form.subItems[i].name;
    remapIndices(e, 'subItem', removeAt(i));
    t.say(M.subItemDeleted(name));
    t.commit(deleteSubItem(e.form, i));
    return;
  }
  if (r.ref.kind === 'indicator') {
    const i = r.ref.index;
    const ind = e.form.indicators[i];
    if (ind.category === 'input') return t.say(M.cannotDeleteCommon(ind.name));
    remapIndices(e, 'indicator', removeAt(i));
    t.say(M.indicatorDeleted(ind.name));
    t.commit(deleteIndicator(e.form, i));
    return;
  }
  t.say(M.notFound(query));
}

export async function importFile(t: Turn, file: IncomingFile): Promise<void> {
  const importer = t.deps.importer;
  if (!importer) return t.say(M.noImporter);
  let result;
  try {
    result = await importer.importFile(file);
  } catch {
    return t.say(M.importCrashed);
  }
  if (!result.ok) return t.say(M.importFailed(result.message));
  if ('template' in result) return offerNational(t, file.name, result.form, result.issues);
  const form = result.form;
  const score = scoreForm(form, { final: true });
  t.say(M.importHead(file.name, formKey(form), form.indicators.length));
  t.say(M.importScore(score.total, show(score.maxTotal), score.selfTotal));
  t.say(M.importFindings(score.findings.slice(0, 12).map((f, i) => L.numbered(i + 1, `${L.tag(f.severity)}${f.message}`))));
  if (result.issues.length) t.say(M.importIssues(result.issues.slice(0, 5).map((x) => L.issueLine(x.line, x.message))));
  t.card(scoreCard(form, score));
  t.session.pending = { kind: 'import-offer', form, fileName: clip(file.name, 200) };
}

/** A national form read from a file: its score and grade, its findings, and the offer to load it. */
function offerNational(t: Turn, fileName: string, form: NationalForm, issues: ReadonlyArray<{ line?: number; message: string }>): void {
  const score = scoreNationalForm(form);
  t.say(M.importHead(fileName, nationalKey(form), form.indicators.length));
  t.say(`按规则得分 ${score.total} / ${show(score.maxTotal)}，等级“${score.grade}”${score.selfTotal !== undefined ? `（单位自评 ${score.selfTotal}）` : ''}。`);
  const findings = score.checks.slice(0, 12).map((c, i) => L.numbered(i + 1, `${L.tag(c.severity)}${renderNationalFinding(c)}`));
  t.say(M.importFindings(findings));
  if (issues.length) t.say(M.importIssues(issues.slice(0, 5).map((x) => L.issueLine(x.line, x.message))));
  t.session.pending = { kind: 'import-national', form, fileName: clip(fileName, 200) };
}
