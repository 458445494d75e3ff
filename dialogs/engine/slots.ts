// The items of the checklist ("slots") and their string ids, stored in the session:
//   project.name, budget.initial, narrative.overview …     a field of the form
//   subItems.add                                            add a 子项 or say 完成
//   subItem.<i>.<name|budget|actual>                        one cell of a 子项
//   indicators.add.<category>                               add an indicator or say 完成
//   indicators.target.<category>                            the target of the indicator being added
//   indicator.<i>.<actual|grade|note|target|name|selfScore> one cell of an indicator
//   conflict.<check code>.<subject>                         a broken identity: which figure is wrong?
//   review                                                  the end: summary, findings, export
import { CATEGORY_IDS, NARRATIVE_KEYS, type CategoryId, type NarrativeKey } from '../../rules/index.js';

export const ASKED_FIELDS = [
  'project.name',
  'project.year',
  'project.department',
  'budget.initial',
  'budget.adjustment',
  'budget.appropriated',
  'funds.paid',
  'funds.carriedOver',
  'funds.recovered',
] as const;
/** Derived figures a filled form may state; editable (to resolve a conflict), never asked. */
export const STATED_DERIVED = ['budget.quotaBalance', 'funds.balance'] as const;
export const NARRATIVE_FIELDS = NARRATIVE_KEYS.map((k) => `narrative.${k}` as const);

export type AskedField = (typeof ASKED_FIELDS)[number];
export type NarrativeField = `narrative.${NarrativeKey}`;
export type EditableField = AskedField | (typeof STATED_DERIVED)[number] | NarrativeField;

export type SubItemPart = 'name' | 'budget' | 'actual';
export type IndicatorPart = 'actual' | 'grade' | 'note' | 'target' | 'name' | 'selfScore';
export type AddCategory = Exclude<CategoryId, 'input'>;
export const ADD_CATEGORIES: readonly AddCategory[] = ['output', 'outcome', 'impact'];

export type Slot =
  | { kind: 'field'; path: EditableField }
  | { kind: 'subItems.add' }
  | { kind: 'subItem'; index: number; part: SubItemPart }
  | { kind: 'indicators.add'; category: AddCategory }
  | { kind: 'indicators.target'; category: AddCategory }
  | { kind: 'indicator'; index: number; part: IndicatorPart }
  | { kind: 'conflict'; code: string; subject: string }
  | { kind: 'review' };

export type SectionId = 'basic' | 'budget' | 'funds' | 'subItems' | 'indicators' | 'narrative' | 'review';
export const SECTION_IDS: readonly SectionId[] = ['basic', 'budget', 'funds', 'subItems', 'indicators', 'narrative', 'review'];

const EDITABLE = new Set<string>([...ASKED_FIELDS, ...STATED_DERIVED, ...NARRATIVE_FIELDS]);
const SUB_PARTS = new Set(['name', 'budget', 'actual']);
const IND_PARTS = new Set(['actual', 'grade', 'note', 'target', 'name', 'selfScore']);

export function slotId(slot: Slot): string {
  switch (slot.kind) {
    case 'field':
      return slot.path;
    case 'subItems.add':
    case 'review':
      return slot.kind;
    case 'subItem':
      return `subItem.${slot.index}.${slot.part}`;
    case 'indicators.add':
    case 'indicators.target':
      return `${slot.kind}.${slot.category}`;
    case 'indicator':
      return `indicator.${slot.index}.${slot.part}`;
    case 'conflict':
      return `conflict.${slot.code}.${slot.subject}`;
    default: {
      const never: never = slot;
      return never;
    }
  }
}

/** Reads a stored slot id; undefined when it is not one (a session from an older version). */
export function parseSlotId(id: string): Slot | undefined {
  if (EDITABLE.has(id)) return { kind: 'field', path: id as EditableField };
  if (id === 'subItems.add') return { kind: 'subItems.add' };
  if (id === 'review') return { kind: 'review' };
  let m = /^subItem\.(\d{1,3})\.(\w+)$/.exec(id);
  if (m && SUB_PARTS.has(m[2])) return { kind: 'subItem', index: Number(m[1]), part: m[2] as SubItemPart };
  m = /^indicator\.(\d{1,3})\.(\w+)$/.exec(id);
  if (m && IND_PARTS.has(m[2])) return { kind: 'indicator', index: Number(m[1]), part: m[2] as IndicatorPart };
  m = /^indicators\.(add|target)\.(\w+)$/.exec(id);
  if (m && (ADD_CATEGORIES as readonly string[]).includes(m[2])) return { kind: m[1] === 'add' ? 'indicators.add' : 'indicators.target', category: m[2] as AddCategory };
  m = /^conflict\.([a-z-]+\.[a-z-]+)\.(.+)$/.exec(id);
  if (m) return { kind: 'conflict', code: m[1], subject: m[2] };
  return undefined;
}

export function sectionOf(slot: Slot): SectionId {
  switch (slot.kind) {
    case 'field': {
      const head = slot.path.split('.')[0];
      return head === 'project' ? 'basic' : head === 'budget' ? 'budget' : head === 'funds' ? 'funds' : 'narrative';
    }
    case 'subItems.add':
    case 'subItem':
      return 'subItems';
    case 'indicators.add':
    case 'indicators.target':
    case 'indicator':
      return 'indicators';
    case 'conflict':
      return slot.code.startsWith('budget') ? 'budget' : slot.code.startsWith('funds') ? 'funds' : slot.code.startsWith('subitems') ? 'subItems' : 'indicators';
    case 'review':
      return 'review';
    default: {
      const never: never = slot;
      return never;
    }
  }
}

export function isCategory(s: string): s is CategoryId {
  return (CATEGORY_IDS as readonly string[]).includes(s);
}
