// jixiao export <file> --docx … --xlsx …: seed text, form JSON or our own DOCX in, both files out.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../src/cli/commands/export.js';
import { readDocx } from '../../src/documents/readDocx.js';
import { SEED_PATH, seedFromFile } from './helpers.js';

let cwd: string;
let out: string[];
let err: string[];
const io = () => ({ cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) });

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'jixiao-export-'));
  out = [];
  err = [];
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('jixiao export', () => {
  it('exports the seed text to the named DOCX and XLSX, and the DOCX exports again', async () => {
    expect(await runExport([SEED_PATH, '--docx', 'a/seed.docx', '--xlsx', 'seed.xlsx'], io())).toBe(0);
    expect(out.join('')).toContain('已导出');
    expect(out.join('')).toContain('规则得分合计 70.00 分（满分 80 分）');
    const docx = await readFile(join(cwd, 'a/seed.docx'));
    const back = await readDocx(docx);
    expect(back.ok && back.form).toEqual(await seedFromFile());
    expect((await readFile(join(cwd, 'seed.xlsx'))).subarray(0, 2).toString()).toBe('PK');

    expect(await runExport(['a/seed.docx', '--docx', 'again.docx'], io())).toBe(0);
    const again = await readDocx(await readFile(join(cwd, 'again.docx')));
    expect(again.ok && again.form).toEqual(await seedFromFile());
    expect(await readdir(cwd)).not.toContain('again.xlsx');
  });

  it('writes both files under their Chinese default names when no output is given', async () => {
    const json = JSON.stringify(await seedFromFile());
    await writeFile(join(cwd, 'form.json'), json);
    expect(await runExport(['form.json'], io())).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual([
      'form.json',
      '苏州市智能制造融合发展中心项目-2021-绩效自评表.docx',
      '苏州市智能制造融合发展中心项目-2021-绩效自评表.xlsx',
    ]);
  });

  it.each([
    [[], '缺少要导出的自评表文件'],
    [['nope.txt'], '找不到文件 nope.txt'],
    [[SEED_PATH, '--docx', 'out.pdf'], '要以 .docx 结尾'],
    [[SEED_PATH, '--pdf', 'x'], '不认识的选项 --pdf'],
    [[SEED_PATH, '--rules', 'nope'], '没有名为“nope”的规则集'],
  ])('exits 2 with a Chinese message for %j', async (args, message) => {
    expect(await runExport(args as string[], io())).toBe(2);
    expect(err.join('')).toContain(message);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('exits 2 for a file that is not a form', async () => {
    await writeFile(join(cwd, 'bad.docx'), 'PK\u0003\u0004 broken');
    expect(await runExport(['bad.docx'], io())).toBe(2);
    expect(err.join('')).toMatch(/无法读取 bad\.docx/);
  });
});
