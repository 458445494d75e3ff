// jixiao db migrate | db import-files <数据目录>: the PostgreSQL store (STORAGE=postgres).
// DATABASE_URL (and PG_*) come from the environment or .env, checked as the server checks them.
import { resolve } from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from '../../config.js';
import { importDataFolder } from '../../db/importFiles.js';
import { migrate, LATEST_VERSION } from '../../db/migrate.js';
import { createPool, describe } from '../../db/pool.js';
import { EXIT_OK, EXIT_USAGE, type Io } from '../io.js';

export const DB_USAGE = 'jixiao db migrate | jixiao db import-files <数据目录>';

export async function runDb(args: readonly string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.stderr : io.stdout)(`用法：${DB_USAGE}\n  migrate       创建或升级数据库结构（可重复运行）\n  import-files  把文件存储的数据目录（对话状态和导出文件）导入数据库（可重复运行，不覆盖、不重复）\n需要环境变量 DATABASE_URL（或 .env）。\n`);
    return sub === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (sub !== 'migrate' && sub !== 'import-files') {
    io.stderr(`不认识的子命令“${sub}”。\n用法：${DB_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (sub === 'migrate' && rest.length > 0) {
    io.stderr(`多余的参数：${rest.join(' ')}\n用法：${DB_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (sub === 'import-files' && rest.length !== 1) {
    io.stderr(`${rest.length === 0 ? '缺少数据目录。' : `多余的参数：${rest.slice(1).join(' ')}`}\n用法：${DB_USAGE}\n`);
    return EXIT_USAGE;
  }

  if (env === process.env) loadDotEnv(io.cwd);
  let url: string;
  let statementTimeoutMs: number;
  try {
    const config = loadConfig({ ...env, STORAGE: 'postgres', WORKERS: undefined }, io.cwd);
    url = config.database!.url;
    statementTimeoutMs = Math.max(config.database!.statementTimeoutMs, 60_000);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  const pool = createPool({ connectionString: url, max: 2, statementTimeoutMs, applicationName: 'jixiao-cli' });
  try {
    const m = await migrate(pool);
    if (sub === 'migrate') {
      io.stdout(m.applied.length > 0 ? `数据库结构已从版本 ${m.from} 升级到 ${m.to}。\n` : `数据库结构已是最新（版本 ${LATEST_VERSION}），没有改动。\n`);
      return EXIT_OK;
    }
    const dataDir = resolve(io.cwd, rest[0]);
    const r = await importDataFolder(pool, dataDir);
    io.stdout(
      [
        `从 ${dataDir} 导入：`,
        `  对话状态：新导入 ${r.items.imported} 条，数据库中已有相同的 ${r.items.same} 条。`,
        `  导出文件：新导入 ${r.files.imported} 个，已有 ${r.files.present} 个，已过期未导入 ${r.files.expired} 个。`,
        ...(r.items.differs.length > 0
          ? [`  ${r.items.differs.length} 条在数据库中已有不同内容，保留数据库中的（没有覆盖）。`]
          : []),
        ...(r.unreadable.length > 0 ? [`  ${r.unreadable.length} 个文件读不出来，没有导入：${r.unreadable.slice(0, 10).join('，')}${r.unreadable.length > 10 ? ' …' : ''}`] : []),
        '数据目录没有改动；确认无误后可以改用 STORAGE=postgres。',
        '',
      ].join('\n'),
    );
    return r.unreadable.length > 0 ? 1 : EXIT_OK;
  } catch (error) {
    io.stderr(`数据库操作失败：${describe(error)}\n请检查 DATABASE_URL 和数据库是否在运行。\n`);
    return 1;
  } finally {
    await pool.end().catch(() => undefined);
  }
}
