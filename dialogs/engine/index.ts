// The conversation engine's public surface: pure TypeScript over rules/ and the ports.
export { handleTurn, startConversation, welcome, intentOf, MAX_MESSAGE, type TurnResult } from './turn.js';
export { newSession, loadSession, formKey, Session, FormEntry, type LoadedSession } from './session.js';
export { nextField, checklist, openConflicts, type Item, type ChecklistState } from './checklist.js';
export { parseCommand, type Command } from './commands.js';
export { resolveRef, nameKey, type Ref } from './match.js';
export { cardText, scoreCard } from './render.js';
export { slotId, parseSlotId, type Slot } from './slots.js';
export type { Reply, CardModel, TurnInput, ScoreRow, Fact, CardFinding } from './types.js';
