// jixiao export <文件> [--docx out.docx] [--xlsx out.xlsx] [--rules 规则集]: the form (seed text layout,
// form JSON or our DOCX) as the finished Word and Excel files. Without --docx/--xlsx both files are
// written to the current folder under their default names (项目名称-年份-绩效自评表.docx / .xlsx).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { blockingFindings, show } from '../../../rules/index.js';
import { buildDocx } from '../../documents/docx.js';
import { exportFileName } from '../../documents/fileName.js';
import { buildXlsx } from '../../documents/xlsx.js';
import { EXIT_OK, EXIT_USAGE, processIo, type Io } from '../io.js';
import { loadAndScoreAny, type AnyScored } from '../national.js';
import { buildNationalDocx } from '../../documents/nationalDocx.js';
import { buildNationalXlsx } from '../../documents/nationalXlsx.js';

export const EXPORT_USAGE = 'jixiao export <文件> [--docx <输出.docx>] [--xlsx <输出.xlsx>] [--rules <规则集>]';

type Options = { file?: string; docx?: string; xlsx?: string; rules?: string; help: boolean };

function parse(args: readonly string[]): { ok: true; value: Options } | { ok: false; message: string } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { docx: { type: 'string' }, xlsx: { type: 'string' }, rules: { type: 'string', short: 'r' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 1) return { ok: false, message: `多余的参数：${positionals.slice(1).join(' ')}。一次导出一个文件。` };
    return { ok: true, value: { file: positionals[0], docx: values.docx, xlsx: values.xlsx, rules: values.rules, help: values.help === true } };
  } catch (e) {
    const error = e as { code?: string; message?: string };
    const option = /--?[\w-]+/.exec(/'([^']+)'/.exec(error.message ?? '')?.[1] ?? '')?.[0] ?? '';
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { ok: false, message: `不认识的选项 ${option}。` };
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { ok: false, message: `选项 ${option} 后面要写文件名（或规则集名称）。` };
    return { ok: false, message: '命令行参数有误。' };
  }
}

/** The files' builders and the summary figures, for either form. */
function exportPlan(v: AnyScored): { docx: () => Promise<Buffer>; xlsx: () => Promise<Buffer>; total: string; maxTotal: string; grade?: string; findings: number; blocking: number } {
  if (v.template === 'national') {
    return {
      docx: () => buildNationalDocx(v.form, v.score),
      xlsx: () => buildNationalXlsx(v.form, v.score),
      total: v.score.total,
      maxTotal: v.score.maxTotal,
      grade: v.score.grade,
      findings: v.score.checks.length,
      blocking: v.score.checks.filter((c) => c.severity === 'error').length,
    };
  }
  const { form, score } = v;
  return { docx: () => buildDocx(form, score), xlsx: () => buildXlsx(form, score), total: score.total, maxTotal: score.maxTotal, findings: score.findings.length, blocking: blockingFindings(score).length };
}

function usage(io: Io, message: string): number {
  io.stderr(`${message}\n用法：${EXPORT_USAGE}\n`);
  return EXIT_USAGE;
}

export async function runExport(args: string[], io: Io = processIo): Promise<number> {
  const parsed = parse(args);
  if (!parsed.ok) return usage(io, parsed.message);
  const { file, rules, help } = parsed.value;
  if (help) {
    io.stdout(`用法：${EXPORT_USAGE}\n不写 --docx 和 --xlsx 时，两个文件都写到当前文件夹。\n`);
    return EXIT_OK;
  }
  if (!file) return usage(io, '缺少要导出的自评表文件（文本导出 .txt、表单 JSON 或本助手导出的 .docx）。');
  for (const [flag, path, ext] of [['--docx', parsed.value.docx, '.docx'], ['--xlsx', parsed.value.xlsx, '.xlsx']] as const) {
    if (path !== undefined && !path.toLowerCase().endsWith(ext)) return usage(io, `${flag} 的文件名要以 ${ext} 结尾（现在是“${path}”）。`);
  }

  const scored = await loadAndScoreAny(file, rules, io);
  if (!scored.ok) return scored.exit;
  const { loaded, form } = scored.value;
  const out = exportPlan(scored.value);

  const both = parsed.value.docx === undefined && parsed.value.xlsx === undefined;
  const targets: { path: string; build: () => Promise<Buffer> }[] = [];
  const docxPath = parsed.value.docx ?? (both ? exportFileName(form.project, 'docx') : undefined);
  const xlsxPath = parsed.value.xlsx ?? (both ? exportFileName(form.project, 'xlsx') : undefined);
  if (docxPath) targets.push({ path: resolve(io.cwd, docxPath), build: out.docx });
  if (xlsxPath) targets.push({ path: resolve(io.cwd, xlsxPath), build: out.xlsx });

  for (const t of targets) {
    const bytes = await t.build();
    try {
      await mkdir(dirname(t.path), { recursive: true });
      await writeFile(t.path, bytes);
    } catch {
      io.stderr(`无法写入 ${t.path}。请检查文件夹是否存在、是否有写权限。\n`);
      return EXIT_USAGE;
    }
    io.stdout(`已导出：${t.path}\n`);
  }
  for (const issue of loaded.issues) io.stderr(`读取提示：${issue.message}\n`);
  io.stdout(`规则得分合计 ${out.total} 分（满分 ${show(out.maxTotal)} 分${out.grade ? `，等级“${out.grade}”` : ''}），发现 ${out.findings} 个问题，详见文件中的“评分说明”。\n`);
  if (out.blocking > 0) io.stderr(`注意：有 ${out.blocking} 个错误尚未改正（如预算数不平），提交前请先改正。可用 jixiao audit ${file} 查看。\n`);
  return EXIT_OK;
}
