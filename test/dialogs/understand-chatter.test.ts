// Corrections and questions as people type them in a messenger, with a clause before or after
// (issue 13): the value ends where the chatter starts, "A不是B" affirms A, a preface clause does not
// hide the name corrected, several labelled values (words too) in one message, why-not-how for a
// score already given, "除了X还有别的扣分吗", doubts about what a field includes, undo/redo wording.
import { describe, expect, it } from 'vitest';
import { stageChats } from './helpers.js';

const at = stageChats();

describe('a correction keeps only the value, not what is said around it', () => {
  it('“收回数其实是1.5 帮忙改一下” records 1.5', async () => {
    const chat = at('review');
    await chat.say('收回数其实是1.5 帮忙改一下');
    expect(String(chat.form.funds.recovered)).toBe('1.5');
  });

  it('“参观人数应该是8800人次，上午看漏了一行” records 8800人次', async () => {
    const chat = at('review');
    await chat.say('参观人数应该是8800人次，上午看漏了一行');
    expect(chat.form.indicators.find((i) => i.name === '参观人数')?.actual).toBe('8800人次');
  });

  it('“年初预算改一下 填1950” records 1950', async () => {
    const chat = at('review');
    await chat.say('年初预算改一下 填1950');
    expect(String(chat.form.budget.initial)).toBe('1950');
  });

  it('“支付数应该是811而不是812” records 811, never 812', async () => {
    const chat = at('review');
    await chat.say('支付数应该是811而不是812');
    expect(String(chat.form.funds.paid)).toBe('811');
  });

  it('“基本维护的预算应为650 刚刚输成了700” records 650: the chatter after it may name a figure too', async () => {
    const chat = at('review');
    await chat.say('基本维护的预算应为650 刚刚输成了700');
    expect(String(chat.form.subItems[1].budget)).toBe('650');
  });

  it('a figure typed wrong stays wrong: “年初预算数改成12,34,5” is not cut to 12', async () => {
    const chat = at('review');
    const before = String(chat.form.budget.initial);
    await chat.say('年初预算数改成12,34,5');
    expect(String(chat.form.budget.initial)).not.toBe('12');
    expect(String(chat.form.budget.initial)).toBe(before);
  });

  it('a clause before the name: “刚才领导在旁边催，年初预算多打了个0，正确的是1950” at another question corrects 年初预算数', async () => {
    const chat = at('paid');
    const paid = chat.form.funds.paid;
    await chat.say('刚才领导在旁边催，年初预算多打了个0，正确的是1950');
    expect(String(chat.form.budget.initial)).toBe('1950');
    expect(chat.form.funds.paid).toEqual(paid);
  });

  it('a 子项 named with 实际支付 corrects the 子项, not 实际支付数: “对账发现基本建设实际支付应为388.7”', async () => {
    const chat = at('review');
    const paid = String(chat.form.funds.paid);
    await chat.say('查了下凭证，基本建设实际支付应为388.7，之前少了');
    expect(String(chat.form.subItems[0].actual)).toBe('388.7');
    expect(String(chat.form.funds.paid)).toBe(paid);
  });

  it('“基本建设名称改一下 叫场馆建设” renames the 子项', async () => {
    const chat = at('review');
    await chat.say('基本建设名称改一下 叫场馆建设');
    expect(chat.form.subItems[0].name).toBe('场馆建设');
  });
});

describe('several labelled values, words too, in one message', () => {
  it('“合规性合规 健全性健全 专款专用率100%” answers three indicators', async () => {
    const chat = at('input');
    const out = await chat.say('合规性合规 健全性健全 专款专用率100%');
    expect(out).not.toMatch(/需要一个数字|没找到/);
    const byName = (n: string) => chat.form.indicators.find((i) => i.name === n)?.actual;
    expect(byName('资金使用合规性')).toBe('合规');
    expect(byName('财务制度健全性')).toBe('健全');
    expect(byName('专款专用率')).toBe('100%');
  });
});

describe('names with figures while a category is filled', () => {
  it('at 装修面积, “装修面积5859平方米 布展面积3234平方米 竣工完成度100%” answers the one asked and adds the two new indicators', async () => {
    const chat = at('output');
    await chat.say('装修面积5859平方米 布展面积3234平方米 竣工完成度100%');
    const names = chat.form.indicators.map((i) => i.name);
    expect(names).toContain('布展面积');
    expect(names).toContain('竣工完成度');
    expect(chat.form.indicators.find((i) => i.name === '装修面积')?.actual).toBe('5859平方米');
  });

  it('a remark with a second figure is no list: “大概5859平方米 另外仓库300平方米” adds no indicator', async () => {
    const chat = at('output');
    const n = chat.form.indicators.length;
    await chat.say('大概5859平方米 另外仓库300平方米');
    expect(chat.form.indicators.length).toBe(n);
  });
});

describe('a question about a score already given is a why', () => {
  it('“满意度为啥给满分了” explains 参观满意度, not what full marks need', async () => {
    const chat = at('review');
    const out = await chat.say('满意度为啥给满分了');
    expect(out).toContain('参观满意度');
    expect(out).not.toMatch(/要拿满分|才能满分/);
  });

  it('“除了执行率以外还有别的失分项吗” lists the lost points, not 预算执行率 alone', async () => {
    const chat = at('review');
    const list = await chat.say('哪些扣分了');
    const besides = await chat.say('除了执行率以外还有别的失分项吗');
    expect(besides).toBe(list);
  });
});

describe('undo and redo said in words', () => {
  it('“改回修改之前的样子” undoes; “刚才撤掉的那步再做一遍” redoes', async () => {
    const chat = at('review');
    await chat.say('收回数改成1.5');
    expect(String(chat.form.funds.recovered)).toBe('1.5');
    await chat.say('改回修改之前的样子');
    expect(String(chat.form.funds.recovered)).not.toBe('1.5');
    await chat.say('刚才撤掉的那步再做一遍');
    expect(String(chat.form.funds.recovered)).toBe('1.5');
  });
});

describe('undo is never guessed from letters alone', () => {
  it('“undefined” at 财政拨款数 undoes nothing', async () => {
    const chat = at('approp');
    const before = chat.form;
    await chat.say('undefined');
    expect(chat.form.project.name).toBe(before.project.name);
    expect(chat.form.budget).toEqual(before.budget);
  });
});

describe('a doubt about what a field includes is a question', () => {
  it('at 财政拨款数, “年初预算是不是就是二上的数” records nothing and explains 年初预算数', async () => {
    const chat = at('approp');
    const before = chat.form;
    const out = await chat.say('年初预算是不是就是二上的数');
    expect(chat.form).toEqual(before);
    expect(out).toContain('年初预算数');
  });
});
