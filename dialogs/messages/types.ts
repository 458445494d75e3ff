import type { EditableField } from '../engine/slots.js';
export type { CategoryId } from '../../rules/index.js';
export type EditableFieldLabel = EditableField;
