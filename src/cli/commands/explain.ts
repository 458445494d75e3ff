// jixiao explain <文件> <指标名称> [--rules 规则集]: one indicator's score in plain Chinese.
import { compact, explainIndicator, type IndicatorResult } from '../../../rules/index.js';
import { parseCliArgs } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Io } from '../io.js';
import { loadAndScoreAny, nationalExplain } from '../national.js';

export const EXPLAIN_USAGE = 'jixiao explain <文件> <指标名称> [--rules <规则集>]';

/** Exact name first (ignoring spaces and full-width forms), else the only name containing the text. */
export function findIndicators(results: readonly IndicatorResult[], query: string): IndicatorResult[] {
  const key = compact(query);
  const exact = results.filter((r) => compact(r.name) === key);
  if (exact.length > 0) return exact;
  return key === '' ? [] : results.filter((r) => compact(r.name).includes(key));
}

export async function runExplain(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseCliArgs(args, ['rules']);
  if (!parsed.ok) return usage(io, parsed.message);
  const { positionals, rules, help } = parsed.value;
  if (help) {
    io.stdout(`用法：${EXPLAIN_USAGE}\n`);
    return EXIT_OK;
  }
  if (positionals.length === 0) return usage(io, '缺少文件和指标名称。');
  if (positionals.length === 1) return usage(io, '缺少指标名称。');
  const [file, ...nameParts] = positionals;
  const query = nameParts.join(' ');
  const scored = await loadAndScoreAny(file, rules, io);
  if (!scored.ok) return scored.exit;
  if (scored.value.template === 'national') return nationalExplain(scored.value, query, io);
  const { ruleSet, score } = scored.value;
  const matches = findIndicators(score.indicators, query);
  const exact = matches.some((m) => compact(m.name) === compact(query));
  if (matches.length === 0 || (!exact && matches.length > 1)) {
    const names = score.indicators.map((r) => `  ${r.categoryLabel}  ${r.name}`).join('\n');
    const what = matches.length > 1 ? `“${query}”对应多项指标，请写完整名称。` : `表中没有名为“${query}”的指标。`;
    io.stderr(`${what}表中的指标有：\n${names || '  （没有指标）'}\n`);
    return EXIT_USAGE;
  }
  const out: string[] = [];
  for (const r of matches) {
    out.push(`${r.name}（${r.categoryLabel}类）  规则得分 ${r.score} / ${r.weight}${r.selfScore !== undefined ? `  自评分 ${r.selfScore}` : ''}`);
    out.push(explainIndicator(r, ruleSet));
    const related = score.findings.filter((f) => f.indicatorIndex === r.index);
    if (related.length > 0) {
      out.push('', '相关提示：', ...related.map((f) => `  - ${f.message}`));
    }
    out.push('');
  }
  io.stdout(`${out.join('\n')}`);
  return EXIT_OK;
}

function usage(io: Io, message: string): number {
  io.stderr(`${message}\n用法：${EXPLAIN_USAGE}\n`);
  return EXIT_USAGE;
}
