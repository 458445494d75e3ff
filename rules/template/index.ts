// Form templates: what a form is made of — its sections and fields (with the labels printed on the
// form), the identities a form is known by, the indicator table (levels and columns) and the labels
// that recognise its layout in a file. A rule set names its template; readers, writers and (later)
// the conversation's questions walk the template instead of hard-coding one form.
// Pure data plus two small look-ups; no scoring here.
import { compact } from '../parse/normalize.js';

export type TemplateId = 'suzhou' | 'national';

/** One field the user fills: its path in the form model, its printed label and what kind of value it is. */
export type TemplateField = {
  path: string;
  label: string;
  kind: 'text' | 'year' | 'amount' | 'points' | 'longText';
  /** Derived from other fields (shown, not asked). */
  derived?: boolean;
  /** The question the conversation asks for it (plain Chinese, says what to write). */
  ask?: string;
};

export type TemplateSection = { id: string; label: string; fields: TemplateField[] };

/** A level of the indicator table (一级 → 二级); `children` are the allowed labels of the next level. */
export type IndicatorLevel = { id: string; label: string; points?: string; children: string[] };

export type FormTemplate = {
  id: TemplateId;
  title: string;
  /** Who fills it, in one phrase (for the question "which form?"). */
  audience: string;
  /** The fields that identify a project (shown in lists, used in file names). */
  identities: string[];
  sections: TemplateSection[];
  indicatorTable: {
    /** Printed column labels, in order. */
    columns: string[];
    /** First-level groups with their second-level labels (empty: the table has one level). */
    levels: IndicatorLevel[];
    /** Per-indicator fields the user gives, in the order the conversation asks them. */
    fields: TemplateField[];
  };
  /** Labels that only this layout prints: a file showing at least `minSignatures` of them is this form. */
  signatures: string[];
  minSignatures: number;
};

export const suzhouTemplate: FormTemplate = {
  id: 'suzhou',
  title: '苏州市级财政支出项目绩效自评表',
  audience: '苏州市级预算单位（2021 年起）',
  identities: ['project.name', 'project.year', 'project.department'],
  sections: [
    {
      id: 'project',
      label: '项目基本信息',
      fields: [
        { path: 'project.name', label: '项目名称', kind: 'text' },
        { path: 'project.year', label: '项目年份', kind: 'year' },
        { path: 'project.department', label: '项目主管部门(单位)', kind: 'text' },
      ],
    },
    {
      id: 'budget',
      label: '市级预算执行情况（万元）',
      fields: [
        { path: 'budget.initial', label: '年初预算数', kind: 'amount' },
        { path: 'budget.adjustment', label: '当年使用上年结余、结转及当年调整预算数', kind: 'amount' },
        { path: 'budget.appropriated', label: '财政拨款数', kind: 'amount' },
        { path: 'budget.quotaBalance', label: '指标结余数', kind: 'amount', derived: true },
      ],
    },
    {
      id: 'funds',
      label: '市级财政资金使用情况（万元）',
      fields: [
        { path: 'funds.paid', label: '实际支付数', kind: 'amount' },
        { path: 'funds.balance', label: '资金结余、结转数', kind: 'amount', derived: true },
        { path: 'funds.carriedOver', label: '结转数', kind: 'amount' },
        { path: 'funds.recovered', label: '财政收回数', kind: 'amount' },
      ],
    },
    { id: 'subItems', label: '项目资金构成', fields: [] },
  ],
  indicatorTable: {
    columns: ['类别', '指标名称', '目标值', '权重', '实际完成值', '自评分'],
    levels: [
      { id: 'input', label: '投入', points: '22', children: [] },
      { id: 'output', label: '产出', points: '26', children: [] },
      { id: 'outcome', label: '结果', points: '26', children: [] },
      { id: 'impact', label: '影响力', points: '6', children: [] },
    ],
    fields: [
      { path: 'name', label: '指标名称', kind: 'text' },
      { path: 'target', label: '目标值', kind: 'text' },
      { path: 'actual', label: '实际完成值', kind: 'text' },
      { path: 'selfScore', label: '自评分', kind: 'points' },
    ],
  },
  signatures: ['预算执行情况', '资金使用情况', '项目资金构成', '指标名称', '项目绩效实现情况', '当年使用上年结余、结转及当年调整预算数', '指标结余数'],
  minSignatures: 2,
};

export const nationalTemplate: FormTemplate = {
  id: 'national',
  title: '项目支出绩效自评表',
  audience: '中央、省级及其他地区预算单位（财预〔2020〕10号格式）',
  identities: ['project.name', 'project.year', 'project.department', 'project.implementer'],
  sections: [
    {
      id: 'project',
      label: '项目基本信息',
      fields: [
        { path: 'project.name', label: '项目名称', kind: 'text', ask: '项目名称是什么？' },
        { path: 'project.year', label: '年度', kind: 'year', ask: '这是哪一年度的自评？请写四位年份，例如 2022。' },
        { path: 'project.department', label: '主管部门', kind: 'text', ask: '主管部门是哪个单位？' },
        { path: 'project.implementer', label: '实施单位', kind: 'text', ask: '实施单位是哪个单位？' },
      ],
    },
    {
      id: 'funds',
      label: '项目资金（万元）',
      fields: [
        { path: 'funds.total.initial', label: '年度资金总额·年初预算数', kind: 'amount', ask: '年度资金总额的年初预算数是多少万元？' },
        { path: 'funds.total.annual', label: '年度资金总额·全年预算数', kind: 'amount', ask: '年度资金总额的全年预算数（调整后）是多少万元？' },
        { path: 'funds.total.executed', label: '年度资金总额·全年执行数', kind: 'amount', ask: '年度资金总额全年实际执行了多少万元？' },
        { path: 'funds.fiscal', label: '其中：当年财政拨款', kind: 'amount', ask: '其中当年财政拨款的年初预算、全年预算、全年执行数各是多少万元？' },
        { path: 'funds.carryover', label: '上年结转资金', kind: 'amount', ask: '上年结转资金的三个数各是多少万元？没有就写 0。' },
        { path: 'funds.other', label: '其他资金', kind: 'amount', ask: '其他资金的三个数各是多少万元？没有就写 0。' },
      ],
    },
    {
      id: 'goals',
      label: '年度总体目标',
      fields: [
        { path: 'goals.expected', label: '预期目标', kind: 'longText', ask: '年度总体目标（预期目标）是什么？' },
        { path: 'goals.actual', label: '实际完成情况', kind: 'longText', ask: '年度总体目标实际完成得怎样？' },
      ],
    },
  ],
  indicatorTable: {
    columns: ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
    levels: [
      { id: 'output', label: '产出指标', points: '50', children: ['数量指标', '质量指标', '时效指标', '成本指标'] },
      { id: 'benefit', label: '效益指标', points: '30', children: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'] },
      { id: 'satisfaction', label: '满意度指标', points: '10', children: ['服务对象满意度指标'] },
    ],
    fields: [
      { path: 'level2', label: '二级指标', kind: 'text', ask: '这项指标属于哪个二级指标？' },
      { path: 'name', label: '三级指标', kind: 'text', ask: '三级指标的名称是什么？' },
      { path: 'target', label: '年度指标值', kind: 'text', ask: '年度指标值是多少？例如 ≥30个、≤480元/人、按时拨付。' },
      { path: 'actual', label: '实际完成值', kind: 'text', ask: '实际完成值是多少？' },
      { path: 'weight', label: '分值', kind: 'points', ask: '这项指标的分值是多少？' },
      { path: 'selfScore', label: '得分', kind: 'points', ask: '单位自评得分是多少？' },
      { path: 'deviation', label: '偏差原因分析及改进措施', kind: 'longText', ask: '没有完成的原因是什么？打算怎样改进？' },
    ],
  },
  signatures: ['年度资金总额', '全年预算数', '全年执行数', '一级指标', '二级指标', '三级指标', '年度指标值', '偏差原因分析及改进措施', '年度总体目标', '项目支出绩效自评表'],
  minSignatures: 2,
};

export const TEMPLATES: readonly FormTemplate[] = [suzhouTemplate, nationalTemplate];

export function getTemplate(id: TemplateId): FormTemplate {
  return id === 'national' ? nationalTemplate : suzhouTemplate;
}

/**
 * Which template a file's labels belong to (cell texts, any order): the one with the most of its
 * signature labels present, at least its minimum; undefined when none qualifies. Labels are compared
 * without white space and with full-width characters folded; a label counts when a cell starts with it.
 */
export function detectTemplate(labels: Iterable<string>): TemplateId | undefined {
  const keys = [...new Set([...labels].map(compact))].filter((k) => k !== '');
  let best: { id: TemplateId; hits: number } | undefined;
  for (const t of TEMPLATES) {
    const hits = t.signatures.filter((s) => {
      const sig = compact(s);
      return keys.some((k) => k === sig || k.startsWith(sig) || (sig.length >= 6 && k.includes(sig)));
    }).length;
    if (hits >= t.minSignatures && (!best || hits > best.hits)) best = { id: t.id, hits };
  }
  return best?.id;
}
