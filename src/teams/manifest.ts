// The Teams app manifest (schema 1.17) from the environment. Pure: settings in, manifest out.
import { z } from 'zod';
import { ACCENT } from './icons.js';

export const MANIFEST_VERSION = '1.17';

export type TeamsSettings = {
  appId: string;
  publicBaseUrl: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
  version: string;
};

export class TeamsConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`无法生成 Teams 安装包 / cannot build the Teams package:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}\n请在 .env 中设置后重试（参见 docs/teams.md）/ set them in .env and retry (see docs/teams.md)`);
    this.name = 'TeamsConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const httpsUrl = (what: string) =>
  z.preprocess(
    blank,
    z
      .url({ protocol: /^https$/, error: `must be an https URL (${what})` })
      .refine((u) => !/^https:\/\/(localhost|127\.|\[::1\])/i.test(u), `must be a public address, not localhost (${what})`)
      .optional(),
  );

const Env = z.object({
  MicrosoftAppId: z.preprocess(
    blank,
    z
      .string({ error: 'is missing: register the bot in Azure (Azure Bot resource) and copy its Microsoft App ID here' })
      .regex(GUID, 'must be the Azure app (client) id, a GUID like 00000000-0000-0000-0000-000000000000'),
  ),
  PUBLIC_BASE_URL: z.preprocess(
    blank,
    z
      .url({ protocol: /^https$/, error: 'must be the public https address of the bot, e.g. https://bot.example.com (Teams needs https)' })
      .refine((u) => !/^https:\/\/(localhost|127\.|\[::1\])/i.test(u), 'must be a public address, not localhost'),
  ),
  TEAMS_DEVELOPER_NAME: z.preprocess(blank, z.string().max(32, 'at most 32 characters').optional()),
  TEAMS_WEBSITE_URL: httpsUrl('the developer website'),
  TEAMS_PRIVACY_URL: httpsUrl('the privacy statement'),
  TEAMS_TERMS_URL: httpsUrl('the terms of use'),
});

export function teamsSettingsFromEnv(env: Record<string, string | undefined>, version: string): TeamsSettings {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new TeamsConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message })));
  }
  const e = parsed.data;
  const base = e.PUBLIC_BASE_URL.replace(/\/+$/, '');
  return {
    appId: e.MicrosoftAppId.toLowerCase(),
    publicBaseUrl: base,
    developerName: e.TEAMS_DEVELOPER_NAME ?? '绩效自评助手',
    websiteUrl: e.TEAMS_WEBSITE_URL ?? `${base}/`,
    privacyUrl: e.TEAMS_PRIVACY_URL ?? `${base}/privacy`,
    termsOfUseUrl: e.TEAMS_TERMS_URL ?? `${base}/terms`,
    version,
  };
}

export const COMMANDS = [
  { title: '帮助', description: '查看能做什么和可用的命令' },
  { title: '进度', description: '查看当前自评表已填和未填的项目' },
  { title: '预览', description: '预览自评表和各项得分' },
  { title: '导出', description: '导出 Word 和 Excel 文件' },
] as const;

export function buildManifest(s: TeamsSettings): Record<string, unknown> {
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: s.version,
    id: s.appId,
    developer: { name: s.developerName, websiteUrl: s.websiteUrl, privacyUrl: s.privacyUrl, termsOfUseUrl: s.termsOfUseUrl },
    name: { short: '绩效自评助手', full: '绩效自评助手：苏州市级财政支出项目绩效自评' },
    description: {
      short: '对话填写苏州市级财政支出项目绩效自评表，自动评分并说明扣分原因',
      full:
        '绩效自评助手通过对话逐项填写《苏州市级财政支出项目绩效自评表》：预算执行、资金使用、子项、绩效指标和项目基本情况。' +
        '它按评分规则自动计算每项得分，检查前后数据是否一致，回答“为什么扣分”，并导出 Word 和 Excel 文件。' +
        '可以发送已有的自评表文件（Word、文本或 JSON）继续填写。发送“帮助”查看全部命令。',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT,
    bots: [
      {
        botId: s.appId,
        scopes: ['personal'],
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [{ scopes: ['personal'], commands: COMMANDS.map((c) => ({ ...c })) }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [new URL(s.publicBaseUrl).hostname],
  };
}
