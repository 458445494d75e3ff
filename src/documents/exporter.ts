// The DocumentExporter port: the finished form as a Word and an Excel file, named after the project.
import type { Form, FormScore, NationalForm, NationalScore } from '../../rules/index.js';
import type { DocumentExporter, ExportedFile } from '../../dialogs/ports.js';
import { buildDocx } from './docx.js';
import { exportFileName } from './fileName.js';
import { buildXlsx } from './xlsx.js';
import { buildNationalDocx } from './nationalDocx.js';
import { buildNationalXlsx } from './nationalXlsx.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class DocxXlsxExporter implements DocumentExporter {
  async exportForm(form: Form, score: FormScore): Promise<ExportedFile[]> {
    const [docx, xlsx] = await Promise.all([buildDocx(form, score), buildXlsx(form, score)]);
    return [
      { name: exportFileName(form.project, 'docx'), contentType: DOCX_TYPE, bytes: docx },
      { name: exportFileName(form.project, 'xlsx'), contentType: XLSX_TYPE, bytes: xlsx },
    ];
  }

  async exportNational(form: NationalForm, score: NationalScore): Promise<ExportedFile[]> {
    const [docx, xlsx] = await Promise.all([buildNationalDocx(form, score), buildNationalXlsx(form, score)]);
    return [
      { name: exportFileName(form.project, 'docx'), contentType: DOCX_TYPE, bytes: docx },
      { name: exportFileName(form.project, 'xlsx'), contentType: XLSX_TYPE, bytes: xlsx },
    ];
  }
}
