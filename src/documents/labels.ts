// The fixed wording of the official form, shared by the DOCX and XLSX builders and the DOCX reader
// (which finds the tables by these labels, not by position).
import { FIELD_LABELS } from '../../rules/index.js';

export const L = {
  reportTitle: '苏州市级财政支出项目绩效自评价报告',
  tableTitle: '苏州市级财政支出项目绩效自评表',
  name: FIELD_LABELS['project.name'],
  year: FIELD_LABELS['project.year'],
  department: FIELD_LABELS['project.department'],
  budgetBlock: '市级预算执行情况（万元）',
  initial: FIELD_LABELS['budget.initial'],
  adjustment: FIELD_LABELS['budget.adjustment'],
  appropriated: FIELD_LABELS['budget.appropriated'],
  quotaBalance: FIELD_LABELS['budget.quotaBalance'],
  fundsBlock: '市级财政资金使用情况（万元）',
  paid: FIELD_LABELS['funds.paid'],
  balance: FIELD_LABELS['funds.balance'],
  ofWhich: '其中：',
  carriedOver: FIELD_LABELS['funds.carriedOver'],
  recovered: FIELD_LABELS['funds.recovered'],
  subItemsBlock: '项目资金构成（详细列出各子项目名称和金额）',
  subItemName: '子项名称',
  subItemBudget: '预算数（万元）',
  subItemActual: '实际数（万元）',
  total: '合计',
  project: '项目',
  category: '类别',
  indicatorName: '指标名称',
  target: '目标值',
  weight: '权重',
  actual: '实际完成值',
  selfScore: '自评分',
  instructionsPrefix: '填表说明：',
  basicInfo: '项目基本情况',
  autoNote: '（标注：项目概况、项目总目标、年度绩效目标由软件自动从申报表中生成）',
  emptySection: '（未填写）',
  appendixTitle: '附：评分说明',
  ruleScore: '规则得分',
  userSelfScore: '自评分（用户填报）',
  note: '说明',
  differs: '与规则得分',
  notApplicable: '不适用',
  chosenByYear: '按项目年份选用',
} as const;

/** 项目绩效实现情况（80分）: the total comes from the rule set. */
export const performanceLabel = (maxTotal: string) => `项目绩效实现情况（${maxTotal}分）`;

/** 投入 → 投入目标 */
export const categoryRowLabel = (label: string) => `${label}目标`;
