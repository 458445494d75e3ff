// Reports of an audit (pure): the JSON object and the readable Chinese text.
export * from './auditJson.js';
export * from './auditText.js';
export * from './width.js';
