// The exporter port: two files named after the project and year, in Chinese, safe as file names.
import { describe, expect, it } from 'vitest';
import { scoreForm, type Form } from '../../rules/index.js';
import { DOCX_TYPE, DocxXlsxExporter, XLSX_TYPE } from '../../src/documents/exporter.js';
import { exportFileName, safeFileName } from '../../src/documents/fileName.js';
import { readDocx } from '../../src/documents/readDocx.js';
import { seedFromFile } from './helpers.js';

describe('DocxXlsxExporter', () => {
  it('returns the DOCX and the XLSX named after the project and year', async () => {
    const form = await seedFromFile();
    const files = await new DocxXlsxExporter().exportForm(form, scoreForm(form));
    expect(files.map((f) => [f.name, f.contentType])).toEqual([
      ['苏州市智能制造融合发展中心项目-2021-绩效自评表.docx', DOCX_TYPE],
      ['苏州市智能制造融合发展中心项目-2021-绩效自评表.xlsx', XLSX_TYPE],
    ]);
    expect(files.every((f) => f.bytes.byteLength > 5000 && f.bytes[0] === 0x50 && f.bytes[1] === 0x4b)).toBe(true);
    const back = await readDocx(files[0].bytes);
    expect(back.ok && back.form).toEqual(form);
  });

  it('strips characters that are unsafe in file names', async () => {
    const form = await seedFromFile();
    const f: Form = { ...form, project: { ...form.project, name: ' 苏州/工业:园区*项目?"<二期>"|\\ \n  ' } };
    const [docx] = await new DocxXlsxExporter().exportForm(f, scoreForm(f));
    expect(docx.name).toBe('苏州工业园区项目二期-2021-绩效自评表.docx');
  });
});

describe('file names', () => {
  it('falls back to the form title when name or year is missing', () => {
    expect(exportFileName({}, 'xlsx')).toBe('绩效自评表.xlsx');
    expect(exportFileName({ year: 2022 }, 'docx')).toBe('2022-绩效自评表.docx');
    expect(exportFileName({ name: '..' }, 'docx')).toBe('绩效自评表.docx');
  });

  it('keeps names short and without control characters', () => {
    expect(safeFileName('项'.repeat(300))).toHaveLength(80);
    expect(safeFileName('a\u0000b\u001fc\u007f')).toBe('abc');
    expect(safeFileName('  ..名称.. ')).toBe('名称');
  });
});
