// What the finished form prints, cell by cell, as strings: one projection shared by the DOCX and
// XLSX builders and by the DOCX reader (which compares what it reads with what would be printed).
// Pure; amounts printed as canonical decimals, derived figures as derived when the form omits them.
import {
  CATEGORY_IDS,
  CATEGORY_LABELS,
  NARRATIVE_KEYS,
  FIELD_LABELS,
  dec,
  explainIndicator,
  fixed,
  getRuleSet,
  ruleSetForForm,
  show,
  str,
  sum,
  type CategoryId,
  type Form,
  type FormScore,
  type NarrativeKey,
  type RuleSet,
} from '../../rules/index.js';
import { L, categoryRowLabel, performanceLabel } from './labels.js';

export type IndicatorRow = {
  /** Index in form.indicators. */
  index: number;
  category: CategoryId;
  name: string;
  target: string;
  weight: string;
  actual: string;
  /** The rule score ("0.00"): printed in the appendix's 规则得分 column. */
  score: string;
  /** The unit's own self-score ("" when not given): the official table's 自评分 column. */
  selfScore: string;
};

export type CategoryBlock = { id: CategoryId; label: string; rows: IndicatorRow[] };

export type AppendixRow = {
  index: number;
  category: string;
  name: string;
  weight: string;
  ruleScore: string;
  selfScore: string;
  differs: boolean;
  note: string;
};

export type FormView = {
  name: string;
  year: string;
  department: string;
  budget: { initial: string; adjustment: string; appropriated: string; quotaBalance: string };
  funds: { appropriated: string; paid: string; balance: string; carriedOver: string; recovered: string };
  subItems: { name: string; budget: string; actual: string }[];
  subTotal: { budget: string; actual: string };
  performanceLabel: string;
  /** 80 */
  maxTotal: string;
  categories: CategoryBlock[];
  /** score: the rule total; selfScore: the unit's self-score total ("" when none was given). */
  total: { weight: string; score: string; selfScore: string };
  instructions: string;
  narrative: { key: NarrativeKey; label: string; text: string }[];
  appendix: {
    ruleSetName: string;
    /** The form names its rule set, or the project year chose it. */
    ruleSetChosenBy: 'form' | 'year';
    ruleSetTitle: string;
    /** The rule set's unverified parameters, described in Chinese (with the parameter path). */
    unverified: string[];
    rows: AppendixRow[];
    selfTotal: string;
    /** Each self-score that differs from the rule score, with the unit's reason. */
    mismatches: string[];
    /** Indicators (names) with no self-score. */
    missingSelf: string[];
    deductions: string[];
    findings: string[];
  };
};

/**
 * Text as a document can hold it: CR/CRLF become LF and characters XML 1.0 forbids are dropped.
 * What the reader gets back from a printed string is exactly printable(string).
 */
export function printable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** "1900.50" → "1900.5"; "" for absent. */
export function amountText(value: string | undefined): string {
  return value === undefined ? '' : str(dec(value));
}

/** A narrative section as printed: its text, or （未填写） when empty. */
export function narrativeText(value: string | undefined): string {
  const text = printable(value ?? '');
  return text.trim() === '' ? L.emptySection : text;
}

/** The inverse of narrativeText, as the reader applies it. */
export function narrativeValue(printed: string): string | undefined {
  return printed === L.emptySection || printed === '' ? undefined : printed;
}

/** "categories.input.total (22)" → "投入类总分 22 分（categories.input.total）". */
export function describeUnverified(entry: string, ruleSet: RuleSet): string {
  const path = entry.replace(/\s*[(:（].*$/s, '').trim();
  const cat = /^categories\.(\w+)\.total$/.exec(path);
  const rule = cat ? ruleSet.categories.find((c) => c.id === cat[1]) : undefined;
  if (rule) return `${rule.label}类总分 ${rule.total} 分（${path}）`;
  if (path === 'commonIndicators' && ruleSet.commonIndicators.length > 0) {
    const labels = [...new Set(ruleSet.commonIndicators.map((ci) => ruleSet.categories.find((c) => c.id === ci.category)?.label ?? ci.category))];
    const list = ruleSet.commonIndicators.map((ci) => `${ci.name} ${ci.weight} 分（目标 ${ci.target}）`).join('、');
    return `${labels.join('、')}类共性指标的名称、权重和目标值：${list}；取自样表，尚未与当年共性指标文件核对（${path}）`;
  }
  return entry;
}

export function ruleSetOf(form: Form, score: FormScore): RuleSet {
  return getRuleSet(score.ruleSet) ?? ruleSetForForm(form);
}

const sumOf = (values: (string | undefined)[]): string => {
  const present = values.filter((v): v is string => v !== undefined);
  return present.length === 0 ? '' : str(sum(present.map((v) => dec(v))));
};

export function buildView(form: Form, score: FormScore): FormView {
  const ruleSet = ruleSetOf(form, score);
  const d = score.derived;
  const byIndex = new Map(score.indicators.map((r) => [r.index, r]));
  const order = ruleSet.categories.map((c) => c.id);
  for (const id of CATEGORY_IDS) if (!order.includes(id)) order.push(id);

  const categories: CategoryBlock[] = order.map((id) => {
    const rule = ruleSet.categories.find((c) => c.id === id);
    const rows: IndicatorRow[] = [];
    form.indicators.forEach((ind, index) => {
      const r = byIndex.get(index);
      if (ind.category !== id || r?.status === 'not-applicable') return;
      rows.push({
        index,
        category: id,
        name: printable(ind.name),
        target: printable(ind.target),
        weight: ind.weight !== undefined ? amountText(ind.weight) : r ? show(r.weight) : '',
        actual: printable(ind.actual ?? ''),
        score: r?.score ?? '',
        selfScore: ind.selfScore !== undefined ? fixed(dec(ind.selfScore), 2) : '',
      });
    });
    return { id, label: categoryRowLabel(rule?.label ?? CATEGORY_LABELS[id]), rows };
  });
  // A category the rule set does not know and the form does not use stays off the table.
  const shown = categories.filter((c) => c.rows.length > 0 || ruleSet.categories.some((r) => r.id === c.id));
  const tableRows = shown.flatMap((c) => c.rows);

  const appendixRows: AppendixRow[] = form.indicators.map((ind, index) => {
    const r = byIndex.get(index);
    const na = r?.status === 'not-applicable';
    const self = ind.selfScore !== undefined ? amountText(ind.selfScore) : '';
    const differs = !na && r !== undefined && ind.selfScore !== undefined && !dec(ind.selfScore).equals(dec(r.score));
    return {
      index,
      category: r?.categoryLabel ?? CATEGORY_LABELS[ind.category],
      name: printable(ind.name),
      weight: na ? L.notApplicable : tableRows.find((t) => t.index === index)?.weight ?? '',
      ruleScore: na ? L.notApplicable : r?.score ?? '',
      selfScore: self,
      differs,
      note: printable(ind.note ?? ''),
    };
  });

  const mismatches = appendixRows
    .filter((a) => a.differs)
    .map((a) => {
      const reason = printable(form.indicators[a.index].selfScoreReason?.trim() ?? '');
      const diff = fixed(dec(a.selfScore).minus(dec(a.ruleScore)).abs(), 2);
      return `「${a.name}」（${a.category}类）：单位自评 ${a.selfScore} 分，按规则得 ${a.ruleScore} 分，相差 ${diff} 分。${reason ? `原因：${reason}` : '未说明原因。'}`;
    });
  const missingSelf = tableRows.filter((t) => t.selfScore === '').map((t) => t.name);
  const deductions = score.indicators
    .filter((r) => r.status !== 'full' && r.status !== 'not-applicable')
    .map((r) => explainIndicator(r, ruleSet));
  const findings = score.findings.map((f) => {
    const level = f.severity === 'error' ? '错误' : '提示';
    const kept = f.overridden ? `（已保留，理由：${f.overridden}）` : '';
    return `【${level}】${f.message}${kept}`;
  });

  return {
    name: printable(form.project.name ?? ''),
    year: form.project.year === undefined ? '' : String(form.project.year),
    department: printable(form.project.department ?? ''),
    budget: {
      initial: amountText(form.budget.initial),
      adjustment: amountText(form.budget.adjustment),
      appropriated: amountText(form.budget.appropriated),
      quotaBalance: amountText(form.budget.quotaBalance ?? d.quotaBalance),
    },
    funds: {
      appropriated: amountText(form.budget.appropriated),
      paid: amountText(form.funds.paid),
      balance: amountText(form.funds.balance ?? d.fundsBalance),
      carriedOver: amountText(form.funds.carriedOver),
      recovered: amountText(form.funds.recovered),
    },
    subItems: form.subItems.map((s) => ({ name: printable(s.name), budget: amountText(s.budget), actual: amountText(s.actual) })),
    subTotal: { budget: sumOf(form.subItems.map((s) => s.budget)), actual: sumOf(form.subItems.map((s) => s.actual)) },
    performanceLabel: performanceLabel(show(score.maxTotal)),
    maxTotal: show(score.maxTotal),
    categories: shown,
    total: { weight: sumOf(tableRows.map((r) => r.weight || undefined)), score: score.total, selfScore: score.selfTotal ?? '' },
    instructions: `${L.instructionsPrefix}${ruleSet.instructions}`,
    narrative: NARRATIVE_KEYS.map((key) => ({ key, label: FIELD_LABELS[`narrative.${key}`], text: narrativeText(form.narrative[key]) })),
    appendix: {
      ruleSetName: ruleSet.name,
      ruleSetChosenBy: form.ruleSet === ruleSet.name ? 'form' : 'year',
      ruleSetTitle: ruleSet.title,
      unverified: ruleSet.meta.unverified.map((entry) => describeUnverified(entry, ruleSet)),
      rows: appendixRows,
      selfTotal: score.selfTotal ?? '',
      mismatches,
      missingSelf,
      deductions,
      findings,
    },
  };
}
