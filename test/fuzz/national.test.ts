// Fuzzed conversations on the national form: random messages (the example's answers and rows,
// corrections good and bad, 档 words, commands, hostile and huge text, full-width digits) sent
// from random points of the national golden transcript. Every turn: no throw, a reply that ends
// with a question, the stored session passes the zod models, the national form scores, and a
// message that is refused changes nothing.
// Default: 40 conversations; FUZZ_RUNS=n for more (npm run test:long).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleTurn, Session } from '../../dialogs/engine/index.js';
import type { DialogDeps } from '../../dialogs/ports.js';
import { scoreNationalForm } from '../../rules/index.js';
import { commands, fuzzRuns, hostileTexts, malformedNumbers, tooLongTexts } from './messages.js';

const deps: DialogDeps = {
  clock: { now: () => new Date('2026-03-01T08:00:00Z') },
  region: 'ask',
  exporter: {
    exportForm: async () => [],
    exportNational: async () => [{ name: '自评表.docx', contentType: 'application/octet-stream', bytes: new Uint8Array([1]) }],
  },
};

const SCRIPT = [
  '你好', '社区居家养老服务补助项目', '2022', '某市民政局', '财政部通用', '某市养老服务指导中心',
  '600 580 551', '600 560 531', '0 20 20', '0 0 0', '为全市老人提供上门服务。', '全年服务1.26万名老人。',
  '数量指标，服务居家老人人数，≥12000人，12600人，15', '数量指标，新建社区助餐点，≥30个，28个，15', '选址调整',
  '质量指标，服务质量抽查合格率，≥95%，97%，10', '时效指标，补助资金按季度拨付，按时拨付，达成，5', '成本指标，人均服务补助标准，≤480元/人，437元/人，5', '完成',
  '社会效益指标，老年人居家生活质量，有效提升，部分达成，20，15', '频次不足', '可持续影响指标，长效运营机制，建立，达成，10', '完成',
  '服务对象满意度，≥90%，93%，10', '完成',
];

type Msg = { text: string; refused?: boolean };
const refused = (a: fc.Arbitrary<string>) => a.map((text): Msg => ({ text, refused: true }));
const message: fc.Arbitrary<Msg> = fc.oneof(
  fc.constantFrom(...SCRIPT).map((text) => ({ text })),
  fc.constantFrom('为什么是优', '为什么是良', '还差多少分到优', '扣分的有哪些', '为什么新建社区助餐点扣分', '预览', '导出', '进度', '撤回', '恢复', '上一步', '跳过', '表单', '新建', '切换 1', '改用苏州表', '改用财政部通用表', '达成', '部分达成', '未达成', '完成', '帮助', '在吗').map((text) => ({ text })),
  fc.constantFrom('新建社区助餐点实际完成值改为30个', '新建社区助餐点分值改为20', '年度资金总额 600 580 560', '其他资金 0 0 0', '服务居家老人人数改为１２０００人').map((text) => ({ text })),
  fc.constantFrom('年度资金总额 600 580 x', '新建社区助餐点分值改为七十', '年度资金总额 600 500 551').map((text) => ({ text, refused: true })),
  refused(tooLongTexts),
  hostileTexts.map((text) => ({ text })),
  malformedNumbers.map((text) => ({ text })),
  commands.map((text) => ({ text })),
);

const prefixes: unknown[] = [];

beforeAll(async () => {
  let session: unknown;
  prefixes.push(undefined);
  for (const text of SCRIPT) {
    session = JSON.parse(JSON.stringify((await handleTurn(session, { text }, deps)).session));
    prefixes.push(session);
  }
}, 60_000);

function nationalForms(s: unknown): unknown {
  return (s as { national?: Array<{ form: unknown }> }).national?.map((n) => n.form);
}

describe('fuzzed national conversations', () => {
  it('never throw, always reply with a question, keep a valid session, and a refused message changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SCRIPT.length), fc.array(message, { minLength: 1, maxLength: 12 }), async (start, msgs) => {
        let session = prefixes[start];
        for (const m of msgs) {
          const r = await handleTurn(session, { text: m.text }, deps);
          const stored = JSON.parse(JSON.stringify(r.session));
          const parsed = Session.safeParse(stored);
          expect(parsed.success, `session after “${m.text.slice(0, 30)}”`).toBe(true);
          expect(r.replies.length).toBeGreaterThan(0);
          expect(r.replies[r.replies.length - 1].text.trim()).not.toBe('');
          for (const form of (nationalForms(stored) as unknown[] | undefined) ?? []) expect(() => scoreNationalForm(form)).not.toThrow();
          if (m.refused && session !== undefined) expect(nationalForms(stored), `refused “${m.text.slice(0, 30)}” changed a form`).toEqual(nationalForms(session));
          session = stored;
        }
      }),
      { numRuns: fuzzRuns(40) },
    );
  }, 240_000);
});
