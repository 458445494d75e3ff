// Configuration from the environment, checked once at start. A bad value is reported by variable
// name (ConfigError); src/server/main.ts prints it and exits 1. Nothing else reads process.env.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { getRuleSet, listRuleSets } from '../rules/index.js';
import { PARSE_TIMEOUT_MS, WORKER_HEAP_MB } from './import/limits.js';
import { parseHostRule, TEAMS_ATTACHMENT_HOSTS } from './attachments/fetch.js';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type Config = {
  /** Bot Framework registration; an empty appId means unauthenticated local mode. */
  appId: string;
  appPassword: string;
  appType: AppType;
  tenantId: string;
  /** True when no app id is set: /api/messages accepts unauthenticated requests. */
  localMode: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Where users (and Teams) reach this server; no trailing slash. */
  publicBaseUrl: string;
  /** False when PUBLIC_BASE_URL was not set (then it follows the port actually bound). */
  publicBaseUrlSet: boolean;
  ruleSet: string;
  /** The region this deployment serves: chooses the form when a project names no place (dialogs/ports.ts). */
  region: string;
  logLevel: LogLevel;
  fileLinkTtlHours: number;
  maxBodyBytes: number;
  /** The largest file accepted: one Direct Line upload request, and one attachment downloaded. */
  uploadMaxBytes: number;
  /** Hosts attachments may be downloaded from (besides this server's own uploads). */
  attachmentHosts: string[];
  /** Deadline for downloading one attachment, ms (at most 15 s). */
  attachmentTimeoutMs: number;
  /** Direct Line uploads: where they are kept (DATA_DIR/uploads; the temp folder with STORAGE=memory), how long, and how many per conversation. */
  uploadDir: string;
  uploadTtlMinutes: number;
  uploadMaxFiles: number;
  uploadConversationMaxBytes: number;
  storage: 'file' | 'memory' | 'postgres';
  /** STORAGE=postgres: the database every instance shares (src/db). */
  database?: DatabaseConfig;
  /** Server processes on this machine (node:cluster); more than 1 only with a shared store. */
  workers: number;
  /** Serve the local chat page and the Direct Line subset (local mode only). */
  webchat: boolean;
  directLineMaxConversations: number;
  directLineIdleMinutes: number;
  shutdownTimeoutMs: number;
  /** Reading one uploaded file in the parsing worker (src/import/isolated.ts): its time limit, ms, and the worker's heap, MB. */
  importTimeoutMs: number;
  importHeapMb: number;
  /** The 企业微信 / 政务微信 channel (POST/GET /api/wecom); undefined when its variables are not set. */
  wecom?: WecomConfig;
};

export type WecomConfig = {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
  /** https://qyapi.weixin.qq.com, or the 政务微信 deployment's own address (no trailing slash). */
  apiBase: string;
  /** Suggested actions as button cards (template_card); off: a numbered text menu. */
  cards: boolean;
  /** Callbacks with a timestamp further than this from our clock are refused, seconds. */
  maxSkewSeconds: number;
};

/** The variables that switch the 企业微信 channel on: all set, or none. */
export const WECOM_REQUIRED = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

export type DatabaseConfig = {
  url: string;
  poolMax: number;
  statementTimeoutMs: number;
  /** auto: apply migrations at start; check: refuse to start on an older schema (npx jixiao db migrate). */
  migrate: 'auto' | 'check';
};

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      `配置错误 / invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}\n` +
        '请修改环境变量或 .env 文件（参见 .env.example）/ fix the environment or .env (see .env.example)',
    );
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

const int = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`)
      .optional(),
  );

const positive = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, `must be a positive number (at most ${max})`)
      .transform(Number)
      .refine((n) => n > 0 && n <= max, `must be a positive number (at most ${max})`)
      .optional(),
  );

const str = () => z.preprocess(blankToUndefined, z.string().optional());
const oneOf = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional());

const EnvSchema = z.object({
  MicrosoftAppId: z.preprocess(
    blankToUndefined,
    z.string().regex(GUID, 'must be the Azure app (client) id, a GUID like 00000000-0000-0000-0000-000000000000').optional(),
  ),
  MicrosoftAppPassword: str(),
  MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']),
  MicrosoftAppTenantId: z.preprocess(blankToUndefined, z.string().regex(GUID, 'must be the Azure tenant id, a GUID').optional()),
  PORT: int(0, 65535),
  HOST: str(),
  DATA_DIR: str(),
  PUBLIC_BASE_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://bot.example.com' }).optional(),
  ),
  RULE_SET: str(),
  REGION: str(),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  FILE_LINK_TTL_HOURS: positive(24 * 365),
  MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024),
  UPLOAD_MAX_BYTES: int(1024, 256 * 1024 * 1024),
  ATTACHMENT_HOSTS: str(),
  ATTACHMENT_TIMEOUT_MS: int(100, 15_000),
  UPLOAD_TTL_MINUTES: positive(7 * 24 * 60),
  UPLOAD_MAX_FILES: int(1, 10_000),
  UPLOAD_CONVERSATION_MAX_BYTES: int(1024, 4 * 1024 * 1024 * 1024),
  STORAGE: oneOf(['file', 'memory', 'postgres']),
  DATABASE_URL: z.preprocess(blankToUndefined, z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://jixiao:password@db.example.cn:5432/jixiao').optional()),
  PG_POOL_MAX: int(1, 1000),
  PG_STATEMENT_TIMEOUT_MS: int(100, 600_000),
  DB_MIGRATE: oneOf(['auto', 'check']),
  WORKERS: int(1, 64),
  WEBCHAT: oneOf(['auto', 'on', 'off']),
  DIRECTLINE_MAX_CONVERSATIONS: int(1, 1_000_000),
  DIRECTLINE_IDLE_MINUTES: int(1, 7 * 24 * 60),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000),
  IMPORT_TIMEOUT_MS: int(100, 120_000),
  IMPORT_HEAP_MB: int(16, 4096),
  WECOM_CORP_ID: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the 企业ID (CorpID) from 我的企业 → 企业信息, e.g. ww1234567890abcdef').optional()),
  WECOM_AGENT_ID: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,12}$/, 'must be the app\'s AgentId, a number such as 1000002').optional()),
  WECOM_SECRET: str(),
  WECOM_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be the 接收消息 Token: 1 to 32 letters and digits').optional()),
  WECOM_ENCODING_AES_KEY: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey (letters and digits) from 接收消息 → 设置API接收').optional()),
  WECOM_API_BASE: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://qyapi.weixin.qq.com' }).optional()),
  WECOM_CARDS: oneOf(['on', 'off']),
  WECOM_MAX_SKEW_SECONDS: int(10, 86_400),
});

/** Every variable the server reads, for .env.example and the docs. */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

/** Builds the configuration from an environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const variable = String(i.path[0] ?? '?');
        // Secrets are named, never echoed.
        const got = /SECRET|PASSWORD|AES_KEY|WECOM_TOKEN|DATABASE_URL/.test(variable) ? undefined : env[variable];
        return { variable, message: `${i.message}${got === undefined ? '' : ` (got ${JSON.stringify(got.length > 60 ? `${got.slice(0, 60)}…` : got)})`}` };
      }),
    );
  }
  const e = parsed.data;
  const issues: { variable: string; message: string }[] = [];

  const appId = e.MicrosoftAppId ?? '';
  const appType = (e.MicrosoftAppType ?? 'MultiTenant') as AppType;
  const appPassword = e.MicrosoftAppPassword ?? '';
  const tenantId = e.MicrosoftAppTenantId ?? '';
  const localMode = appId === '';
  if (!localMode && appType !== 'UserAssignedMSI' && appPassword === '') {
    issues.push({ variable: 'MicrosoftAppPassword', message: `is required when MicrosoftAppId is set and MicrosoftAppType is ${appType}` });
  }
  if (!localMode && appType !== 'MultiTenant' && tenantId === '') {
    issues.push({ variable: 'MicrosoftAppTenantId', message: `is required when MicrosoftAppType is ${appType}` });
  }
  if (localMode && (appPassword !== '' || tenantId !== '')) {
    issues.push({ variable: 'MicrosoftAppId', message: 'is empty but MicrosoftAppPassword or MicrosoftAppTenantId is set: set the app id too, or clear them' });
  }

  const port = e.PORT ?? 3978;
  const host = e.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0');

  const ruleSet = e.RULE_SET ?? 'suzhou-2021';
  if (!getRuleSet(ruleSet)) {
    issues.push({ variable: 'RULE_SET', message: `unknown rule set ${JSON.stringify(ruleSet)}; known: ${listRuleSets().map((r) => r.name).join(', ')}` });
  }

  const webchatSetting = e.WEBCHAT ?? 'auto';
  if (webchatSetting === 'on' && !localMode) {
    issues.push({
      variable: 'WEBCHAT',
      message: 'on needs local mode (no MicrosoftAppId): the local Direct Line is unauthenticated; use auto or off',
    });
  }

  // Blank: the channel's own hosts (Teams/SharePoint/Bot Framework with an app id; none in local
  // mode, where files come from this server's own Direct Line). `none`: no outside host at all.
  const hostSetting = e.ATTACHMENT_HOSTS;
  const attachmentHosts =
    hostSetting === undefined ? (localMode ? [] : [...TEAMS_ATTACHMENT_HOSTS]) : hostSetting.toLowerCase() === 'none' ? [] : hostSetting.split(',').map((h) => h.trim()).filter(Boolean);
  const badHost = attachmentHosts.find((h) => !parseHostRule(h));
  if (badHost !== undefined) {
    issues.push({ variable: 'ATTACHMENT_HOSTS', message: `${JSON.stringify(badHost)} is not a host; use a comma-separated list like *.sharepoint.com,files.example.cn:443,10.0.0.5 (or none)` });
  }

  // 企业微信: on when its five variables are set; a partial set is a mistake, named variable by variable.
  const wecomSet = WECOM_REQUIRED.filter((v) => e[v] !== undefined);
  if (wecomSet.length > 0 && wecomSet.length < WECOM_REQUIRED.length) {
    for (const v of WECOM_REQUIRED.filter((x) => e[x] === undefined)) {
      issues.push({ variable: v, message: `is required when ${wecomSet.join(', ')} ${wecomSet.length === 1 ? 'is' : 'are'} set (the 企业微信 channel needs all of ${WECOM_REQUIRED.join(', ')}, or none)` });
    }
  }
  const wecom: WecomConfig | undefined =
    wecomSet.length === WECOM_REQUIRED.length
      ? {
          corpId: e.WECOM_CORP_ID!,
          agentId: e.WECOM_AGENT_ID!,
          secret: e.WECOM_SECRET!,
          token: e.WECOM_TOKEN!,
          encodingAesKey: e.WECOM_ENCODING_AES_KEY!,
          apiBase: (e.WECOM_API_BASE ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, ''),
          cards: (e.WECOM_CARDS ?? 'on') === 'on',
          maxSkewSeconds: e.WECOM_MAX_SKEW_SECONDS ?? 300,
        }
      : undefined;

  // Several processes need one shared store: with files (or memory) each would keep its own copy
  // and two of them writing one user's file would lose answers.
  const storageKind = (e.STORAGE ?? 'file') as Config['storage'];
  const workers = e.WORKERS ?? 1;
  if (storageKind === 'postgres' && e.DATABASE_URL === undefined) {
    issues.push({ variable: 'DATABASE_URL', message: '必须设置：STORAGE=postgres 需要数据库地址 / is required with STORAGE=postgres, e.g. postgres://jixiao:password@db.example.cn:5432/jixiao' });
  }
  if (workers > 1 && storageKind !== 'postgres') {
    issues.push({
      variable: 'WORKERS',
      message:
        `WORKERS=${workers} 需要共享存储：请设置 STORAGE=postgres 和 DATABASE_URL，或改回 WORKERS=1。STORAGE=${storageKind} 时各进程各存一份，同一用户的回答会互相覆盖而丢失。` +
        ` / WORKERS=${workers} needs a shared store (STORAGE=postgres with DATABASE_URL), or set WORKERS=1: with STORAGE=${storageKind} each process would keep its own copy and overwrite the others' answers`,
    });
  }
  const database: DatabaseConfig | undefined =
    storageKind === 'postgres' && e.DATABASE_URL !== undefined
      ? { url: e.DATABASE_URL, poolMax: e.PG_POOL_MAX ?? 10, statementTimeoutMs: e.PG_STATEMENT_TIMEOUT_MS ?? 5000, migrate: (e.DB_MIGRATE ?? 'check') as 'auto' | 'check' }
      : undefined;

  if (issues.length > 0) throw new ConfigError(issues);
  const uploadMaxBytes = e.UPLOAD_MAX_BYTES ?? 10 * 1024 * 1024;
  const storage = storageKind;
  const dataDir = resolve(cwd, e.DATA_DIR ?? './data');

  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    appId,
    appPassword,
    appType,
    tenantId,
    localMode,
    port,
    host,
    dataDir,
    publicBaseUrl,
    publicBaseUrlSet: e.PUBLIC_BASE_URL !== undefined,
    ruleSet,
    region: (e.REGION ?? '苏州').trim().slice(0, 20),
    logLevel: (e.LOG_LEVEL ?? 'info') as LogLevel,
    fileLinkTtlHours: e.FILE_LINK_TTL_HOURS ?? 24,
    maxBodyBytes: e.MAX_BODY_BYTES ?? 262_144,
    uploadMaxBytes,
    attachmentHosts,
    attachmentTimeoutMs: e.ATTACHMENT_TIMEOUT_MS ?? 15_000,
    uploadDir: storage === 'memory' ? join(tmpdir(), 'jixiao-uploads') : join(dataDir, 'uploads'),
    uploadTtlMinutes: e.UPLOAD_TTL_MINUTES ?? 30,
    uploadMaxFiles: e.UPLOAD_MAX_FILES ?? 10,
    uploadConversationMaxBytes: e.UPLOAD_CONVERSATION_MAX_BYTES ?? 4 * uploadMaxBytes,
    storage,
    ...(database ? { database } : {}),
    workers,
    webchat: localMode && webchatSetting !== 'off',
    directLineMaxConversations: e.DIRECTLINE_MAX_CONVERSATIONS ?? 1000,
    directLineIdleMinutes: e.DIRECTLINE_IDLE_MINUTES ?? 120,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    importTimeoutMs: e.IMPORT_TIMEOUT_MS ?? PARSE_TIMEOUT_MS,
    importHeapMb: e.IMPORT_HEAP_MB ?? WORKER_HEAP_MB,
    ...(wecom ? { wecom } : {}),
  };
}

/** Loads `.env` from the folder into process.env when present (variables already set win). */
export function loadDotEnv(cwd: string = process.cwd()): string | undefined {
  const file = resolve(cwd, '.env');
  const load = (process as { loadEnvFile?: (path: string) => void }).loadEnvFile;
  if (!existsSync(file) || typeof load !== 'function') return undefined;
  load(file);
  return file;
}

/** The options ConfigurationBotFrameworkAuthentication and its credential factory read. */
export function botAuthSettings(config: Config): Record<string, string> {
  return {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId,
  };
}
