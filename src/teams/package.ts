// `npm run teams:package`: builds teams/jixiao-teams.zip (manifest.json, color.png, outline.png)
// from the environment (.env included). Fails with a clear message when MicrosoftAppId or an https
// PUBLIC_BASE_URL is missing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { loadDotEnv } from '../config.js';
import { PROJECT_ROOT } from '../server/static.js';
import { colorIcon, outlineIcon } from './icons.js';
import { buildManifest, teamsSettingsFromEnv, TeamsConfigError } from './manifest.js';

export async function buildTeamsPackage(env: Record<string, string | undefined>, version: string): Promise<{ zip: Buffer; manifest: Record<string, unknown> }> {
  const manifest = buildManifest(teamsSettingsFromEnv(env, version));
  const zip = new JSZip();
  const date = new Date('2024-01-01T00:00:00Z'); // fixed, so that the same settings give the same bytes
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  zip.file('color.png', colorIcon(), { date });
  zip.file('outline.png', outlineIcon(), { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'DOS' });
  return { zip: bytes, manifest };
}

export async function main(outDir = join(PROJECT_ROOT, 'teams')): Promise<number> {
  loadDotEnv();
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  try {
    const { zip, manifest } = await buildTeamsPackage(process.env, version);
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'jixiao-teams.zip');
    writeFileSync(file, zip);
    const bot = (manifest.bots as { botId: string }[])[0];
    process.stdout.write(`Teams 安装包已生成 / Teams package written: ${file}\n  botId ${bot.botId}, validDomains ${(manifest.validDomains as string[]).join(', ')}\n  安装方法见 docs/teams.md / how to install: docs/teams.md\n`);
    return 0;
  } catch (error) {
    if (error instanceof TeamsConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
