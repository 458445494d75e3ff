// What one turn of the conversation returns: replies as data. The bot wrapper turns them into
// activities (text, suggested actions, Adaptive Cards, attachments); the terminal prints them.
import type { ExportedFile, FileProblem, IncomingFile } from '../ports.js';

/** fileErrors: attachments that could not be read (said to the user; nothing else happens). */
export type TurnInput = { text: string; files?: IncomingFile[]; fileErrors?: FileProblem[] };

export type Fact = { label: string; value: string };

export type ScoreRow = {
  category: string;
  name: string;
  target: string;
  weight: string;
  actual: string;
  score: string;
  selfScore?: string;
  /** full / partial / zero / provisional / needs-grade / not-applicable */
  status: string;
};

export type CardFinding = { severity: 'error' | 'warning'; message: string; overridden?: string };

/** A card as data (not Adaptive Card JSON): a section summary or the score table. */
export type CardModel =
  | { kind: 'section'; title: string; facts: Fact[]; notes?: string[] }
  | {
      kind: 'scoreTable';
      title: string;
      ruleSet: string;
      rows: ScoreRow[];
      categories: Array<{ label: string; weight: string; score: string; total: string }>;
      total: string;
      maxTotal: string;
      selfTotal?: string;
      findings: CardFinding[];
    };

/**
 * One message from the bot. When `card` is present, `text` is the card's plain-text rendering
 * (for channels without cards). `formKey` names the form the files belong to.
 */
export type Reply = { text: string; suggestions?: string[]; card?: CardModel; files?: ExportedFile[]; formKey?: string };
