// The finished form as files: DOCX and XLSX builders, the DOCX reader, the exporter port.
export { buildDocx } from './docx.js';
export { buildXlsx } from './xlsx.js';
export { readDocx } from './readDocx.js';
export { DocxXlsxExporter, DOCX_TYPE, XLSX_TYPE } from './exporter.js';
export { exportFileName, safeFileName } from './fileName.js';
