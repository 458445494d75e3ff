// zh-CN sentences for check results. The switch is exhaustive: a new check code does not compile
// until it has its sentence.
import type { CheckCode, CheckResult } from '../checks/types.js';
import { FIELD_LABELS, type FieldPath } from '../model/form.js';

const label = (field: string) => FIELD_LABELS[field as FieldPath] ?? field;

export function renderFinding(c: CheckResult): string {
  const p = c.params;
  const code: CheckCode = c.code;
  switch (code) {
    case 'budget.quota-balance':
      return `指标结余数应为 ${p.initial} + (${p.adjustment}) − ${p.appropriated} = ${p.computed} 万元，表中填的是 ${p.stated} 万元。请核对年初预算数、调整数、财政拨款数或指标结余数。`;
    case 'funds.balance':
      return `资金结余、结转数应为 财政拨款数 ${p.appropriated} − 实际支付数 ${p.paid} = ${p.computed} 万元，表中填的是 ${p.stated} 万元。请核对这几个数。`;
    case 'funds.balance-split':
      return `资金结余、结转数 ${p.balance} 万元应等于 结转数 ${p.carriedOver} + 财政收回数 ${p.recovered} = ${p.split} 万元。请核对结转数和财政收回数。`;
    case 'funds.order':
      switch (p.rule) {
        case 'negative':
          return `${label(p.field)}不能为负数（填的是 ${p.value}）。只有调整数可以为负。`;
        case 'paid>appropriated':
          return `实际支付数 ${p.paid} 万元大于财政拨款数 ${p.appropriated} 万元。实际支付数不能超过拨款，请核对。`;
        case 'appropriated>adjusted':
          return `财政拨款数 ${p.appropriated} 万元大于调整后预算 ${p.adjusted} 万元（年初预算数 + 调整数）。请核对。`;
        default:
          return `调整后预算（年初预算数 + 调整数）为 ${p.adjusted} 万元，不能为负。请核对调整数。`;
      }
    case 'subitems.actual-sum':
      return `子项实际数合计 ${p.sum} 万元，与实际支付数 ${p.paid} 万元不等。请核对各子项的实际数。`;
    case 'subitems.budget-sum':
      return `子项预算数合计 ${p.sum} 万元，与年初预算数 ${p.initial} 万元不等（仅提示）。`;
    case 'weights.category-sum':
      return p.category === '全部'
        ? `全部指标权重合计 ${p.sum} 分，应为 ${p.total} 分。`
        : p.count === '0'
          ? `${p.category}类还没有指标，该类 ${p.total} 分需要至少一项指标。`
          : `${p.category}类 ${p.count} 项指标权重合计 ${p.sum} 分，应为 ${p.total} 分。请调整权重或改回默认权重。`;
    case 'indicator.execution-rate':
      return p.stated
        ? `「${c.subject}」填的是 ${p.stated}，按预算执行情况计算应为 ${p.computed}%（实际支付数 ÷ 调整后预算）。得分按计算值。`
        : `「${c.subject}」按预算执行情况计算为 ${p.computed}%。`;
    case 'indicator.not-a-number':
      return `「${c.subject}」的实际完成值“${p.text}”不是具体数值${p.explained === 'true' ? '（已有说明，暂按 0 分，待复核）' : '，且无说明，按填表说明得 0 分'}。请填写具体数值。`;
    case 'indicator.missing-value':
      return p.explained === 'true'
        ? `「${c.subject}」没有实际完成值，已说明原因：${p.note}。暂按 0 分，待复核。`
        : `「${c.subject}」没有实际完成值，也没有说明，按填表说明得 0 分。请填写实际完成值或说明原因。`;
    case 'indicator.self-score-mismatch':
      return `「${c.subject}」自评分 ${p.self} 分，按规则应得 ${p.score} 分（相差 ${p.diff} 分）。${p.reason ? `单位说明的原因：${p.reason}` : '未说明原因。'}`;
    case 'indicator.over-completion':
      return `「${c.subject}」完成率 ${p.completion}%，达到或超过 130%，请补充说明（目标是否定得过低）。`;
    case 'indicator.unit-mismatch':
      return `「${c.subject}」实际值的单位“${p.actualUnit}”与目标值的单位“${p.targetUnit}”不一致，无法比较。请按目标值的单位填写。`;
    case 'indicator.needs-grade':
      return `「${c.subject}」的实际情况“${p.actual}”不能直接判断是否达到“${p.target}”。请选择等级：好、较好、一般、较差、差。`;
    case 'indicator.negative-actual':
      return `「${c.subject}」的实际完成值 ${p.value} 为负数，这是填写错误。请改正。`;
    case 'indicator.target-missing':
      return `「${c.subject}」没有目标值，无法评分。请填写目标值。`;
    case 'narrative.figure-mismatch':
      return `报告中写的 ${p.narrative}${p.unit} 与表中「${c.subject}」的实际完成值 ${p.table}${p.unit} 不一致。请核对，统一口径。`;
    default: {
      const never: never = code;
      return never;
    }
  }
}
