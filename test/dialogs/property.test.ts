// Properties over random conversations: whatever the user sends, the engine never throws, the
// stored session (and every form in it) passes the zod model, every turn ends with a question,
// and a value once given is never lost — except by an explicit restart. Input that no question
// accepts (emoji only, blank, over-long) changes no form at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleTurn, Session } from '../../dialogs/engine/index.js';
import type { DialogDeps, IncomingFile } from '../../dialogs/ports.js';
import { FIELD_LABELS, Form } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { fixedClock } from './helpers.js';

const deps: DialogDeps = {
  clock: fixedClock,
  importer: { importFile: async () => ({ ok: true, form: seedForm(), issues: [], format: 'text' }) },
  exporter: { exportForm: async () => [{ name: 'a.docx', contentType: 'application/octet-stream', bytes: new Uint8Array([1]) }] },
};

const FILE = '<file>';
const file: IncomingFile = { name: 'seed.txt', contentType: 'text/plain', bytes: new Uint8Array([1]) };

const answers = fc.constantFrom(
  '苏州项目A', '苏州项目B', '2021', '2022', '工信局', '1900', '1,900.5万元', '19000000元', '一千九百万', '-812.5', '负812.5', '0', '812.101021', '900',
  '基本建设', '1200', '基本建设 1200 388.632358', '完成', '合规', '基本合规', '健全', '100%', '90%', '10%', '不适用', '规范',
  '装修面积', '=5859平方米', '5859平方米', '参观人数，=8000人次，8757人次', '8757人次', '获得', '好', '较好', '无', '是', '否', '确定', '取消',
  '项目位于高新区，建设内容为室内装修。', '服务11723人次',
);
const commands = fc.constantFrom(
  '上一步', 'back', '跳过', 'skip', '进度', '预览', '导出', '重新开始', '表单', '新建', '切换 1', '切换 2', '为什么预算执行率扣分', '为什么这个指标扣分',
  '修改 年初预算数', '修改 参观人数', '年初预算数改成1800', '把财政拨款数改为 800万元', '参观人数是100人次', '预算执行率的自评分是8', '自评分 3',
  '保留', '保留 1 已核对', '帮助', '子项', '删除子项 1', '删除 装修面积', '说明：数据来自年报', FILE,
);
const unacceptable = fc.oneof(
  fc.constantFrom('', '   ', '😀', '😀🎉', '\n\t', '字'.repeat(20_001)),
  fc.array(fc.constantFrom('😀', '🎉', '👍', ' ', '\u200b'), { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
);
const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('abc', '1.1234567', '-5', '8757人', 'x'.repeat(10_000)));

type Step = { text: string; unacceptable: boolean };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: answers.map((text) => ({ text, unacceptable: false })) },
  { weight: 3, arbitrary: commands.map((text) => ({ text, unacceptable: false })) },
  { weight: 2, arbitrary: junk.map((text) => ({ text, unacceptable: false })) },
  { weight: 1, arbitrary: unacceptable.map((text) => ({ text, unacceptable: true })) },
);

const KEPT_FIELDS = Object.keys(FIELD_LABELS).filter((k) => !k.endsWith('quotaBalance') && !k.endsWith('.balance')) as Array<keyof typeof FIELD_LABELS>;

function filled(form: Form): Set<string> {
  const out = new Set<string>();
  for (const path of KEPT_FIELDS) {
    const [section, key] = path.split('.') as [keyof Form, string];
    if ((form[section] as Record<string, unknown>)[key] !== undefined) out.add(path);
  }
  return out;
}

describe('random conversations', () => {
  it('never throw, keep a valid session, always ask, and never lose a value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        let stored: unknown = undefined;
        for (const s of steps) {
          const before = stored === undefined ? undefined : Session.parse(stored);
          const r = await handleTurn(stored, s.text === FILE ? { text: '', files: [file] } : { text: s.text }, deps);
          const json = JSON.parse(JSON.stringify(r.session));
          const after = Session.parse(json); // throws if the session or any form is invalid
          for (const e of after.forms) Form.parse(e.form);
          expect(r.replies.length).toBeGreaterThan(0);
          expect(r.replies[r.replies.length - 1].text.length).toBeGreaterThan(0);
          if (before) {
            const restarted = r.replies.some((x) => x.text.includes('已清空，从头开始'));
            for (const old of before.forms) {
              const now = after.forms.find((f) => f.id === old.id);
              expect(now, 'a form never disappears').toBeDefined();
              if (s.unacceptable) expect(now!.form).toEqual(old.form);
              if (!restarted) for (const path of filled(old.form)) expect(filled(now!.form).has(path), `${path} lost after “${s.text.slice(0, 20)}”`).toBe(true);
            }
          }
          stored = json;
        }
      }),
      { numRuns: 150 },
    );
  });
});
