// Transcript tests of the commands: back, edit (and natural corrections), why, skip, progress,
// summary, restart, several forms. Each row: what the user says, phrases the bot must reply.
import { describe, expect, it } from 'vitest';
import { dec, fixed, scoreForm } from '../../rules/index.js';
import { BASIC_AND_BUDGET, CONFIRM_SELF, Chat, INPUT_ACTUALS_SKIP, SUB_ITEMS, filledSeed, started, transcript } from './helpers.js';

describe('上一步 / back', () => {
  it('goes back one question at a time, shows the current value, and 保留 keeps it', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900', '-812.5']);
    await transcript(chat, [
      ['上一步', ['回到上一步：当年使用上年结余、结转及当年调整预算数（当前：-812.5 万元）', '回复新值，或回复“保留”不变', '请输入当年使用上年结余']],
      ['上一步', ['回到上一步：年初预算数（当前：1900 万元）', '请输入年初预算数']],
      ['保留', ['年初预算数保持不变', '请输入财政拨款数']],
      ['back', ['回到上一步：当年使用上年结余、结转及当年调整预算数']],
      ['back', ['回到上一步：年初预算数']],
      ['2000', ['已把年初预算数由 1900 万元 改为 2000 万元', '调整后预算 由 1087.5 万元 变为 1187.5 万元', '请输入财政拨款数']],
    ]);
    expect(chat.form.budget).toEqual({ initial: '2000', adjustment: '-812.5' });
  });

  it('says so at the first question, and undoes a skip', async () => {
    const chat = await started();
    await transcript(chat, [
      ['上一步', ['已经是第一个问题了', '请输入项目名称']],
      ['苏州项目A', []],
      ['2021', []],
      ['跳过', ['已跳过「项目主管部门(单位)」', '没有原因请回复“无”']],
      ['上一步', ['已取消跳过「项目主管部门(单位)」', '请输入项目主管部门']],
    ]);
    expect(chat.state.forms[0].skipped).toEqual({});
  });
});

describe('修改 and natural corrections', () => {
  async function throughFunds() {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET]);
    return chat;
  }

  it('an earlier budget figure changed: the bot recomputes and announces the new 预算执行率 score', async () => {
    const chat = await throughFunds();
    const before = scoreForm(chat.form);
    const after = scoreForm({ ...chat.form, budget: { ...chat.form.budget, initial: '1800' } });
    const b = before.indicators.find((r) => r.name === '预算执行率')!;
    const a = after.indicators.find((r) => r.name === '预算执行率')!;
    expect(a.score).not.toBe(b.score);
    await transcript(chat, [
      [
        '年初预算数改成1800',
        [
          '已把年初预算数由 1900 万元 改为 1800 万元',
          '指标结余数 由 275.398979 万元 变为 175.398979 万元',
          `预算执行率 由 74.68% 变为 ${fixed(dec(after.derived.executionRate!), 2)}%`,
          `预算执行率 由 ${b.score} 分变为 ${a.score} 分`,
          '请输入第 1 个子项名称', // the question asked before the correction is asked again
        ],
      ],
    ]);
    expect(chat.form.budget.initial).toBe('1800');
  });

  it('修改 <field> asks again, 把 … 改为 …, English edit, and derived figures cannot be typed', async () => {
    const chat = await throughFunds();
    await transcript(chat, [
      ['修改 年初预算数', ['修改年初预算数（当前：1900 万元）', '请回复新值', '请输入年初预算数']],
      ['一千九百五十万', ['已把年初预算数由 1900 万元 改为 1950 万元', '预算执行率 由 74.68% 变为', '请输入第 1 个子项名称']],
      ['把财政拨款数改为 800万元', ['已把财政拨款数由 812.101021 万元 改为 800 万元', '资金结余、结转数 由 0 万元 变为 -12.101021 万元', '实际支付数 812.101021 万元大于财政拨款数 800 万元']],
      ['edit initial budget', ['修改年初预算数']],
      ['保留', ['年初预算数保持不变']],
      ['指标结余数改成 100', ['指标结余数是计算出来的', '年初预算数 + 调整数 − 财政拨款数']],
      ['预算执行率改成 100%', ['「预算执行率」按 实际支付数 ÷（年初预算数 + 调整数） 自动计算']],
      ['修改 不存在的字段', ['没找到“不存在的字段”']],
    ]);
    expect(chat.form.budget.appropriated).toBe('800');
  });

  it('an indicator actual and a self-score by name, at any point', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, ...INPUT_ACTUALS_SKIP, CONFIRM_SELF, '完成', '参观人数', '=8000人次', '8000人次']);
    await transcript(chat, [
      ['参观人数是8757人次', ['已把「参观人数」的实际完成值由 8000人次 改为 8757人次', '「参观人数」可得本项权重的 100%'], ['26.00']],
      ['参观人数改成 8757人', ['的单位“人”与目标单位“人次”不一致', '原来的 8757人次 保持不变']],
      ['预算执行率的自评分是8', ['「预算执行率」自评分 8.00 分，按规则应得 0.00 分，相差 8.00 分', '请说明自评分不同的原因']],
    ]);
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('8757人次');
  });
});

describe('为什么扣分 / why', () => {
  it('explains an indicator by name, "this indicator", and in English, with what it would take', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, '合规', '健全']);
    await transcript(chat, [
      ['90%', ['「专款专用率」得 2.00 分（权重 4 分）：低于目标 10 个百分点']],
      ['为什么这个指标扣分?', ['「专款专用率」（投入类）', '完成率 90%', '扣权重 4 分的 50%，即 2 分', '要得满分需达到 100%']],
      ['为什么预算执行率扣分', ['实际 74.68%（实际支付数 812.101021 ÷ 调整后预算 1087.5）', '低于目标 25.32 个百分点', '按 0 分计', '要得满分需达到 100%（实际支付数 1087.5 万元）', '达到 90% 可得 4.00 分']],
      ['why 资金使用合规性', ['「资金使用合规性」', '没有扣分']],
      ['为什么 不存在 扣分', ['没找到“不存在”']],
    ]);
  });
});

describe('跳过 / skip', () => {
  it('records no value, asks for the reason, and shows it in the progress', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局']);
    await transcript(chat, [
      ['跳过', ['已跳过「年初预算数」', '请简单说明原因', '没有原因请回复“无”']],
      ['进度', ['已跳过：年初预算数', '已跳过「年初预算数」'], []], // a command keeps the reason question open
      ['预算批复还没下来', ['已记录跳过「年初预算数」的原因：预算批复还没下来', '请输入当年使用上年结余']],
      ['skip', ['已跳过「当年使用上年结余、结转及当年调整预算数」']],
      ['skip', ['没有说明原因', '请输入财政拨款数']],
    ]);
    expect(chat.form.budget).toEqual({});
    expect(chat.state.forms[0].skipped).toEqual({ 'budget.initial': { reason: '预算批复还没下来' }, 'budget.adjustment': {} });
  });

  it('a skipped indicator actual keeps its reason as the indicator’s note', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, '合规', '健全', '100%', '规范']);
    await transcript(chat, [
      ['跳过', ['已跳过「资金节约率」的实际完成值']],
      ['项目没有节约资金的统计口径', ['已记录跳过「资金节约率」的实际完成值的原因']],
    ]);
    expect(chat.form.indicators.find((i) => i.name === '资金节约率')?.note).toBe('项目没有节约资金的统计口径');
    expect(scoreForm(chat.form).indicators.find((r) => r.name === '资金节约率')?.status).toBe('provisional');
  });

  it('the project name cannot be skipped', async () => {
    const chat = await started();
    await transcript(chat, [['跳过', ['「项目名称」不能跳过', '请输入项目名称']]]);
  });
});

describe('进度 / progress and 预览 / summary', () => {
  it('progress names the section, the question, and what is left', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900']);
    await transcript(chat, [
      ['进度', ['现在在：市级预算执行情况（万元） —— 当年使用上年结余、结转及当年调整预算数', '基本信息：3/3 ✓', '市级预算执行情况（万元）：1/3', '还差：当年使用上年结余、结转及当年调整预算数、财政拨款数', '目前合计 0.00 / 80 分']],
      ['progress', ['现在在：']],
    ]);
  });

  it('summary gives the score table as a card and as text, with open findings', async () => {
    const chat = await filledSeed();
    await chat.say('预览');
    const card = chat.last.find((r) => r.card)?.card;
    expect(card?.kind).toBe('scoreTable');
    if (card?.kind !== 'scoreTable') return;
    expect(card.rows).toHaveLength(13);
    expect(card.rows.find((r) => r.name === '预算执行率')).toMatchObject({ weight: '8', actual: '74.68%', score: '0.00' });
    expect(card.total).toBe('70.00');
    expect(card.findings.map((f) => f.message).join('\n')).toContain('「资金节约率」没有实际完成值');
    const text = chat.last.map((r) => r.text).join('\n');
    expect(text).toContain('类别 | 指标 | 目标 | 权重 | 实际 | 得分 | 自评');
    expect(text).toContain('投入 | 预算执行率 | 100% | 8 | 74.68% | 0.00');
    expect(text).toContain('合计 70.00 / 80');
    await transcript(chat, [['summary', ['评分表（预览）']]]);
  });
});

describe('重新开始 / restart', () => {
  it('asks for confirmation; 取消 keeps everything, 确定 clears the form', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900']);
    await transcript(chat, [
      ['重新开始', ['确定要清空「苏州项目A（2021）」的全部内容、从头开始吗？'], ['请输入当年使用上年结余']],
      ['取消', ['已取消，内容都还在', '请输入当年使用上年结余']],
      ['restart', ['确定要清空']],
      ['帮助', ['可以这样说', '确定要清空']], // a command keeps the confirmation open
      ['确定', ['已清空，从头开始', '请输入项目名称']],
    ]);
    expect(chat.form).toMatchObject({ project: {}, budget: {}, indicators: [] });
  });

  it('any other answer cancels the restart and is taken as an answer', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '重新开始']);
    await transcript(chat, [['1900', ['已取消，内容都还在', '已记录年初预算数：1900 万元']]]);
  });
});

describe('several forms: 表单 / 新建 / 切换', () => {
  it('keeps forms keyed by project and year, lists them, switches by number or name', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900']);
    await transcript(chat, [
      ['新建', ['已新建一份表单', '请输入项目名称']],
      ['苏州项目B', []],
      ['2022', ['没有 2022 年的规则，暂按《苏州市级财政支出项目绩效自评表（2021年度）》评分']],
      ['表单', ['1. 苏州项目A（2021） —— 填到 市级预算执行情况（万元）', '2. 苏州项目B（2022） —— 填到 基本信息（当前）']],
      ['切换 1', ['已切换到「苏州项目A（2021）」', '请输入当年使用上年结余']],
      ['switch 项目B', ['已切换到「苏州项目B（2022）」', '请输入项目主管部门']],
      ['切换 9', ['没有找到表单“9”']],
      ['new', ['已新建一份表单']],
      ['苏州项目A', []],
      ['2021', ['已经有「苏州项目A（2021）」的表单（第 1 份）', '切换 1']],
      ['2020', ['已记录项目年份：2020']],
      ['forms', ['3. 苏州项目A（2020）']],
    ]);
    expect(chat.state.forms.map((f) => [f.form.project.name, f.form.project.year])).toEqual([
      ['苏州项目A', 2021],
      ['苏州项目B', 2022],
      ['苏州项目A', 2020],
    ]);
    expect(chat.state.forms[0].form.budget.initial).toBe('1900');
  });
});

describe('free text that looks like a command', () => {
  it('a narrative with 是/为/改为 in it is taken as the narrative', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, ...INPUT_ACTUALS_SKIP, CONFIRM_SELF, '参观人数，=8000人次，8757人次', '完成', CONFIRM_SELF, '参观满意度，=85%，100%', '完成', CONFIRM_SELF, '获评，获得，获得', '完成', CONFIRM_SELF]);
    const text = '项目概况是位于高新区的展示中心，参观人数是8757人次，计划改为下半年开放。';
    await transcript(chat, [[text, ['已记录项目概况', '请填写「项目总目标」']]]);
    expect(chat.form.narrative.overview).toBe(text);
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('8757人次');
  });
});

describe('help and English commands', () => {
  it('help lists the commands and re-asks the question', async () => {
    const chat = await started();
    await transcript(chat, [
      ['help', ['上一步（back）', '跳过（skip）', '进度（progress）', '预览（summary）', '导出（export）', '请输入项目名称']],
      ['帮助', ['可以这样说']],
    ]);
  });

  it('a chat that has never been greeted welcomes first and does not take the greeting as an answer', async () => {
    const chat = new Chat();
    const out = await chat.say('苏州项目A');
    expect(out).toContain('我是绩效自评助手');
    expect(chat.form.project).toEqual({});
  });
});

describe('one-line entries', () => {
  it('子项 and indicators typed on one line, with thousands separators kept', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET]);
    await transcript(chat, [
      ['基本建设，1,200，388.632358', ['子项「基本建设」：预算 1200 万元，实际 388.632358 万元']],
      ['基本维护 700 423.468663', ['子项「基本维护」：预算 700 万元']],
      ['完成', []],
      ['合规', []], ['健全', []], ['100%', []], ['规范', []], ['10%', []], [CONFIRM_SELF, []],
      ['装修面积，=5,859平方米，5,859平方米', ['已添加指标「装修面积」，目标 =5,859平方米', '「装修面积」可得本项权重的 100%']],
      ['完成', []],
      [CONFIRM_SELF, []],
      ['参观满意度，=85%，100%', ['已添加指标「参观满意度」，目标 =85%', '「参观满意度」可得本项权重的 100%']],
    ]);
  });
});

describe('summaries along the way', () => {
  it('a finished section is summarised once; correcting it later does not repeat the summary', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021']);
    await transcript(chat, [
      ['工信局', ['【基本信息 · 已填完】']],
      ['1900', [], ['已填完']],
      ['项目名称改成 苏州项目B', ['已把项目名称由 苏州项目A 改为 苏州项目B'], ['已填完']],
    ]);
  });

  it('预算执行率 computed from the budget is "this indicator" for why', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '812.101021', '812.101021']);
    await transcript(chat, [['为什么这个指标扣分', ['「预算执行率」（投入类）', '要得满分需达到 100%']]]);
  });

  it('the preview of a form in progress does not list indicators not reached yet as missing', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '812.101021', '900']);
    await chat.say('预览');
    const card = chat.last.find((r) => r.card)?.card;
    if (card?.kind !== 'scoreTable') throw new Error('no score table');
    expect(card.findings.map((f) => f.message)).toEqual(['实际支付数 900 万元大于财政拨款数 812.101021 万元。实际支付数不能超过拨款，请核对。']);
  });
});
