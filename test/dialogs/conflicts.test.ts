// Broken identities: the bot shows the identity with the numbers, asks which figure is wrong,
// never overwrites either figure itself, and lets an error be kept with a reason.
import { describe, expect, it } from 'vitest';
import { scoreForm } from '../../rules/index.js';
import { BASIC_AND_BUDGET, started, transcript } from './helpers.js';

describe('an identity conflict', () => {
  it('实际支付数 > 财政拨款数: shows both figures, offers them, and the chosen one is asked again', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '812.101021']);
    await transcript(chat, [
      ['900', ['已记录实际支付数：900 万元', '实际支付数 900 万元大于财政拨款数 812.101021 万元。实际支付数不能超过拨款', '哪个数填错了？请回复字段名（财政拨款数、实际支付数）', '回复“保留”'], ['⚠']],
    ]);
    expect(chat.suggestions).toEqual(['财政拨款数', '实际支付数', '保留']);
    // Both figures are still the user's own.
    expect(chat.form.budget.appropriated).toBe('812.101021');
    expect(chat.form.funds.paid).toBe('900');
    await transcript(chat, [
      ['实际支付数', ['修改实际支付数（当前：900 万元）', '请输入实际支付数']],
      ['812.101021', ['已把实际支付数由 900 万元 改为 812.101021 万元', '✓ 已解决：实际支付数 ≤ 财政拨款数 ≤ 调整后预算', '请输入结转数']],
    ]);
  });

  it('结转数 + 财政收回数 ≠ 资金结余、结转数: the identity with its numbers; an error kept with a reason', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '812.101021', '800']);
    await transcript(chat, [
      ['5', ['已记录结转数：5 万元']],
      ['5', ['资金结余、结转数 12.101021 万元应等于 结转数 5 + 财政收回数 5 = 10 万元', '哪个数填错了？请回复字段名（财政拨款数、实际支付数、结转数、财政收回数）']],
      ['财政收回数', ['修改财政收回数（当前：5 万元）']],
      ['6', ['已把财政收回数由 5 万元 改为 6 万元', '结转数 5 + 财政收回数 6 = 11 万元', '哪个数填错了']],
      ['保留', ['请说明保留', '原因']],
      ['财政局已确认差额为利息收入', ['已记录保留原因，这个问题不再阻止导出', '【项目资金构成】']],
    ]);
    const score = scoreForm(chat.form);
    const split = score.findings.find((f) => f.code === 'funds.balance-split');
    expect(split?.overridden).toBe('财政局已确认差额为利息收入');
    expect(chat.form.overrides).toEqual([{ code: 'funds.balance-split', subject: 'funds.carriedOver', reason: '财政局已确认差额为利息收入' }]);
  });

  it('子项实际数合计 ≠ 实际支付数 is asked once the 子项 are finished', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET]);
    await transcript(chat, [
      ['基本建设 1200 388.632358', [], ['子项实际数合计']],
      ['完成', ['子项实际数合计 388.632358 万元，与实际支付数 812.101021 万元不等', '哪个数填错了？请回复字段名（实际支付数、子项）']],
      ['子项', ['1. 基本建设：预算 1200 / 实际 388.632358']],
      ['上一步', ['回到上一步：项目资金构成的子项，可以继续添加', '请输入第 2 个子项名称']],
      ['基本维护 700 423.468663', ['子项「基本维护」']],
      ['完成', ['实际数合计 812.101021 万元', '【项目绩效实现情况（绩效指标）】'], ['不等']],
    ]);
    expect(scoreForm(chat.form).checks.find((c) => c.code === 'subitems.actual-sum')?.status).toBe('pass');
  });
});
