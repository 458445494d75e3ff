// The `jixiao` command line: audit, explain, export, help. bin/jixiao.js runs this through tsx.
import { listAnyRuleSets } from '../../rules/index.js';
import { runAudit, AUDIT_USAGE } from './commands/audit.js';
import { runExplain, EXPLAIN_USAGE } from './commands/explain.js';
import { runDb, DB_USAGE } from './commands/db.js';
import { EXIT_OK, EXIT_USAGE, processIo, type Io } from './io.js';

export function helpText(): string {
  const ruleSets = listAnyRuleSets()
    .map((r) => `  ${r.name}  ${r.title}`)
    .join('\n');
  return `jixiao — 绩效自评助手（苏州市级财政支出项目绩效自评表、财政部通用项目支出绩效自评表）

用法：
  ${AUDIT_USAGE}
      审核一份填好的自评表：每项指标的规则得分、扣分原因、合计和发现的问题。
      --json 输出 JSON（金额和分数为字符串）。
  ${EXPLAIN_USAGE}
      用白话说明一项指标怎样得分，以及怎样才能得满分。
  jixiao export <文件> …
      导出 DOCX / XLSX（jixiao export --help 查看用法）。
  ${DB_USAGE}
      PostgreSQL 存储（STORAGE=postgres）：创建或升级数据库结构；把数据目录导入数据库。
  jixiao help
      显示本说明。

<文件> 可以是自评表的文本导出（.txt）、表单 JSON，或 DOCX。
按文件中的栏目认出是哪种表，再按项目年份选择规则集；--rules 可以指定。可用的规则集：
${ruleSets}

退出码：0 已审核（无论有没有问题）；2 文件读不了或命令写错。
`;
}

type ExportModule = { runExport?: (args: string[], io?: Io) => Promise<number> };

/** jixiao export …: src/cli/commands/export.ts, loaded only when asked for. */
async function runExportCommand(args: string[], io: Io): Promise<number> {
  const specifier = './commands/export.js';
  let mod: ExportModule;
  try {
    mod = (await import(specifier)) as ExportModule;
  } catch (e) {
    // Only the command's own absence means "not installed"; its broken imports are real errors.
    const { code, message } = e as { code?: string; message?: string };
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String(message).includes('commands/export')) throw e;
    mod = {};
  }
  if (typeof mod.runExport !== 'function') {
    io.stderr('导出功能还没有安装。请先用 jixiao audit <文件> 审核表单。\n');
    return EXIT_USAGE;
  }
  return mod.runExport(args, io);
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'audit':
        return await runAudit(rest, io);
      case 'explain':
        return await runExplain(rest, io);
      case 'export':
        return await runExportCommand(rest, io);
      case 'db':
        return await runDb(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.stdout(helpText());
        return EXIT_OK;
      case undefined:
        io.stderr(`缺少命令。\n\n${helpText()}`);
        return EXIT_USAGE;
      default:
        io.stderr(`不认识的命令“${command}”。\n\n${helpText()}`);
        return EXIT_USAGE;
    }
  } catch (e) {
    io.stderr(`出错了：${e instanceof Error ? e.message : String(e)}\n这是程序的问题，请把上面的信息发给维护人员。\n`);
    return 1;
  }
}
