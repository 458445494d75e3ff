// The audit as a readable Chinese report for a terminal: header, the indicator table aligned for
// CJK text with the reason under each deduction, category and grand totals, the findings, and the
// note on what in the rule set is unverified.
import { dec, fixed, sum } from '../core/decimal.js';
import type { Form } from '../model/form.js';
import type { RuleSet } from '../ruleset/schema.js';
import type { FormScore } from '../scoring/form.js';
import type { IndicatorResult } from '../scoring/indicator.js';
import { renderAdvice, renderStep, show } from '../explain/indicator.js';
import type { ReportIssue } from './auditJson.js';
import { displayWidth, padEndWidth, padStartWidth, truncateWidth } from './width.js';

export type AuditTextOptions = {
  /** What the importer could not read. */
  importIssues?: readonly ReportIssue[];
  /** How to get one indicator explained, e.g. "jixiao explain 文件 <指标名称>". */
  explainHint?: string;
};

const HEADERS = ['类别', '指标', '目标', '实际', '权重', '自评分', '规则得分'] as const;
const RIGHT = [false, false, false, false, true, true, true];
const CAPS = [8, 32, 18, 18, 8, 8, 10];
const INDENT = '  ';

/** Steps that say why points were lost, in order of importance. */
const REASONS = ['below_target', 'above_band', 'missing_value', 'not_a_number', 'unit_mismatch', 'negative_actual', 'qualitative_no', 'qualitative_ungraded', 'qualitative_grade', 'target_missing', 'zero_target', 'not_applicable'];

/** One line: why the indicator lost points and what would earn them back. */
export function deductionReason(r: IndicatorResult, ruleSet: RuleSet): string {
  const step = REASONS.map((code) => r.trace.find((s) => s.code === code)).find(Boolean);
  const why = step ? (renderStep(step, r, ruleSet) ?? '') : '';
  const floor = r.trace.some((s) => s.code === 'floor_applied') ? '，扣分超过权重，按 0 分计' : '';
  const head = why ? `${why.split('；')[0]}${floor}。` : '';
  return `${head}${renderAdvice(r.advice, r)}`;
}

function table(rows: readonly (readonly string[])[], isRule: (i: number) => boolean): string[] {
  const widths = HEADERS.map((_, c) => Math.min(CAPS[c], Math.max(...rows.filter((_, i) => !isRule(i)).map((r) => displayWidth(r[c] ?? '')))));
  return rows.map((r, i) => {
    if (isRule(i)) return `${' '.repeat(widths[0] + 2)}${r[0]}`;
    return r
      .map((cell, c) => {
        const text = truncateWidth(cell, widths[c]);
        return RIGHT[c] ? padStartWidth(text, widths[c]) : padEndWidth(text, widths[c]);
      })
      .join('  ')
      .trimEnd();
  });
}

function unverifiedNote(ruleSet: RuleSet): string[] {
  const parts: string[] = [];
  const totals: string[] = [];
  for (const entry of ruleSet.meta.unverified) {
    const m = /^categories\.(\w+)\.total/.exec(entry);
    const cat = m && ruleSet.categories.find((c) => c.id === m[1]);
    if (cat) totals.push(`${cat.label} ${show(cat.total)}`);
    else if (entry.startsWith('commonIndicators')) {
      const list = ruleSet.commonIndicators.map((c) => `${c.name} ${show(c.weight)} 分`).join('、');
      parts.push(`投入类共性指标的名称、权重和目标值（${list}）取自样表，未见 ${ruleSet.year} 年《“投入”类共性指标》原文`);
    } else parts.push(entry);
  }
  if (totals.length > 0) parts.unshift(`各类总分（${totals.join('、')}）`);
  return parts.length > 0 ? [`注：规则集 ${ruleSet.name} 中以下取值尚未与官方文件核实，结果仅供参考：`, ...parts.map((p) => `${INDENT}- ${p}`)] : [];
}

export function auditText(score: FormScore, ruleSet: RuleSet, form: Form, options: AuditTextOptions = {}): string {
  const out: string[] = [];
  const p = form.project;
  out.push('绩效自评审核报告');
  out.push(`项目名称：${p.name ?? '（未填写）'}`);
  out.push(`项目年份：${p.year ?? '（未填写）'}    主管部门：${p.department ?? '（未填写）'}`);
  out.push(`规则集：${ruleSet.name}（${ruleSet.title}）`);
  out.push('');

  const rows: string[][] = [[...HEADERS]];
  const rules = new Set<number>();
  const rule = (text: string) => {
    rules.add(rows.length);
    rows.push([text]);
  };
  for (const cat of score.categories) {
    const members = score.indicators.filter((r) => r.category === cat.id);
    if (members.length === 0) continue;
    for (const r of members) {
      rows.push([r.categoryLabel, r.name, r.target, r.actual || '—', r.weight, r.selfScore ?? '—', r.score]);
      if (r.status !== 'full') {
        const reason = deductionReason(r, ruleSet);
        if (reason) rule(`└ ${reason}`);
      }
    }
    const selfs = members.filter((r) => r.selfScore !== undefined).map((r) => dec(r.selfScore!));
    rows.push(['', `${cat.label}小计`, '', '', cat.weight, selfs.length ? fixed(sum(selfs), 2) : '—', `${cat.score} / ${show(cat.total)}`]);
  }
  const lines = table(rows, (i) => rules.has(i));
  const width = Math.max(...lines.filter((_, i) => !rules.has(i)).map(displayWidth));
  const ruleLine = '─'.repeat(Math.min(width, 100));
  out.push(lines[0], ruleLine, ...lines.slice(1), ruleLine);
  out.push(`规则得分合计 ${score.total} / ${show(score.maxTotal)}`);
  if (score.selfTotal !== undefined) {
    const diff = dec(score.selfTotal).minus(dec(score.total));
    const cmp = diff.isZero() ? '与规则得分一致' : diff.isPositive() ? `比规则得分多 ${fixed(diff, 2)} 分` : `比规则得分少 ${fixed(diff.negated(), 2)} 分`;
    out.push(`自评分合计   ${score.selfTotal}（${cmp}）`);
  } else {
    out.push('自评分合计   （表中没有填写自评分）');
  }
  if (score.grade) out.push(`等级：${score.grade}`);

  const issues = options.importIssues ?? [];
  if (issues.length > 0) {
    out.push('', `读取文件时的问题（${issues.length}）：`);
    for (const i of issues) out.push(`${INDENT}- ${i.message}`);
  }

  const errors = score.findings.filter((f) => f.severity === 'error');
  const warnings = score.findings.filter((f) => f.severity === 'warning');
  for (const [title, list] of [['错误', errors], ['提示', warnings]] as const) {
    out.push('');
    if (list.length === 0) {
      out.push(`${title}：无`);
      continue;
    }
    out.push(`${title}（${list.length}）：`);
    for (const f of list) out.push(`${INDENT}- ${f.message}${f.overridden ? `（已保留，理由：${f.overridden}）` : ''}`);
  }

  const note = unverifiedNote(ruleSet);
  if (note.length > 0) out.push('', ...note);
  if (options.explainHint) out.push('', `逐项说明：${options.explainHint}`);
  return `${out.join('\n')}\n`;
}
