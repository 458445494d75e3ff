// What one message means: exactly one intent, validated with zod. The understanding layer
// produces it from the text and the context; the engine decides and applies it.
import { z } from 'zod';
import { ASKED_FIELDS, NARRATIVE_FIELDS, STATED_DERIVED } from '../engine/slots.js';

const FieldPath = z.enum([...ASKED_FIELDS, ...STATED_DERIVED, ...NARRATIVE_FIELDS]);

export const RefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), path: FieldPath }),
  z.object({ kind: z.literal('derived'), label: z.string(), formula: z.string() }),
  z.object({ kind: z.literal('indicator'), index: z.number().int().min(0), part: z.enum(['actual', 'grade', 'note', 'target', 'name', 'selfScore']).optional() }),
  z.object({ kind: z.literal('subItem'), index: z.number().int().min(0), part: z.enum(['name', 'budget', 'actual']).optional() }),
  z.object({ kind: z.literal('subItems') }),
]);

const WhyTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ref'), ref: RefSchema }),
  /** 这个 / nothing named: the indicator discussed last. */
  z.object({ kind: z.literal('this') }),
  z.object({ kind: z.literal('total') }),
  /** A name that matches nothing on the form. */
  z.object({ kind: z.literal('unknown'), query: z.string() }),
]);

export const ExportFormat = z.enum(['word', 'excel', 'both']);

export const Intent = z.discriminatedUnion('kind', [
  /** The answer to the question being asked (checked by the engine like any answer): the message as typed, or the value it points to ("跟拨款数一样" → the 拨款数). */
  z.object({ kind: z.literal('answer'), text: z.string() }),
  /** Several labelled answers in one message ("年初预算1900，调整-812.5"). */
  z.object({ kind: z.literal('answers'), items: z.array(z.object({ ref: RefSchema, value: z.string() })).min(2).max(20) }),
  /** Rows pasted from a table (tab- or comma-separated): 子项 or indicators. */
  z.object({ kind: z.literal('rows'), rows: z.array(z.array(z.string())).min(2).max(40) }),
  z.object({ kind: z.literal('why'), target: WhyTarget }),
  z.object({ kind: z.literal('lostPoints') }),
  /** What each indicator needs for full marks; `index` narrows it to one. */
  z.object({ kind: z.literal('howToFull'), index: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal('scoreNow') }),
  z.object({ kind: z.literal('correction'), ref: RefSchema, value: z.string() }),
  z.object({ kind: z.literal('undo') }),
  z.object({ kind: z.literal('redo') }),
  z.object({ kind: z.literal('export'), format: ExportFormat }),
  z.object({ kind: z.literal('preview') }),
  z.object({ kind: z.literal('progress') }),
  z.object({ kind: z.literal('help') }),
  /** What a field means and what to write; no ref: the question being asked. */
  /** `name`: an indicator asked about that is not on the form yet ("竣工完成度指的啥" before it is added). */
  z.object({ kind: z.literal('fieldHelp'), ref: RefSchema.optional(), name: z.string().max(40).optional() }),
  z.object({ kind: z.literal('smallTalk'), what: z.enum(['thanks', 'ping', 'hello', 'ok']) }),
  /** A name that could be several things: ask back with buttons. */
  z.object({ kind: z.literal('ambiguous'), query: z.string(), options: z.array(z.string()).min(2) }),
  z.object({ kind: z.literal('fallback') }),
  z.object({ kind: z.literal('yesNo'), yes: z.boolean() }),
  // The commands of before, unchanged in meaning.
  z.object({ kind: z.literal('back') }),
  z.object({ kind: z.literal('skip') }),
  z.object({ kind: z.literal('restart') }),
  z.object({ kind: z.literal('forms') }),
  z.object({ kind: z.literal('new') }),
  z.object({ kind: z.literal('list') }),
  z.object({ kind: z.literal('switch'), query: z.string() }),
  z.object({ kind: z.literal('edit'), query: z.string() }),
  /** "X改成Y" / "X是Y" whose X the engine resolves itself (explicit: said with 改成 etc.). */
  z.object({ kind: z.literal('set'), query: z.string(), value: z.string(), explicit: z.boolean() }),
  z.object({ kind: z.literal('selfScore'), query: z.string(), value: z.string() }),
  z.object({ kind: z.literal('note'), query: z.string(), value: z.string() }),
  z.object({ kind: z.literal('keep'), index: z.number().int().optional(), reason: z.string().optional() }),
  z.object({ kind: z.literal('delete'), query: z.string() }),
]);
export type Intent = z.infer<typeof Intent>;
export type IntentKind = Intent['kind'];
