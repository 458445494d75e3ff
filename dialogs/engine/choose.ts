// Which form a project fills, and moving a project between the two forms. After the 主管部门 the
// conversation settles the template (rules/template/choose.ts): a place named, the year, or the
// deployment's region decide it; otherwise it asks, with buttons. A user may also say at any time
// "改用财政部通用表" / "改用苏州表": a project with only its header is moved; one with figures keeps
// them and a new form of the other kind starts with the same header.
import { chooseTemplate, compact, emptyForm, emptyNationalForm, getTemplate, type TemplateId } from '../../rules/index.js';
import { N, NB } from '../national/messages.js';
import { closedOf, newNationalEntry, type NationalEntry } from '../national/session.js';
import type { Turn } from './context.js';
import { activeEntry, MAX_FORMS, newEntry, type FormEntry } from './session.js';
import { M } from '../messages/zh-CN.js';

const isHeaderSlot = (id: string) => /project\./.test(id);

type Header = { name?: string; year?: number; department?: string };
const HEADER_KEYS = ['name', 'year', 'department'] as const;

/** What both forms' project headers share (项目名称, 年份, 主管部门), without absent keys. */
function commonHeader(p: Header): Header {
  return Object.fromEntries(HEADER_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])) as Header;
}

/** The header fields a moved form has answered (its history, for 上一步). */
const headerHistory = (p: Header) => HEADER_KEYS.filter((k) => p[k] !== undefined).map((k) => `project.${k}`);

/** "改用财政部通用表", "用苏州市级的表": a request for the other form (undefined: none). */
export function readTemplateRequest(text: string): TemplateId | undefined {
  const c = compact(text).replace(/[。.!！]+$/u, '');
  const m = /^(请|我要|我想)?(改用|换成|换用|切换到|切换成|切到|改成|改填|用|填|要填)(财政部|全国|国家|中央|通用|苏州市级|苏州|市级)(的)?(通用)?(绩效)?(自评)?(表|表格|模板|格式|版)?$/.exec(c);
  if (!m) return undefined;
  return /苏州|市级/.test(m[3]) ? 'suzhou' : 'national';
}

/** Reads the answer to "which form?": 苏州市级 / 财政部通用 (or 1 / 2). */
export function readChoice(text: string): TemplateId | undefined {
  const c = compact(text).replace(/[。.!！]+$/u, '');
  if (/^(1|第一个|苏州|苏州市级|苏州市|市级|苏州的|苏州表|苏州市级表)/.test(c)) return 'suzhou';
  if (/^(2|第二个|财政部|财政部通用|通用|全国|国家|中央|省级?)/.test(c)) return 'national';
  return readTemplateRequest(text);
}

function why(c: ReturnType<typeof chooseTemplate>, year: number | undefined): string {
  if (c.because === 'named-other') return N.whyNamedOther(c.place ?? '');
  if (c.because === 'year' && year !== undefined) return N.whyYear(year);
  if (c.because === 'region') return N.whyRegion;
  return '';
}

/**
 * After an answer on a Suzhou form: once its 主管部门 is known and nothing beyond the header is
 * filled, settle the template (or ask). Returns whether the active form is now a national one.
 */
export function settleTemplate(t: Turn): boolean {
  const e = activeEntry(t.session);
  if (!e || e.chosen || t.session.pending) return false;
  const p = e.form.project;
  if (p.department === undefined) return false;
  if (!e.history.every(isHeaderSlot)) {
    e.chosen = true; // a form started before this question existed, or imported
    return false;
  }
  const c = chooseTemplate({ name: p.name, department: p.department, year: p.year, region: t.deps.region });
  if (c.decided === 'suzhou') {
    e.chosen = true;
    return false;
  }
  if (c.decided === 'national') {
    const n = moveToNational(t, e);
    t.say(N.chosenNational(why(c, p.year)));
    return n !== undefined;
  }
  t.session.pending = { kind: 'choose-template', formId: e.id };
  return false;
}

/** The question for the pending choice. */
export function askChoice(t: Turn): void {
  t.ask(N.chooseAsk(N.chooseWhyUnknown), [...NB.choose]);
}

/** Answers the pending "which form?"; returns whether the active form is now a national one. */
export function resolveChoice(t: Turn, text: string): boolean {
  const p = t.session.pending;
  if (!p || p.kind !== 'choose-template') return false;
  const choice = readChoice(text);
  if (!choice) {
    t.say(N.chooseNotUnderstood);
    return false;
  }
  delete t.session.pending;
  const e = t.session.forms.find((f) => f.id === p.formId);
  if (!e) return false;
  if (choice === 'suzhou') {
    e.chosen = true;
    t.say(N.chosenSuzhou);
    return false;
  }
  const n = moveToNational(t, e);
  t.say(N.chosenNational(''));
  return n !== undefined;
}

/** A Suzhou project onto the national form: moved when only its header is filled, else copied. */
export function moveToNational(t: Turn, e: FormEntry): NationalEntry | undefined {
  const form = emptyNationalForm();
  form.project = commonHeader(e.form.project);
  const onlyHeader = e.history.every(isHeaderSlot);
  const now = t.deps.clock.now();
  let id = e.id;
  if (onlyHeader) t.session.forms = t.session.forms.filter((f) => f.id !== e.id);
  else {
    if (t.session.forms.length + (t.session.national?.length ?? 0) >= MAX_FORMS) {
      t.say(M.tooManyForms(MAX_FORMS));
      return undefined;
    }
    id = `f${t.session.nextId}`;
    t.session.nextId += 1;
    t.say(N.switchTooLate(getTemplate('national').title));
  }
  const n = newNationalEntry(id, now, form);
  n.history = headerHistory(form.project);
  t.session.national = [...(t.session.national ?? []), n];
  t.session.active = n.id;
  return n;
}

/** A national project onto the Suzhou form (the same way round). */
export function moveToSuzhou(t: Turn, n: NationalEntry): FormEntry | undefined {
  const onlyHeader = n.history.every(isHeaderSlot) && !n.draft;
  const form = emptyForm();
  form.project = commonHeader(n.form.project);
  if (onlyHeader) t.session.national = (t.session.national ?? []).filter((x) => x.id !== n.id);
  else if (t.session.forms.length + (t.session.national?.length ?? 0) >= MAX_FORMS) {
    t.say(M.tooManyForms(MAX_FORMS));
    return undefined;
  }
  const e = newEntry(t.session, t.deps.clock.now(), form);
  if (onlyHeader) {
    e.id = n.id;
    t.say(N.switchedTemplate(getTemplate('suzhou').title));
  } else t.say(N.switchTooLate(getTemplate('suzhou').title));
  e.chosen = true;
  e.history = headerHistory(form.project);
  t.session.forms.push(e);
  t.session.active = e.id;
  return e;
}

/** Loads a national form read from a file as a new entry. */
export function loadNational(t: Turn, form: NationalEntry['form']): NationalEntry | undefined {
  if (t.session.forms.length + (t.session.national?.length ?? 0) >= MAX_FORMS) {
    t.say(M.tooManyForms(MAX_FORMS));
    return undefined;
  }
  const id = `f${t.session.nextId}`;
  t.session.nextId += 1;
  const n = newNationalEntry(id, t.deps.clock.now(), form);
  n.closed = closedOf(form);
  t.session.national = [...(t.session.national ?? []), n];
  t.session.active = n.id;
  return n;
}
