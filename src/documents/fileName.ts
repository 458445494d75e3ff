// File names for the exported form: 项目名称-年份-绩效自评表.docx, in Chinese, without characters that
// file systems or download headers refuse.
const UNSAFE = /[\\/:*?"<>|\u0000-\u001F\u007F]/g;
const MAX_BASE = 80;

/** Strips characters unsafe in file names, collapses spaces, trims dots and spaces at the ends. */
export function safeFileName(text: string): string {
  const cleaned = text
    .normalize('NFC')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return Array.from(cleaned).slice(0, MAX_BASE).join('').trim();
}

/** 苏州市智能制造融合发展中心项目-2021-绩效自评表.docx */
export function exportFileName(project: { name?: string; year?: number }, ext: 'docx' | 'xlsx'): string {
  const parts = [safeFileName(project.name ?? ''), project.year !== undefined ? String(project.year) : ''].filter(Boolean);
  return `${[...parts, '绩效自评表'].join('-')}.${ext}`;
}
