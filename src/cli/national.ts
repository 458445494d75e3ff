// The CLI for either form: reads the file, recognises the national layout by its labels (--rules
// overrides), scores it with its own rule set, and renders the national audit and explanations.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  compact,
  explainRow,
  findAnyRuleSet,
  listAnyRuleSets,
  nationalAuditJson,
  nationalAuditText,
  nationalRuleSetFor,
  renderNationalFinding,
  scoreNationalForm,
  scoreForm,
  type NationalForm,
  type NationalRuleSet,
  type NationalScore,
} from '../../rules/index.js';
import { decodeText, importAny, importJson, importText } from '../import/index.js';
import { importAnyForm, isNationalImport, type AnyImportResult, type NationalLoaded } from '../import/nationalAny.js';
import { importNationalJson, importNationalText } from '../import/national.js';
import { chooseRuleSet, EXIT_OK, EXIT_USAGE, type Io, type Scored } from './io.js';

export type NationalScored = { template: 'national'; loaded: NationalLoaded; form: NationalForm; ruleSet: NationalRuleSet; score: NationalScore };
export type AnyScored = ({ template: 'suzhou' } & Scored) | NationalScored;

const ZIP = [0x50, 0x4b, 0x03, 0x04];

async function readBytes(path: string, io: Io): Promise<Uint8Array | string> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return `找不到文件 ${path}。请检查路径。`;
    if (code === 'EISDIR') return `${path} 是文件夹，不是文件。请给出自评表文件的路径。`;
    if (code === 'EACCES') return `没有权限读取 ${path}。请检查文件权限。`;
    return `读取 ${path} 失败。请检查文件。`;
  }
}

/** Reads the file as the template the rule set names (--rules), whatever its labels say. */
async function importAs(template: 'suzhou' | 'national', name: string, bytes: Uint8Array): Promise<AnyImportResult> {
  const isZip = ZIP.every((b, i) => bytes[i] === b);
  if (template === 'suzhou') {
    if (isZip) return importAny({ name, contentType: '', bytes });
    const text = decodeText(bytes);
    return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? importJson(text) : importText(text);
  }
  if (isZip) {
    const specifier = '../documents/nationalDocx.js';
    const mod = (await import(specifier).catch(() => ({}))) as { readNationalDocx?: (b: Uint8Array, o?: { force?: boolean }) => Promise<AnyImportResult | undefined> };
    const r = mod.readNationalDocx ? await mod.readNationalDocx(bytes, { force: true }) : undefined;
    return r ?? { ok: false, message: '这个 DOCX 不是本助手导出的项目支出绩效自评表。请改传文本导出（.txt）或表单 JSON。' };
  }
  const text = decodeText(bytes);
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? importNationalJson(text) : importNationalText(text, { force: true });
}

/**
 * Loads the file and scores it as a finished form of its template: the rule set named on the command
 * line wins (and decides how the file is read); else the layout's labels decide. On failure the
 * reason is on stderr and the exit code returned.
 */
export async function loadAndScoreAny(path: string, rules: string | undefined, io: Io): Promise<{ ok: true; value: AnyScored } | { ok: false; exit: number }> {
  const fail = (message: string) => {
    io.stderr(`${message}\n`);
    return { ok: false as const, exit: EXIT_USAGE };
  };
  const named = rules === undefined ? undefined : findAnyRuleSet(rules);
  if (rules !== undefined && !named) return fail(`没有名为“${rules}”的规则集。可用的规则集：${listAnyRuleSets().map((r) => r.name).join('、')}。`);
  const bytes = await readBytes(path, io);
  if (typeof bytes === 'string') return fail(bytes);
  const file = { name: basename(path), contentType: '', bytes };
  const result = named ? await importAs(named.template, file.name, bytes) : await importAnyForm(file);
  if (!result.ok) return fail(`无法读取 ${path}：${result.message}`);
  if (isNationalImport(result)) {
    const ruleSet = named?.template === 'national' ? named.ruleSet : nationalRuleSetFor(result.form);
    const form = { ...result.form, ruleSet: ruleSet.name };
    return { ok: true, value: { template: 'national', loaded: result, form, ruleSet, score: scoreNationalForm(form, { ruleSet }) } };
  }
  const chosen = chooseRuleSet(named?.template === 'suzhou' ? named.ruleSet.name : undefined, result.form);
  if (!chosen.ok) return fail(chosen.message);
  const form = named ? { ...result.form, ruleSet: chosen.ruleSet.name } : result.form;
  const score = scoreForm(form, { ruleSet: chosen.ruleSet, final: true });
  return { ok: true, value: { template: 'suzhou', loaded: result, form, ruleSet: chosen.ruleSet, score } };
}

/** jixiao audit of a national form. */
export function nationalAudit(v: NationalScored, file: string, json: boolean, io: Io): number {
  if (json) {
    const report = { ...nationalAuditJson(v.score, v.ruleSet, v.form), importIssues: v.loaded.issues, format: v.loaded.format };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const hint = `jixiao explain ${/\s/.test(file) ? JSON.stringify(file) : file} <三级指标名称>`;
    io.stdout(nationalAuditText(v.score, v.ruleSet, v.form, { importIssues: v.loaded.issues, explainHint: hint }));
  }
  return EXIT_OK;
}

/** jixiao explain of one row of a national form (预算执行率 included). */
export function nationalExplain(v: NationalScored, query: string, io: Io): number {
  const key = compact(query);
  const exact = v.score.rows.filter((r) => compact(r.name) === key);
  const matches = exact.length > 0 ? exact : key === '' ? [] : v.score.rows.filter((r) => compact(r.name).includes(key));
  if (matches.length === 0 || (exact.length === 0 && matches.length > 1)) {
    const names = v.score.rows.map((r) => `  ${r.level1Label}  ${r.name}`).join('\n');
    const what = matches.length > 1 ? `“${query}”对应多项指标，请写完整名称。` : `表中没有名为“${query}”的指标。`;
    io.stderr(`${what}表中的指标有：\n${names}\n`);
    return EXIT_USAGE;
  }
  const out: string[] = [];
  for (const r of matches) {
    out.push(`${r.name}（${r.level1Label}${r.level2 ? ` / ${r.level2}` : ''}）  规则得分 ${r.score} / ${r.weight}${r.selfScore !== undefined ? `  自评 ${r.selfScore}` : ''}`);
    out.push(explainRow(r, v.ruleSet));
    const related = v.score.checks.filter((c) => c.indicatorIndex === r.index);
    if (related.length > 0) out.push('', '相关提示：', ...related.map((c) => `  - ${renderNationalFinding(c)}`));
    out.push('');
  }
  io.stdout(out.join('\n'));
  return EXIT_OK;
}
