// Rule set suzhou-2021: the 苏州市级财政支出项目绩效自评表 of 2021 as data (domain.md §4).
// To correct a value (e.g. once the 2021 《'投入'类共性指标》 document is at hand), edit this file only.
import type { RuleSet } from './schema.js';

export const suzhou2021 = {
  name: 'suzhou-2021',
  year: 2021,
  title: '苏州市级财政支出项目绩效自评表（2021年度）',
  maxTotal: '80',
  meta: {
    source: '2021年度苏州市级财政支出项目绩效自评表及其填表说明（见 shared/seed）',
    unverified: [
      'categories.input.total (22)',
      'categories.output.total (26)',
      'categories.outcome.total (26)',
      'categories.impact.total (6)',
      'commonIndicators: names, weights and targets of the six 投入 indicators (taken from the seed; the 2021 《"投入"类共性指标》 document was not available)',
    ],
    notes: [
      '影响力 has no rule in the 填表说明; it is scored like 结果 (upper band 200%).',
      'The other 20 of 100 points are not part of this table: no grade is given.',
    ],
  },
  categories: [
    { id: 'input', label: '投入', total: '22', weighting: 'fixed', upperBand: '130', ruleRef: 'r7-input' },
    { id: 'output', label: '产出', total: '26', weighting: 'equal', upperBand: '130', ruleRef: 'r7-output' },
    { id: 'outcome', label: '结果', total: '26', weighting: 'equal', upperBand: '200', ruleRef: 'r7-outcome' },
    { id: 'impact', label: '影响力', total: '6', weighting: 'equal', upperBand: '200', ruleRef: 'r7-impact' },
  ],
  commonIndicators: [
    { name: '资金使用合规性', category: 'input', weight: '4', target: '合规', source: 'user', mayBeNotApplicable: false },
    { name: '财务制度健全性', category: 'input', weight: '2', target: '健全', source: 'user', mayBeNotApplicable: false },
    { name: '专款专用率', category: 'input', weight: '4', target: '100%', source: 'user', mayBeNotApplicable: false },
    { name: '政府采购规范性', category: 'input', weight: '2', target: '规范', source: 'user', mayBeNotApplicable: true },
    {
      name: '预算执行率', category: 'input', weight: '8', target: '100%', source: 'executionRate', mayBeNotApplicable: false,
      definition: '实际支付数 ÷（年初预算数 + 当年调整数）× 100%',
    },
    {
      name: '资金节约率', category: 'input', weight: '2', target: '15%及其以下', source: 'user', mayBeNotApplicable: true,
      definition: '节约资金占预算的比例，需填具体数值；预算未执行完不等于节约',
    },
  ],
  quantitative: { lowerBand: '100', belowSlope: '0.05', aboveSlope: '0.01' },
  qualitative: {
    grades: { 好: '1', 较好: '0.8', 一般: '0.6', 较差: '0.4', 差: '0.2' },
    targetWords: ['合规', '健全', '规范', '获得', '建立', '完成', '达到', '建全', '落实', '到位', '及时', '有效'],
    yesWords: ['是', '有', '已', '已完成', '已获得', '已建立', '已达到', '符合', '满足', '达标', 'yes', 'y'],
    noPrefixes: ['不', '未', '没有', '没', '无', '非'],
    noWords: ['否', '无', '没有', 'no', 'n'],
  },
  parameters: {
    fractionalPoints: 'linear',
    percentReading: 'ratio',
    equalSplitRemainder: 'middle',
    notApplicable: 'redistribute-proportional',
    atMostUpperPenalty: false,
    qualitativeNo: 'zero',
    scorePlaces: 2,
    scoreRounding: 'halfUp',
  },
  alternatives: {
    fractionalPoints: ['linear', 'floor', 'ceil'],
    percentReading: ['ratio', 'points'],
    equalSplitRemainder: ['middle', 'first', 'last'],
    notApplicable: ['redistribute-proportional', 'drop-weight'],
    atMostUpperPenalty: ['false', 'true'],
    qualitativeNo: ['zero', 'lowest-grade'],
  },
  gradeBands: [],
  ruleTexts: {
    r1: '填表说明第1条：指标结余数 = 年初预算数 + 当年调整数 − 财政拨款数；资金结余、结转数 = 财政拨款数 − 实际支付数 = 结转数 + 财政收回数',
    r3: '填表说明第3条：各项指标分值 = 该类总分值 ÷ 指标个数',
    qualitative: '填表说明第4条：定性指标按好、较好、一般、较差、差分别得权重的100%、80%、60%、40%、20%',
    'r7-output': '填表说明第4条：产出类完成100%～130%得满分，每低于目标1个百分点扣权重的5%，超过130%的每超过1%扣权重的1%',
    'r7-input': '填表说明第4条：投入类同产出类，每低于目标1个百分点扣权重的5%，超过130%的每超过1%扣权重的1%',
    'r7-outcome': '填表说明第4条：结果类完成100%～200%得满分，超过200%的每超过1%扣权重的1%，每低于目标1个百分点扣权重的5%',
    'r7-impact': '影响力类填表说明未规定，按结果类计（完成100%～200%得满分）',
    r8: '填表说明第4条：某项指标无法提供具体数值，且无说明，得0分',
  },
  instructions: '1.“市级预算执行情况”、“市级财政资金使用情况”均含非税收入。“年初预算数”填“二下”数；“当年使用上年结余、结转及当年调整预算数”填当年使用上年结余、结转数以及追加或调减预算数；“财政拨款数”填财政部门实际拨付的款项数；“实际支付数”填资金实际支付到最终使用者的数额；“结转数”填结转以后年度使用的资金数；“财政收回数”填财政部门收回的资金数。指标结余数=年初预算数+当年使用上年结余、结转及当年调整预算数-财政拨款数；资金结余、结转数=财政拨款数-实际支付数=结转数+财政收回数。2.“指标名称”中“投入”类指标根据项目类型，按照《2021年度苏州市级财政支出项目绩效评价“投入”类共性指标》规定，逐一对照进行自评价；“产出”、“结果”、“影响力”三类指标填列预算部门（单位）报送的绩效目标申报表中经财政部门审核通过的指标，如发生绩效目标调整的，以经财政部门批准调整后的指标为准。3.各项指标权重值为根据指标数量将该类总分值分摊到各项指标的分值，即各项指标分值=该类总分值/指标个数。4.各项数据采集的时间节点均为2021年12月31日。定性指标按照 好、较好、一般、较差、差 等级评分，分别得对应权重值的100%、80%、60%、40%和20%。定量指标评分规则：“产出”类每项指标的实际完成值对应预期设定的目标值，完成100%～130%得权重值满分，实际完成值每低于目标值1个百分点相应扣减权重值的5%，超过130%的每超过1%扣权重值1%；除指标解释中有特别说明的以外，“投入”类指标评分规则同“产出”类指标；“结果”类每项指标的实际完成值对应预期设定的目标值，完成100%～200%得权重值满分，超过200%的每超过1%扣权重值1%,实际完成值每低于目标值1个百分点相应扣减权重值的5%。某项指标无法提供具体数值，且无说明，得0分。',
} satisfies RuleSet;
