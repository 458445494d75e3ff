// What a user notices when they do not type the bot's phrases (issue 13, "What to build" 1-2):
// questions are answered (never taken as values), corrections in natural form, undo/redo,
// requests (export formats, preview, help), small talk, a polite fallback, ambiguity asked back
// with buttons, several answers in one message and rows pasted from a table.
import { describe, expect, it } from 'vitest';
import { fixedClock, stageChats, started, transcript, TwoFiles } from './helpers.js';

const chatAt = stageChats();
/** A chat resumed at a point of the seed form (test/fixtures/nlu/stages.ts), exporting two files. */
const at = (stage: string) => chatAt(stage, { clock: fixedClock, exporter: new TwoFiles() });

describe('a question is told from an answer by what it says', () => {
  it('at 财政拨款数, “财政拨款数指哪个数” gets the 填表说明 definition and the question again; nothing is recorded', async () => {
    const chat = at('approp');
    const before = chat.form;
    await transcript(chat, [['财政拨款数指哪个数', ['「财政拨款数」：财政部门当年实际拨付', '请输入财政拨款数'], ['需要一个数字']]]);
    expect(chat.form).toEqual(before);
    await transcript(chat, [['不知道', ['「财政拨款数」：', '请输入财政拨款数']]]);
    expect(chat.form).toEqual(before);
  });

  it('at an actual value, “装修面积为啥是满分” explains the score instead of refusing it as a value', async () => {
    const chat = at('outcome');
    await transcript(chat, [['装修面积为啥是满分', ['「装修面积」（产出类）', '没有扣分', '请输入「参观满意度」的实际完成值'], ['不是数值']]]);
  });

  it('field help never offers the target itself (or a deciding value) as the example', async () => {
    const chat = at('output');
    const out = await chat.say('装修面积填什么');
    expect(out).toContain('「装修面积」：产出类指标，目标 =5859平方米');
    expect(out).toContain('N平方米');
    expect(out.split('\n').find((l) => l.startsWith('「装修面积」：'))).not.toMatch(/例如\s*5859/);
    const saving = await at('input').say('资金节约率是什么意思');
    expect(saving).toContain('「资金节约率」：');
    expect(saving).not.toMatch(/例如\s*15%/);
  });
});

describe('questions about the score', () => {
  it('which indicators lost points: largest first, with the points', async () => {
    const out = await at('review').say('失分的是哪几项');
    expect(out).toContain('目前合计 72.00 / 80 分');
    expect(out).toContain('1. 「预算执行率」扣 8 分（得 0.00 / 8）');
  });

  it('why, in the forms people use: “…一分没拿到是什么原因”, “…怎么一分都没有”, a typo, English', async () => {
    const chat = at('review');
    for (const q of ['预算执行率一分没拿到是什么原因', '执行率怎么一分都没有', '执行绿为什么扣分', 'why is the execution rate zero']) {
      const out = await chat.say(q);
      expect(out, q).toContain('「预算执行率」（投入类）');
      expect(out, q).toContain('74.68%');
    }
    expect(await chat.say('为什么只有72分')).toContain('合计 72.00 / 80 分，少的分来自这些指标');
  });

  it('what full marks take, computed by the scoring rules', async () => {
    const chat = at('review');
    expect(await chat.say('资金节约率要填多少才不扣分')).toContain('「资金节约率」：已满分（实际 10%）；不超过 15% 可得满分');
    expect(await chat.say('装修面积要多少才满分')).toContain('达到 5859平方米～7616.7平方米 可得满分');
    expect(await chat.say('预算执行率要多少才满分')).toContain('实际支付数需达到 1087.5 万元');
    const all = await chat.say('离满分还差什么');
    expect(all).toContain('要拿满分，各指标需要');
    expect(all).toContain('「预算执行率」');
    expect(all).not.toContain('「装修面积」');
  });

  it('the score now, with what is not filled yet counted as 0', async () => {
    expect(await at('paid').say('目前得了几分')).toMatch(/目前按规则合计 0\.00 \/ 80 分（还有 \d+ 项没填，暂按 0 分计）/);
    expect(await at('review').say('现在总分多少')).toContain('目前按规则合计 72.00 / 80 分。');
  });
});

describe('corrections in natural form, and undo', () => {
  it('“参观人数填错了，应该是9000”, “9000人次才对，参观人数刚才写错了”, then 撤回 and 恢复', async () => {
    const chat = at('review');
    await transcript(chat, [['参观人数填错了，应该是9000', ['已把「参观人数」的实际完成值由 8757人次 改为 9000人次']]]);
    await transcript(chat, [['8800人次才对，参观人数刚才写错了', ['由 9000人次 改为 8800人次']]]);
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('8800人次');
    await transcript(chat, [['撤回刚才的修改', ['已撤回：「参观人数」的实际完成值']]]);
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('9000人次');
    await transcript(chat, [['撤回', ['已撤回']]]);
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('8757人次');
    await transcript(chat, [['恢复', ['已恢复：「参观人数」的实际完成值']]]);
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('9000人次');
  });

  it('a 子项 by ordinal and part: “子项2的预算改成800”; a bad value is refused and changes nothing', async () => {
    const chat = at('review');
    await transcript(chat, [['子项2的预算改成800', ['子项「基本维护」的预算数由 700 万元 改为 800 万元']]]);
    expect(chat.form.subItems[1].budget).toBe('800');
    const before = chat.form;
    await transcript(chat, [['子项2的预算改成很多', ['子项「基本维护」的预算数需要一个数字', '原来的 800 万元 保持不变']]]);
    expect(chat.form).toEqual(before);
  });

  it('nothing to undo is said plainly', async () => {
    const chat = await started();
    expect(await chat.say('撤回')).toContain('没有可以撤回的修改');
  });
});

describe('requests', () => {
  it('export in the format asked: “出一份word”, “要个excel版”, “表格发我一下”', async () => {
    const chat = at('review');
    await chat.say('出一份word');
    expect(chat.last.flatMap((r) => r.files ?? []).map((f) => f.name)).toEqual(['自评表.docx']);
    await chat.say('要个excel版');
    expect(chat.last.flatMap((r) => r.files ?? []).map((f) => f.name)).toEqual(['自评表.xlsx']);
    await chat.say('表格发我一下');
    expect(chat.last.flatMap((r) => r.files ?? []).map((f) => f.name)).toEqual(['自评表.docx', '自评表.xlsx']);
  });

  it('preview, progress, help, small talk and a polite fallback; each asks the open question again', async () => {
    const chat = at('paid');
    await chat.say('我想看下整张表');
    expect(chat.last.some((r) => r.card?.kind === 'scoreTable')).toBe(true);
    await transcript(chat, [
      ['还剩多少没填', ['还差：', '请输入实际支付数']],
      ['都能干啥', ['可以这样说', '请输入实际支付数']],
      ['好的谢谢', ['不客气', '请输入实际支付数'], ['需要一个数字']],
      ['在吗', ['在的', '请输入实际支付数']],
      ['下班了吗', ['我没太明白', '导出word', '请输入实际支付数'], ['需要一个数字']],
    ]);
  });

  it('an ambiguous name is asked back with buttons', async () => {
    const chat = at('outcome');
    await transcript(chat, [['面积为什么满分', ['可能是：装修面积、项目布展面积']]]);
    // Each button says the whole question again with the name made exact.
    expect(chat.suggestions).toEqual(['装修面积为什么满分', '项目布展面积为什么满分']);
    await transcript(chat, [[chat.suggestions[1], ['「项目布展面积」（产出类）']]]);
  });
});

describe('several answers in one message', () => {
  it('“年初预算1900，调整-812.5，拨款812.101021，支付812.101021” records all four, each checked and confirmed', async () => {
    const chat = await started();
    await chat.run(['苏州市智能制造融合发展中心项目', '2021', '苏州市工业和信息化局']);
    const out = await chat.say('年初预算1900，调整-812.5，拨款812.101021，支付812.101021');
    for (const phrase of ['收到 4 项', '已记录年初预算数：1900 万元', '-812.5 万元', '已记录财政拨款数：812.101021 万元', '已记录实际支付数：812.101021 万元', '预算执行率 = 812.101021 ÷ 1087.5 = 74.68%', '请输入结转数']) expect(out).toContain(phrase);
    expect(chat.form.budget).toMatchObject({ initial: '1900', adjustment: '-812.5', appropriated: '812.101021' });
    expect(chat.form.funds.paid).toBe('812.101021');
  });

  it('one bad figure among them is refused with its name; the others are kept', async () => {
    const chat = await started();
    await chat.run(['项目B', '2021', '工信局']);
    const out = await chat.say('年初预算1900，拨款812.1010211');
    expect(out).toContain('已记录年初预算数：1900 万元');
    expect(out).toContain('「财政拨款数」小数位太多');
    expect(chat.form.budget.appropriated).toBeUndefined();
  });

  it('子项 rows pasted from Excel (tabs, with the header row) fill several 子项 at once', async () => {
    const chat = at('sub');
    const out = await chat.say('名称\t预算数\t实际数\n基本维护\t700\t423.468663\n设备购置\t100\t50');
    expect(out).toContain('收到 2 行');
    expect(chat.form.subItems.map((s) => [s.name, s.budget, s.actual])).toEqual([
      ['基本建设', '1200', '388.632358'],
      ['基本维护', '700', '423.468663'],
      ['设备购置', '100', '50'],
    ]);
  });

  it('indicator rows (名称 目标 实际) pasted at once are each scored', async () => {
    const chat = at('output');
    const out = await chat.say('装修面积\t=5859平方米\t5859平方米\n项目布展面积\t=3234平方米\t3234平方米\n竣工完成度\t=100%\t100%');
    expect(out).toContain('收到 3 行');
    expect(chat.form.indicators.filter((i) => i.category === 'output').map((i) => [i.name, i.target, i.actual])).toEqual([
      ['装修面积', '=5859平方米', '5859平方米'],
      ['项目布展面积', '=3234平方米', '3234平方米'],
      ['竣工完成度', '=100%', '100%'],
    ]);
  });
});
