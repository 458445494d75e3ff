// The form as JSON (the zod model of rules/model/form.ts): read with validation, written pretty with
// decimals as strings. Amounts written as JSON numbers (1900, -812.5) are accepted and turned into
// strings; anything else that does not fit the model is refused with the place and what to do.
import { FIELD_LABELS, Form, type FieldPath } from '../../rules/index.js';
import type { ImportIssue, ImportResult } from '../../dialogs/ports.js';
import { MAX_TEXT_LENGTH } from './seedText.js';

const FORM_KEYS = ['ruleSet', 'project', 'budget', 'funds', 'subItems', 'indicators', 'narrative', 'overrides'] as const;

/** Places where the model wants a decimal string; a JSON number there is converted. */
const DECIMAL_FIELDS = {
  budget: ['initial', 'adjustment', 'appropriated', 'quotaBalance'],
  funds: ['paid', 'balance', 'carriedOver', 'recovered'],
  subItems: ['budget', 'actual'],
  indicators: ['weight', 'selfScore'],
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function numbersToStrings(obj: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out = { ...obj };
  for (const f of fields) if (typeof out[f] === 'number' && Number.isFinite(out[f])) out[f] = String(out[f]);
  return out;
}

function prepare(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const key of ['budget', 'funds'] as const) {
    if (isObject(out[key])) out[key] = numbersToStrings(out[key] as Record<string, unknown>, DECIMAL_FIELDS[key]);
  }
  for (const key of ['subItems', 'indicators'] as const) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((item) => (isObject(item) ? numbersToStrings(item, DECIMAL_FIELDS[key]) : item));
  }
  if (isObject(out.project) && typeof out.project.year === 'string' && /^\d{4}$/.test(out.project.year)) {
    out.project = { ...out.project, year: Number(out.project.year) };
  }
  // Targets and actuals are text; a bare number (100) means the same as "100".
  if (Array.isArray(out.indicators)) {
    out.indicators = out.indicators.map((item) => {
      if (!isObject(item)) return item;
      const fixed = { ...item };
      for (const f of ['target', 'actual'] as const) if (typeof fixed[f] === 'number' && Number.isFinite(fixed[f])) fixed[f] = String(fixed[f]);
      return fixed;
    });
  }
  return out;
}

/** "indicators.3.weight" → 第4个指标的权重; "budget.initial" → 年初预算数. */
function placeName(path: readonly PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if ((head === 'indicators' || head === 'subItems') && second !== undefined && /^\d+$/.test(second)) {
    const what = head === 'indicators' ? '指标' : '子项';
    const names: Record<string, string> = {
      name: '名称', target: '目标值', weight: '权重', actual: '实际完成值', selfScore: '自评分', note: '说明',
      category: '类别', grade: '等级', budget: '预算数', notApplicable: '不适用标记',
    };
    return `第${Number(second) + 1}个${what}${third ? `的${names[third] ?? third}` : ''}`;
  }
  const key = path.slice(0, 2).map(String).join('.');
  return FIELD_LABELS[key as FieldPath] ?? (path.map(String).join('.') || '整个表单');
}

type ZodIssue = { code: string; path: readonly PropertyKey[]; expected?: unknown; values?: readonly unknown[]; maximum?: unknown; message: string };

const TYPE_NAMES: Record<string, string> = { string: '文字', number: '数字', array: '列表', object: '对象', boolean: 'true 或 false' };

/** What is wrong, in Chinese, from a zod issue. */
function describe(i: ZodIssue): string {
  const last = String(i.path[i.path.length - 1] ?? '');
  switch (i.code) {
    case 'invalid_type':
      return `应为${TYPE_NAMES[String(i.expected)] ?? String(i.expected)}`;
    case 'invalid_format':
      return last === 'weight' || last === 'selfScore' ? '应为分数（最多两位小数），例如 "8.66"' : '应为金额（万元，最多 6 位小数），例如 "1900"';
    case 'invalid_value':
      return `应为以下之一：${(i.values ?? []).map(String).join('、')}`;
    case 'too_big':
      return `太长或太大（上限 ${String(i.maximum)}）`;
    case 'too_small':
      return '太短或太小';
    case 'custom':
      return /negative/.test(i.message) ? '不能为负数' : '不符合要求';
    default:
      return '不符合要求';
  }
}

/** A form file's JSON text parsed (BOM dropped, size checked), or the message that says why not. */
export function parseJsonFile(text: string): { ok: true; data: unknown } | { ok: false; message: string } {
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, message: '文件太大，不像一份表单 JSON。请检查是否选错了文件。' };
  try {
    return { ok: true, data: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    return { ok: false, message: '这个文件不是有效的 JSON。请上传由本助手导出的表单 JSON，或自评表的文本导出。' };
  }
}

export function importJson(text: string): ImportResult {
  const json = parseJsonFile(text);
  if (!json.ok) return json;
  const data = json.data;
  // ruleSet and overrides alone do not make a form (package.json has "overrides").
  if (!isObject(data) || !FORM_KEYS.some((k) => k !== 'ruleSet' && k !== 'overrides' && k in data)) {
    return { ok: false, message: '这个 JSON 不是自评表（没有 project、budget、indicators 等栏目）。请上传由本助手导出的表单 JSON。' };
  }
  const issues: ImportIssue[] = Object.keys(data)
    .filter((k) => !(FORM_KEYS as readonly string[]).includes(k))
    .map((k) => ({ field: k, message: `未知栏目“${k.slice(0, 30)}”已忽略。` }));
  const parsed = Form.safeParse(prepare(data));
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${placeName(i.path)}${describe(i)}`);
    const more = parsed.error.issues.length > 5 ? `等 ${parsed.error.issues.length} 处` : '';
    return { ok: false, message: `表单 JSON 有错：${problems.join('；')}${more}。请改正后重新导入。` };
  }
  return { ok: true, form: parsed.data, issues, format: 'json' };
}

/** The form as pretty JSON, decimals as strings, ending with a newline. */
export function formToJson(form: Form): string {
  return `${JSON.stringify(Form.parse(form), null, 2)}\n`;
}
