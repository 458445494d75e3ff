// The interfaces through which the conversation reaches the world. src/ implements them;
// dialogs/ depends only on these types and on rules/.
import type { Form, FormScore, NationalForm, NationalScore } from '../rules/index.js';

export type Bytes = Uint8Array;

/** A file the bot produced (DOCX, XLSX). */
export type ExportedFile = { name: string; contentType: string; bytes: Bytes };

/** A file the user sent in the chat. */
export type IncomingFile = { name: string; contentType: string; bytes: Bytes };

/** A file the user sent that could not be read (src/attachments says why); the form is not touched. */
export type FileProblem = {
  name: string;
  reason: 'too-large' | 'timeout' | 'not-allowed' | 'expired' | 'failed';
  /** too-large: the limit and, when known, the size. */
  limitBytes?: number;
  sizeBytes?: number;
  /** timeout: the deadline in seconds. */
  seconds?: number;
  /** not-allowed: the host refused. */
  host?: string;
  /** failed: the HTTP status, when there was one. */
  status?: number;
};

export type ImportIssue = { line?: number; field?: string; message: string };
export type ImportResult =
  | { ok: true; form: Form; issues: ImportIssue[]; format: 'text' | 'json' | 'docx' }
  | { ok: false; message: string };
/** A national 项目支出绩效自评表 read from a file (rules/national). */
export type NationalImported = { ok: true; template: 'national'; form: NationalForm; issues: ImportIssue[]; format: 'text' | 'json' | 'docx' };
/** What the chat's importer gives: either form. */
export type FormImportResult = ImportResult | NationalImported;

export interface Clock {
  now(): Date;
}

/** Builds the finished form's files (src/documents). */
export interface DocumentExporter {
  exportForm(form: Form, score: FormScore): Promise<ExportedFile[]>;
  /** The national form's files (the official table as Word, and Excel); absent: not offered. */
  exportNational?(form: NationalForm, score: NationalScore): Promise<ExportedFile[]>;
}

/** Reads a file the user sent (seed text layout, form JSON, our DOCX) into the form model. */
export interface DocumentImporter {
  importFile(file: IncomingFile): Promise<FormImportResult>;
}

/** What the current channel can show. */
export type ChannelCaps = { inlineFiles: boolean; suggestedActions: boolean; adaptiveCards: boolean };

/** A file as the channel receives it: inline (data URL) or a download link. */
export type DeliveredFile = { name: string; contentType: string; contentUrl: string; expiresAt?: string };

/** Turns produced files into attachments: inline where the channel accepts it, else expiring links. */
export interface FileDelivery {
  deliver(files: ExportedFile[], scope: { userId: string; formKey: string }, caps: ChannelCaps): Promise<DeliveredFile[]>;
}

/** Everything the conversation needs from the edges. Optional ports degrade to a clear message. */
export type DialogDeps = {
  clock: Clock;
  exporter?: DocumentExporter;
  importer?: DocumentImporter;
  files?: FileDelivery;
  /** The rule set name to use for new forms when the year does not choose one. */
  defaultRuleSet?: string;
  /**
   * The region this deployment serves, used to choose the form when the project's name and 主管部门
   * name no place: "苏州" (the default) → the Suzhou 市级 form; "全国" or another region → the national
   * form; "ask" → the conversation asks (rules/template/choose.ts).
   */
  region?: string;
};

/**
 * A botbuilder Storage that can also answer the eTags it gave the items it wrote (FileStorage):
 * the bot then keeps the new eTag without reading its own state back after each save.
 */
export interface ETagReportingStorage {
  writeWithETags(changes: Record<string, unknown>): Promise<Record<string, string>>;
}
