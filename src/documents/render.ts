// npm run render [-- <file.docx|file.xlsx> …]: turns exported files into PDF and PNG pages with
// LibreOffice and pdftoppm, to look at them. With no arguments it exports the seed form to out/ and
// writes page 1 of its DOCX to docs/images/seed-docx-page1.png (the picture in the README).
// Each conversion uses a private LibreOffice profile and its own output folder, and a fontconfig file
// that maps 宋体/仿宋/黑体 to the Noto CJK fonts Debian ships.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { scoreForm } from '../../rules/index.js';
import { importAny } from '../import/index.js';
import { buildDocx } from './docx.js';
import { exportFileName } from './fileName.js';
import { buildXlsx } from './xlsx.js';

const run = promisify(execFile);

export const INSTALL_HINT =
  '没有找到 LibreOffice（soffice）或 pdftoppm。请先安装：\n' +
  '  sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils\n';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_SEED = resolve(ROOT, '../shared/seed/000_1710a498a8f8337b.txt');
/** The seed: JIXIAO_SEED, else shared/ beside the checkout, else the committed copy in examples/. */
export const SEED_PATH = process.env.JIXIAO_SEED ?? (existsSync(SHARED_SEED) ? SHARED_SEED : resolve(ROOT, 'examples/seed-form.txt'));

const FONTS_CONF = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${[
  ['宋体', 'Noto Serif CJK SC'],
  ['SimSun', 'Noto Serif CJK SC'],
  ['仿宋', 'Noto Serif CJK SC'],
  ['FangSong', 'Noto Serif CJK SC'],
  ['黑体', 'Noto Sans CJK SC'],
  ['SimHei', 'Noto Sans CJK SC'],
]
  .map(([from, to]) => `  <alias binding="same"><family>${from}</family><prefer><family>${to}</family></prefer></alias>`)
  .join('\n')}
</fontconfig>
`;

async function which(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

/** True when soffice and pdftoppm are both installed. */
export async function canRender(): Promise<boolean> {
  return (await which('soffice')) && (await which('pdftoppm'));
}

/** DOCX/XLSX → PDF in `outDir`, with a throw-away LibreOffice profile. Returns the PDF's path. */
export async function toPdf(input: string, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'jixiao-render-'));
  try {
    const fontsConf = join(work, 'fonts.conf');
    await writeFile(fontsConf, FONTS_CONF);
    await run(
      'soffice',
      [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, input],
      { env: { ...process.env, FONTCONFIG_FILE: fontsConf, HOME: work }, timeout: 120_000 },
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const pdf = join(outDir, `${basename(input, extname(input))}.pdf`);
  await readFile(pdf); // throws when LibreOffice produced nothing
  return pdf;
}

/** PDF → PNG pages (`<prefix>-1.png` …). Returns the files written, in page order. */
export async function toPngs(pdf: string, prefix: string, options: { dpi?: number; first?: number; last?: number } = {}): Promise<string[]> {
  const args = ['-png', '-r', String(options.dpi ?? 110)];
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  await run('pdftoppm', [...args, pdf, prefix], { timeout: 120_000 });
  const dir = dirname(prefix);
  const stem = basename(prefix);
  const pages = (await readdir(dir)).filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.png'));
  const number = (f: string) => Number(/-(\d+)\.png$/.exec(f)?.[1] ?? 0);
  return pages.sort((a, b) => number(a) - number(b)).map((f) => join(dir, f));
}

/** Renders one file into out/render/<name>/ (its PDF and every page as PNG). */
export async function renderFile(input: string, outRoot: string): Promise<{ pdf: string; pngs: string[] }> {
  const name = basename(input, extname(input));
  const outDir = join(outRoot, `${name}${extname(input).replace('.', '-')}`);
  await rm(outDir, { recursive: true, force: true });
  const pdf = await toPdf(resolve(input), outDir);
  const pngs = await toPngs(pdf, join(outDir, 'page'));
  return { pdf, pngs };
}

/** Exports the seed form to `outDir` and returns the two files. */
export async function exportSeed(outDir: string): Promise<{ docx: string; xlsx: string }> {
  const imported = await importAny({ name: basename(SEED_PATH), contentType: 'text/plain', bytes: await readFile(SEED_PATH) });
  if (!imported.ok) throw new Error(`seed form cannot be read: ${imported.message}`);
  const form = imported.form;
  const score = scoreForm(form, { final: true });
  await mkdir(outDir, { recursive: true });
  const docx = join(outDir, exportFileName(form.project, 'docx'));
  const xlsx = join(outDir, exportFileName(form.project, 'xlsx'));
  await writeFile(docx, await buildDocx(form, score));
  await writeFile(xlsx, await buildXlsx(form, score));
  return { docx, xlsx };
}

export async function main(argv: string[], log: (line: string) => void = (l) => void process.stdout.write(`${l}\n`)): Promise<number> {
  if (!(await canRender())) {
    process.stderr.write(INSTALL_HINT);
    return 1;
  }
  const outRoot = join(ROOT, 'out', 'render');
  let inputs = argv;
  let picture: string | undefined;
  if (inputs.length === 0) {
    const { docx, xlsx } = await exportSeed(join(ROOT, 'out'));
    log(`已导出：${docx}\n已导出：${xlsx}`);
    inputs = [docx, xlsx];
    picture = docx;
  }
  for (const input of inputs) {
    const started = Date.now();
    const { pdf, pngs } = await renderFile(input, outRoot);
    log(`${basename(input)} → ${pdf}（${pngs.length} 页，${Date.now() - started} ms）`);
    if (input === picture && pngs[0]) {
      const target = join(ROOT, 'docs', 'images', 'seed-docx-page1.png');
      await mkdir(dirname(target), { recursive: true });
      await copyFile(pngs[0], target);
      log(`第 1 页：${target}`);
    }
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`渲染失败：${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
