// jixiao audit <文件> [--rules 规则集] [--json]: the form scored, every deduction explained, the findings.
import { auditJson, auditText } from '../../../rules/report/index.js';
import { parseCliArgs } from '../args.js';
import { EXIT_OK, EXIT_USAGE, type Io } from '../io.js';
import { loadAndScoreAny, nationalAudit } from '../national.js';

export const AUDIT_USAGE = 'jixiao audit <文件> [--rules <规则集>] [--json]';

export async function runAudit(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseCliArgs(args, ['rules', 'json']);
  if (!parsed.ok) return usage(io, parsed.message);
  const { positionals, rules, json, help } = parsed.value;
  if (help) {
    io.stdout(`用法：${AUDIT_USAGE}\n`);
    return EXIT_OK;
  }
  if (positionals.length === 0) return usage(io, '缺少要审核的文件。');
  if (positionals.length > 1) return usage(io, `多余的参数：${positionals.slice(1).join(' ')}。一次审核一个文件。`);
  const file = positionals[0];
  const scored = await loadAndScoreAny(file, rules, io);
  if (!scored.ok) return scored.exit;
  if (scored.value.template === 'national') return nationalAudit(scored.value, file, json, io);
  const { loaded, ruleSet, score } = scored.value;
  if (json) {
    const report = { ...auditJson(score, ruleSet), importIssues: loaded.issues, format: loaded.format };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(auditText(score, ruleSet, loaded.form, { importIssues: loaded.issues, explainHint: `jixiao explain ${/\s/.test(file) ? JSON.stringify(file) : file} <指标名称>` }));
  }
  return EXIT_OK;
}

function usage(io: Io, message: string): number {
  io.stderr(`${message}\n用法：${AUDIT_USAGE}\n`);
  return EXIT_USAGE;
}
