// Builders for the national rule set's tests: the spec's example (national-example.txt) as a form
// value, and a form around some indicators.
import type { NationalFormInput, NationalIndicator } from '../../rules/index.js';

export function exampleNationalForm(): NationalFormInput {
  return {
    template: 'national',
    project: { name: '社区居家养老服务补助项目', year: 2022, department: '某市民政局', implementer: '某市养老服务指导中心' },
    funds: {
      total: { initial: '600', annual: '580', executed: '551' },
      fiscal: { initial: '600', annual: '560', executed: '531' },
      carryover: { initial: '0', annual: '20', executed: '20' },
      other: { initial: '0', annual: '0', executed: '0' },
      points: '10',
      rateStated: '95.00%',
      selfScore: '9.50',
    },
    goals: { expected: '为全市1.2万名居家老人提供助餐服务', actual: '全年服务居家老人1.26万名' },
    indicators: [
      { level1: 'output', level2: '数量指标', name: '服务居家老人人数', target: '≥12000人', actual: '12600人', weight: '15', selfScore: '15' },
      { level1: 'output', level2: '数量指标', name: '新建社区助餐点', target: '≥30个', actual: '28个', weight: '15', selfScore: '14', deviation: '2个点位选址调整，顺延至次年' },
      { level1: 'output', level2: '质量指标', name: '服务质量抽查合格率', target: '≥95%', actual: '97%', weight: '10', selfScore: '10' },
      { level1: 'output', level2: '时效指标', name: '补助资金按季度拨付', target: '按时拨付', actual: '达成', weight: '5', selfScore: '5' },
      { level1: 'output', level2: '成本指标', name: '人均服务补助标准', target: '≤480元/人', actual: '437元/人', weight: '5', selfScore: '5' },
      { level1: 'benefit', level2: '社会效益指标', name: '老年人居家生活质量', target: '有效提升', actual: '部分达成', weight: '20', selfScore: '15', deviation: '部分街道服务频次不足' },
      { level1: 'benefit', level2: '可持续影响指标', name: '长效运营机制', target: '建立', actual: '达成', weight: '10', selfScore: '10' },
      { level1: 'satisfaction', level2: '服务对象满意度指标', name: '服务对象满意度', target: '≥90%', actual: '93%', weight: '10', selfScore: '10' },
    ],
    selfTotal: '93.50',
  };
}

/** The example with its indicators replaced (funds kept: 预算执行率 9.50). */
export function nationalWith(indicators: NationalIndicator[], rest: Partial<NationalFormInput> = {}): NationalFormInput {
  const base = exampleNationalForm();
  const { selfTotal: _dropped, ...withoutTotal } = base;
  void _dropped;
  return { ...withoutTotal, ...rest, indicators };
}

/** The spec's per-row scores (national.md, "The example scored by hand"). */
export const EXAMPLE_SCORES: [string, string][] = [
  ['预算执行率', '9.50'],
  ['服务居家老人人数', '15.00'],
  ['新建社区助餐点', '14.00'],
  ['服务质量抽查合格率', '10.00'],
  ['补助资金按季度拨付', '5.00'],
  ['人均服务补助标准', '5.00'],
  ['老年人居家生活质量', '15.00'],
  ['长效运营机制', '10.00'],
  ['服务对象满意度', '10.00'],
];
