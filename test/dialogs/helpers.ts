// Drives the pure engine turn by turn, as a user would, and keeps the session between turns.
import { beforeAll, expect } from 'vitest';
import { buildStages } from '../fixtures/nlu/stages.js';
import { handleTurn, type Reply, type Session } from '../../dialogs/engine/index.js';
import type { DialogDeps, DocumentExporter, ExportedFile, IncomingFile } from '../../dialogs/ports.js';
import { Form, type Form as FormT, type FormScore } from '../../rules/index.js';

/** Two files, one per format, so a test sees which were sent (the engine keeps the format asked for). */
export class TwoFiles implements DocumentExporter {
  async exportForm(_form: FormT, _score: FormScore): Promise<ExportedFile[]> {
    const bytes = new Uint8Array([1]);
    return [
      { name: '自评表.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes },
      { name: '自评表.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes },
    ];
  }
}

export const fixedClock = { now: () => new Date('2026-03-01T08:00:00Z') };

export class Chat {
  session: unknown;
  last: Reply[] = [];

  constructor(
    readonly deps: DialogDeps = { clock: fixedClock },
    session?: unknown,
  ) {
    this.session = session;
  }

  /** Sends one message; returns all reply texts of the turn joined by newlines. */
  async say(text: string, files?: IncomingFile[]): Promise<string> {
    const r = await handleTurn(this.session, { text, ...(files ? { files } : {}) }, this.deps);
    // The session must always be plain JSON and carry a valid form.
    this.session = JSON.parse(JSON.stringify(r.session));
    this.last = r.replies;
    return r.replies.map((x) => x.text).join('\n');
  }

  /** Sends each line in turn; returns the text of the last turn. */
  async run(lines: readonly string[]): Promise<string> {
    let out = '';
    for (const line of lines) out = await this.say(line);
    return out;
  }

  get state(): Session {
    return this.session as Session;
  }

  get form(): FormT {
    const s = this.state;
    const e = s.forms.find((f) => f.id === s.active)!;
    return Form.parse(e.form);
  }

  /** The question the bot asks last (the last reply's text). */
  get question(): string {
    return this.last[this.last.length - 1]?.text ?? '';
  }

  get suggestions(): string[] {
    return this.last[this.last.length - 1]?.suggestions ?? [];
  }
}

/** A started chat: greeted, the first question asked. */
export async function started(deps?: DialogDeps): Promise<Chat> {
  const chat = new Chat(deps);
  await chat.say('你好');
  return chat;
}

/** Rows of "user says / bot replies (phrases that must appear) / phrases that must not". */
export type Row = [says: string, replies: readonly string[], not?: readonly string[]];

export async function transcript(chat: Chat, rows: readonly Row[]): Promise<void> {
  for (const [says, replies, not] of rows) {
    const out = await chat.say(says);
    for (const phrase of replies) expect(out, `after “${says.slice(0, 40)}”`).toContain(phrase);
    for (const phrase of not ?? []) expect(out, `after “${says.slice(0, 40)}”`).not.toContain(phrase);
  }
}

/** Answers from the start up to the sub-items, with the seed's figures. */
export const BASIC_AND_BUDGET = ['苏州市智能制造融合发展中心项目', '2021', '苏州市工业和信息化局', '1900', '-812.5', '812.101021', '812.101021', '0', '0'] as const;

export const SUB_ITEMS = ['基本建设', '1200', '388.632358', '基本维护', '700', '423.468663', '完成'] as const;

export const INPUT_ACTUALS_SKIP = ['合规', '健全', '100%', '规范', '跳过', '无'] as const;

/** The one tap that confirms a category's self-scores as the rule scores. */
export const CONFIRM_SELF = '本类都按规则得分';

export const OUTPUT_TO_IMPACT = [
  '装修面积', '=5859平方米', '5859平方米',
  '项目布展面积', '=3234平方米', '3234平方米',
  '竣工完成度', '=100%', '100%',
  '完成', CONFIRM_SELF,
  '参观人数', '=8000人次', '8757人次',
  '参观满意度', '=85%', '100%',
  '完成', CONFIRM_SELF,
  '运营管理体制建立建全', '获得', '获得',
  '获评国家级工业互联网体验中心', '获得', '获得',
  '完成', CONFIRM_SELF,
] as const;

export const NARRATIVE_SKIPS = ['跳过', '无', '跳过', '无', '跳过', '无', '跳过', '无', '跳过', '无', '跳过', '无', '跳过', '无'] as const;

/** A chat that has filled the whole seed form (资金节约率 skipped, narratives skipped). */
export async function filledSeed(deps?: DialogDeps): Promise<Chat> {
  const chat = await started(deps);
  await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, ...INPUT_ACTUALS_SKIP, CONFIRM_SELF, ...OUTPUT_TO_IMPACT, ...NARRATIVE_SKIPS]);
  return chat;
}

/**
 * Chats resumed at a point of the seed form (test/fixtures/nlu/stages.ts): registers the beforeAll
 * that builds the stages and returns `at(stage, deps?)`, a new chat with its own copy of that session.
 */
export function stageChats(): (stage: string, deps?: DialogDeps) => Chat {
  let stages: Record<string, unknown> = {};
  beforeAll(async () => {
    stages = await buildStages();
  }, 120_000);
  return (stage, deps = { clock: fixedClock }) => new Chat(deps, structuredClone(stages[stage]));
}
