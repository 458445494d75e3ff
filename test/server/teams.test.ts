// The Teams package: manifest from the env, icons drawn in code, a clear failure without an app id.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from '../../src/teams/png.js';
import { buildTeamsPackage } from '../../src/teams/package.js';
import { TeamsConfigError } from '../../src/teams/manifest.js';

const APP_ID = 'AAAAAAAA-2222-3333-4444-555555555555';
const ENV = { MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://jixiao.example.gov.cn/' };

/** Reads a PNG back: checks the signature and every chunk's CRC, returns size and RGBA pixels. */
function decodePng(png: Buffer): { width: number; height: number; colorType: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    expect(png.readUInt32BE(pos + 8 + length)).toBe(crc32(png.subarray(pos + 4, pos + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9];
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colorType, pixels };
}

describe('PNG encoder', () => {
  it('round-trips pixels and uses the standard CRC-32', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
    const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const decoded = decodePng(encodePng(3, 2, pixels));
    expect(decoded).toMatchObject({ width: 3, height: 2, colorType: 6 });
    expect([...decoded.pixels]).toEqual([...pixels]);
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(/expected 16 bytes/);
  });
});

describe('npm run teams:package', () => {
  it('builds a zip with manifest.json, color.png 192×192 and outline.png 32×32', async () => {
    const { zip } = await buildTeamsPackage(ENV, '1.2.3');
    const files = await JSZip.loadAsync(zip);
    expect(Object.keys(files.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await files.file('manifest.json')!.async('string'));
    expect(manifest).toMatchObject({
      manifestVersion: '1.17',
      version: '1.2.3',
      id: APP_ID.toLowerCase(),
      name: { short: '绩效自评助手' },
      icons: { color: 'color.png', outline: 'outline.png' },
      validDomains: ['jixiao.example.gov.cn'],
      developer: { websiteUrl: 'https://jixiao.example.gov.cn/', privacyUrl: 'https://jixiao.example.gov.cn/privacy', termsOfUseUrl: 'https://jixiao.example.gov.cn/terms' },
    });
    expect(manifest.$schema).toContain('/v1.17/MicrosoftTeams.schema.json');
    expect(manifest.bots).toEqual([
      {
        botId: APP_ID.toLowerCase(),
        scopes: ['personal'],
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [{ scopes: ['personal'], commands: ['帮助', '进度', '预览', '导出'].map((title) => ({ title, description: expect.any(String) })) }],
      },
    ]);
    // schema limits
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    for (const c of manifest.bots[0].commandLists[0].commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    expect(manifest.accentColor).toMatch(/^#[0-9A-F]{6}$/i);

    const color = decodePng(await files.file('color.png')!.async('nodebuffer'));
    expect(color).toMatchObject({ width: 192, height: 192, colorType: 6 });
    expect([...color.pixels.subarray(0, 4)]).toEqual([0x1d, 0x4e, 0xd8, 255]); // accent background, opaque
    const outline = decodePng(await files.file('outline.png')!.async('nodebuffer'));
    expect(outline).toMatchObject({ width: 32, height: 32 });
    let opaque = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a > 0) expect([r, g, b]).toEqual([255, 255, 255]); // white on transparent only
      if (a === 255) opaque++;
    }
    expect(outline.pixels[3]).toBe(0); // corner transparent
    expect(opaque).toBeGreaterThan(60);
  });

  it('gives the same bytes for the same settings', async () => {
    const a = await buildTeamsPackage(ENV, '1.0.0');
    const b = await buildTeamsPackage(ENV, '1.0.0');
    expect(a.zip.equals(b.zip)).toBe(true);
  });

  it('refuses without MicrosoftAppId, or with a PUBLIC_BASE_URL Teams cannot reach', async () => {
    await expect(buildTeamsPackage({ PUBLIC_BASE_URL: 'https://x.example.com' }, '1.0.0')).rejects.toThrow(/MicrosoftAppId: is missing/);
    await expect(buildTeamsPackage({ MicrosoftAppId: 'not-a-guid', PUBLIC_BASE_URL: 'https://x.example.com' }, '1.0.0')).rejects.toThrow(/MicrosoftAppId: must be the Azure app/);
    await expect(buildTeamsPackage({ MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'http://x.example.com' }, '1.0.0')).rejects.toThrow(/PUBLIC_BASE_URL: .*https/);
    await expect(buildTeamsPackage({ MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://localhost:3978' }, '1.0.0')).rejects.toThrow(TeamsConfigError);
  });

  it('exits 1 with a message naming MicrosoftAppId when run without it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'teams-'));
    try {
      const env = { ...process.env };
      delete env.MicrosoftAppId;
      const run = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), [join(process.cwd(), 'src/teams/package.ts')], { cwd, env, encoding: 'utf8', timeout: 30_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/MicrosoftAppId: is missing/);
      expect(run.stdout).toBe('');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
