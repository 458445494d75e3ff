// Command-line options of `jixiao audit` and `jixiao explain`, with Chinese messages for mistakes.
import { parseArgs } from 'node:util';

export type CliOptions = { positionals: string[]; rules?: string; json: boolean; help: boolean };
export type ParsedCli = { ok: true; value: CliOptions } | { ok: false; message: string };

const OPTIONS = {
  rules: { type: 'string', short: 'r' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCliArgs(args: readonly string[], allowed: readonly (keyof typeof OPTIONS)[]): ParsedCli {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true });
    for (const key of Object.keys(values) as (keyof typeof OPTIONS)[]) {
      if (key !== 'help' && !allowed.includes(key)) return { ok: false, message: `这个命令不支持 --${key} 选项。` };
    }
    return {
      ok: true,
      value: { positionals, ...(values.rules !== undefined ? { rules: values.rules } : {}), json: values.json === true, help: values.help === true },
    };
  } catch (e) {
    const error = e as { code?: string; message?: string };
    const quoted = /'([^']+)'/.exec(error.message ?? '')?.[1] ?? '';
    const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(' ')[0];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { ok: false, message: `不认识的选项 ${option}。` };
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      return option === '--rules'
        ? { ok: false, message: '--rules 后面要写规则集名称，例如 --rules suzhou-2021。' }
        : { ok: false, message: `选项 ${option} 的写法不对。` };
    }
    return { ok: false, message: '命令行参数有误。' };
  }
}
