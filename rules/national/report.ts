// The audit of a national form: a JSON-ready object and the readable Chinese report. Every audit
// lists what in the rule set is unverified. Decimals are strings; scores have 2 decimals.
import { dec, fixed } from '../core/decimal.js';
import { displayWidth, padEndWidth, padStartWidth, truncateWidth } from '../report/width.js';
import { BAND_LABELS, type NationalForm } from './model.js';
import type { NationalRuleSet } from './ruleset.js';
import type { NationalScore } from './score.js';
import { deductionLine, explainGrade, explainRow, renderNationalFinding, renderWhatIf, showNum, summarizeRow, whatIf, type WhatIf } from './explain.js';

export type NationalAuditRow = {
  level1: string;
  level2: string;
  name: string;
  kind: 'budget' | 'quantitative' | 'qualitative';
  target: string;
  actual: string;
  weight: string;
  selfScore: string | null;
  score: string;
  lost: string;
  status: string;
  band: string | null;
  completion: string | null;
  deviation: string | null;
  summary: string;
  explanation: string;
};

export type NationalAuditJson = {
  template: 'national';
  ruleSet: string;
  ruleSetTitle: string;
  total: string;
  maxTotal: string;
  selfTotal: string | null;
  statedTotal: string | null;
  grade: string;
  gradeExplanation: string;
  whatIf: WhatIf | null;
  budget: { annual: string | null; executed: string | null; rate: string | null; score: string };
  /** 预算执行率 first, then every third-level indicator. */
  indicators: NationalAuditRow[];
  levels: NationalScore['levels'];
  findings: { severity: 'error' | 'warning'; code: string; subject: string | null; message: string; overridden: string | null }[];
  parameters: NationalRuleSet['parameters'];
  unverified: string[];
  notes: string[];
};

function overrideOf(form: NationalForm, code: string, subject?: string): string | null {
  return form.overrides.find((o) => o.code === code && (o.subject === undefined || o.subject === subject))?.reason ?? null;
}

export function nationalAuditJson(score: NationalScore, rs: NationalRuleSet, form: NationalForm): NationalAuditJson {
  const budget = score.rows[0];
  const w = whatIf(score, rs);
  return {
    template: 'national',
    ruleSet: score.ruleSet,
    ruleSetTitle: rs.title,
    total: score.total,
    maxTotal: score.maxTotal,
    selfTotal: score.selfTotal ?? null,
    statedTotal: score.statedTotal ?? null,
    grade: score.grade,
    gradeExplanation: explainGrade(score, rs),
    whatIf: w && !dec(w.gap).isZero() ? w : null,
    budget: { annual: form.funds.total.annual ?? null, executed: form.funds.total.executed ?? null, rate: budget.completion ?? null, score: budget.score },
    indicators: score.rows.map((r) => ({
      level1: r.level1Label,
      level2: r.level2,
      name: r.name,
      kind: r.kind,
      target: r.target,
      actual: r.actual,
      weight: r.weight,
      selfScore: r.selfScore ?? null,
      score: r.score,
      lost: r.lost,
      status: r.status,
      band: r.band ? BAND_LABELS[r.band] : null,
      completion: r.completion ?? null,
      deviation: r.deviation ?? null,
      summary: summarizeRow(r, rs),
      explanation: explainRow(r, rs),
    })),
    levels: score.levels,
    findings: score.checks.map((c) => ({
      severity: c.severity,
      code: `national.${c.code}`,
      subject: c.subject ?? null,
      message: renderNationalFinding(c),
      overridden: overrideOf(form, `national.${c.code}`, c.subject),
    })),
    parameters: { ...rs.parameters },
    unverified: [...rs.meta.unverified],
    notes: [...rs.meta.notes],
  };
}

const HEADERS = ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '自评', '规则得分'] as const;
const RIGHT = [false, false, false, false, false, true, true, true];
const CAPS = [10, 16, 28, 16, 16, 6, 6, 8];
const INDENT = '  ';

export type NationalAuditTextOptions = { importIssues?: readonly { message: string }[]; explainHint?: string };

export function nationalAuditText(score: NationalScore, rs: NationalRuleSet, form: NationalForm, options: NationalAuditTextOptions = {}): string {
  const out: string[] = [];
  const p = form.project;
  out.push('绩效自评审核报告（项目支出绩效自评表）');
  out.push(`项目名称：${p.name ?? '（未填写）'}`);
  out.push(`年度：${p.year ?? '（未填写）'}    主管部门：${p.department ?? '（未填写）'}    实施单位：${p.implementer ?? '（未填写）'}`);
  out.push(`规则集：${rs.name}（${rs.title}）`);
  out.push('');
  const rows: string[][] = [[...HEADERS]];
  const notes = new Set<number>();
  let lastL1 = '';
  let lastL2 = '';
  for (const r of score.rows) {
    const l1 = r.level1Label === lastL1 ? '' : r.level1Label;
    const l2 = r.level1Label === lastL1 && r.level2 === lastL2 ? '' : r.level2;
    lastL1 = r.level1Label;
    lastL2 = r.level2;
    rows.push([l1, l2, r.name, r.target, r.actual || '—', showNum(r.weight), r.selfScore !== undefined ? showNum(r.selfScore) : '—', r.score]);
    if (dec(r.lost).greaterThan(0) || r.status === 'needs-band') {
      notes.add(rows.length);
      rows.push([`└ ${deductionLine(r, rs)}`]);
    }
  }
  const widths = HEADERS.map((_, c) => Math.min(CAPS[c], Math.max(...rows.filter((_, i) => !notes.has(i)).map((row) => displayWidth(row[c] ?? '')))));
  const lines = rows.map((row, i) => {
    if (notes.has(i)) return `${' '.repeat(widths[0] + 2)}${row[0]}`;
    return row.map((cell, c) => (RIGHT[c] ? padStartWidth(truncateWidth(cell, widths[c]), widths[c]) : padEndWidth(truncateWidth(cell, widths[c]), widths[c]))).join('  ').trimEnd();
  });
  const width = Math.max(...lines.filter((_, i) => !notes.has(i)).map(displayWidth));
  const rule = '─'.repeat(Math.min(width, 100));
  out.push(lines[0], rule, ...lines.slice(1), rule);
  for (const l of score.levels) if (l.count > 0) out.push(`${l.label}：分值 ${showNum(l.weight)}（原则上 ${showNum(l.points)}），得分 ${l.score}`);
  out.push(`总分 ${score.total} / ${showNum(score.maxTotal)}    等级：${score.grade}`);
  if (score.selfTotal !== undefined) {
    const diff = dec(score.selfTotal).minus(dec(score.total));
    const cmp = diff.isZero() ? '与规则得分一致' : diff.isPositive() ? `比规则得分多 ${fixed(diff, 2)} 分` : `比规则得分少 ${fixed(diff.negated(), 2)} 分`;
    out.push(`自评得分合计 ${score.selfTotal}（${cmp}）`);
  } else out.push('自评得分合计 （表中没有填写得分）');
  out.push('', explainGrade(score, rs));
  const w = whatIf(score, rs);
  if (w && !dec(w.gap).isZero()) out.push(renderWhatIf(w));

  const issues = options.importIssues ?? [];
  if (issues.length > 0) {
    out.push('', `读取文件时的问题（${issues.length}）：`);
    for (const i of issues) out.push(`${INDENT}- ${i.message}`);
  }
  const findings = score.checks.map((c) => ({ c, message: renderNationalFinding(c), kept: overrideOf(form, `national.${c.code}`, c.subject) }));
  for (const [title, severity] of [['错误', 'error'], ['提示', 'warning']] as const) {
    const list = findings.filter((f) => f.c.severity === severity);
    out.push('');
    if (list.length === 0) {
      out.push(`${title}：无`);
      continue;
    }
    out.push(`${title}（${list.length}）：`);
    for (const f of list) out.push(`${INDENT}- ${f.message}${f.kept ? `（已保留，理由：${f.kept}）` : ''}`);
  }
  if (rs.meta.unverified.length > 0) {
    out.push('', `注：规则集 ${rs.name} 中以下取值尚未与官方文件核实，结果仅供参考：`, ...rs.meta.unverified.map((u) => `${INDENT}- ${u}`));
  }
  if (options.explainHint) out.push('', `逐项说明：${options.explainHint}`);
  return `${out.join('\n')}\n`;
}
