// Where the CLI writes, and how it reads the form file: injectable so commands can be tested in-process.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { getRuleSet, listRuleSets, ruleSetForForm, scoreForm, type Form, type FormScore, type RuleSet } from '../../rules/index.js';
import type { ImportResult } from '../../dialogs/ports.js';
import { importAny } from '../import/index.js';

export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
};

export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
};

/** Exit codes: 0 audited (findings or not); 2 the input or the command line cannot be used. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

export type Loaded = Extract<ImportResult, { ok: true }>;

/** Reads and imports the form file, or says in Chinese why it cannot. */
export async function loadForm(path: string, io: Io): Promise<Loaded | { ok: false; message: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(io.cwd, path));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return { ok: false, message: `找不到文件 ${path}。请检查路径。` };
    if (code === 'EISDIR') return { ok: false, message: `${path} 是文件夹，不是文件。请给出自评表文件的路径。` };
    if (code === 'EACCES') return { ok: false, message: `没有权限读取 ${path}。请检查文件权限。` };
    return { ok: false, message: `读取 ${path} 失败。请检查文件。` };
  }
  const result = await importAny({ name: basename(path), contentType: '', bytes });
  return result.ok ? result : { ok: false, message: `无法读取 ${path}：${result.message}` };
}

/** The rule set named on the command line, else the form's own. */
export function chooseRuleSet(name: string | undefined, form: Form): { ok: true; ruleSet: RuleSet } | { ok: false; message: string } {
  if (name === undefined) return { ok: true, ruleSet: ruleSetForForm(form) };
  const ruleSet = getRuleSet(name);
  if (ruleSet) return { ok: true, ruleSet };
  const known = listRuleSets().map((r) => r.name).join('、');
  return { ok: false, message: `没有名为“${name}”的规则集。可用的规则集：${known}。` };
}

export type Scored = { loaded: Loaded; form: Form; ruleSet: RuleSet; score: FormScore };

/**
 * Loads the file, picks the rule set (the one named on the command line wins and is written into the
 * form) and scores it as a finished form. On failure the reason is on stderr and the exit code returned.
 */
export async function loadAndScore(path: string, rules: string | undefined, io: Io): Promise<{ ok: true; value: Scored } | { ok: false; exit: number }> {
  const loaded = await loadForm(path, io);
  if (!loaded.ok) {
    io.stderr(`${loaded.message}\n`);
    return { ok: false, exit: EXIT_USAGE };
  }
  const chosen = chooseRuleSet(rules, loaded.form);
  if (!chosen.ok) {
    io.stderr(`${chosen.message}\n`);
    return { ok: false, exit: EXIT_USAGE };
  }
  const form = rules ? { ...loaded.form, ruleSet: chosen.ruleSet.name } : loaded.form;
  const score = scoreForm(form, { ruleSet: chosen.ruleSet, final: true });
  return { ok: true, value: { loaded, form, ruleSet: chosen.ruleSet, score } };
}
