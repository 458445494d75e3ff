// The last stage of a turn: its events (lines said, cards, files, the closing question) become the
// replies the channel shows. Lines gather into one message until a card, files or the question.
import type { TurnEvent } from './context.js';
import { cardReply } from './render.js';
import type { Reply } from './types.js';

export function renderEvents(events: readonly TurnEvent[]): Reply[] {
  const replies: Reply[] = [];
  let lines: string[] = [];
  for (const ev of events) {
    switch (ev.kind) {
      case 'say':
        lines.push(ev.text);
        break;
      case 'card':
        if (lines.length) replies.push({ text: lines.join('\n') });
        lines = [];
        replies.push(cardReply(ev.card));
        break;
      case 'files':
        replies.push({ text: lines.join('\n'), files: ev.files, formKey: ev.formKey });
        lines = [];
        break;
      case 'ask':
        replies.push({ text: [...lines, ev.text].join('\n'), ...(ev.suggestions ? { suggestions: ev.suggestions } : {}) });
        lines = [];
        break;
      default: {
        const never: never = ev;
        return never;
      }
    }
  }
  if (lines.length) replies.push({ text: lines.join('\n') });
  return replies;
}
