// Bad input at every kind of question: the reply names the field and the problem, the question is
// asked again with its unit and an example, and the form is left exactly as it was (the previous
// valid value is kept).
import { describe, expect, it } from 'vitest';
import { BASIC_AND_BUDGET, SUB_ITEMS, started, type Chat } from './helpers.js';

type Case = { input: string; problem: string };

const LONG = '1'.repeat(10_000);
const LETTERS: Case = { input: 'abc', problem: '不是数字' };
const EMPTY: Case = { input: '', problem: '没有收到内容' };
const EMOJI: Case = { input: '😀😀', problem: '表情符号' };

type Question = {
  name: string;
  /** Brings the chat to the question with a value already there (edit), or to a fresh question. */
  setup: (chat: Chat) => Promise<void>;
  label: string;
  /** The phrase of the re-asked question (unit, example). */
  asks: string;
  /** The kept value, as the bot names it. */
  kept?: string;
  cases: Case[];
};

const toSubItems = async (chat: Chat) => void (await chat.run([...BASIC_AND_BUDGET]));
const toIndicators = async (chat: Chat) => void (await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS]));
const toOutcome = async (chat: Chat) => void (await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, '合规', '健全', '100%', '规范', '10%', '本类都按规则得分', '装修面积', '=5859平方米', '5859平方米', '完成', '本类都按规则得分']));

const QUESTIONS: Question[] = [
  {
    name: 'an amount (年初预算数), edited',
    setup: async (c) => void (await c.run(['苏州项目A', '2021', '工信局', '1900', '修改 年初预算数'])),
    label: '「年初预算数」',
    asks: '请输入年初预算数（万元，填“二下”数）。直接写数字',
    kept: '原来的 1900 万元 保持不变',
    cases: [LETTERS, { input: '-5', problem: '不能为负数' }, { input: '1.1234567', problem: '小数位太多' }, EMPTY, { input: LONG, problem: '内容太长' }, EMOJI, { input: '100人次', problem: '不是金额单位' }, { input: '约1900', problem: '不确定' }],
  },
  {
    name: 'an amount that may be negative (调整数), edited',
    setup: async (c) => void (await c.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '修改 调整数'])),
    label: '「当年使用上年结余、结转及当年调整预算数」',
    asks: '调减填负数（写法如“-N”',
    kept: '原来的 -812.5 万元 保持不变',
    cases: [LETTERS, { input: '-1.1234567', problem: '小数位太多' }, EMPTY, { input: LONG, problem: '内容太长' }, EMOJI, { input: '-5人', problem: '不是金额单位' }],
  },
  {
    name: 'an amount, first time asked (财政拨款数)',
    setup: async (c) => void (await c.run(['苏州项目A', '2021', '工信局', '1900', '-812.5'])),
    label: '「财政拨款数」',
    asks: '请输入财政拨款数（万元',
    cases: [LETTERS, { input: '负5', problem: '不能为负数' }, { input: '812.1010211', problem: '小数位太多' }, EMPTY, { input: LONG, problem: '内容太长' }, EMOJI, { input: '812平方米', problem: '不是金额单位' }],
  },
  {
    name: 'the year, edited',
    setup: async (c) => void (await c.run(['苏州项目A', '2021', '修改 年份'])),
    label: '「项目年份」',
    asks: '请输入项目年份（四位数字，即自评的预算年度）',
    kept: '原来的 2021 保持不变',
    cases: [
      { input: 'abc', problem: '需要四位数字的年份' },
      { input: '-2021', problem: '需要四位数字的年份' },
      { input: '2021.1234567', problem: '需要四位数字的年份' },
      EMPTY,
      { input: LONG, problem: '内容太长' },
      EMOJI,
      { input: '2021人', problem: '需要四位数字的年份' },
      { input: '1999', problem: '2000 到 2100' },
    ],
  },
  {
    name: 'a name (项目名称), edited',
    setup: async (c) => void (await c.run(['苏州项目A', '修改 项目名称'])),
    label: '「项目名称」',
    asks: '请输入项目名称，例如',
    kept: '原来的 苏州项目A 保持不变',
    cases: [{ input: '-5', problem: '需要文字内容' }, { input: '1.1234567', problem: '需要文字内容' }, EMPTY, { input: LONG, problem: '内容太长（10000 字，最多 200 字）' }, EMOJI],
  },
  {
    name: 'a 子项 budget, edited',
    setup: async (c) => {
      await toSubItems(c);
      await c.run(['基本建设', '1200', '修改 基本建设预算数']);
    },
    label: '子项「基本建设」的预算数',
    asks: '请输入子项「基本建设」的预算数（万元）。',
    kept: '原来的 1200 万元 保持不变',
    cases: [LETTERS, { input: '-5', problem: '不能为负数' }, { input: '1.1234567', problem: '小数位太多' }, EMPTY, { input: LONG, problem: '内容太长' }, EMOJI, { input: '5人', problem: '不是金额单位' }],
  },
  {
    name: 'a 子项 name (first asked)',
    setup: toSubItems,
    label: '「项目资金构成的子项」',
    asks: '请输入第 1 个子项名称',
    cases: [{ input: '-5', problem: '需要文字内容' }, { input: '1.1234567', problem: '需要文字内容' }, EMPTY, { input: LONG, problem: '内容太长' }, EMOJI],
  },
  {
    name: 'a quantitative actual (参观人数), edited',
    setup: async (c) => {
      await toOutcome(c);
      await c.run(['参观人数', '=8000人次', '8757人次', '修改 参观人数']);
    },
    label: '「参观人数」的实际完成值',
    asks: '请输入「参观人数」的实际完成值（目标 =8000人次）：截至年底实际达到的数，写法如“N人次”（N 为实际数）',
    kept: '原来的 8757人次 保持不变',
    cases: [
      { input: 'abc', problem: '需要具体数值' },
      { input: '-5人次', problem: '不能为负数' },
      { input: '8757.1234567人次', problem: '小数位太多' },
      EMPTY,
      { input: LONG, problem: '内容太长' },
      EMOJI,
      { input: '8757人', problem: '的单位“人”与目标单位“人次”不一致' },
      { input: '8000人次以上', problem: '不是具体数值' },
      { input: '约8757人次', problem: '不是具体数值' },
    ],
  },
  {
    name: 'a qualitative actual (资金使用合规性), edited',
    setup: async (c) => {
      await toIndicators(c);
      await c.run(['合规', '修改 资金使用合规性']);
    },
    label: '「资金使用合规性」的实际完成值',
    asks: '「资金使用合规性」目标是“合规”',
    kept: '原来的 合规 保持不变',
    cases: [EMPTY, { input: 'x'.repeat(10_000), problem: '内容太长（10000 字，最多 500 字）' }, EMOJI, { input: '不适用', problem: '不能标为不适用' }],
  },
  {
    name: 'a target, edited',
    setup: async (c) => {
      await toOutcome(c);
      await c.run(['参观人数', '=8000人次', '8757人次', '修改 参观人数的目标值']);
    },
    label: '「参观人数」的目标值',
    asks: '请输入「参观人数」的目标值',
    kept: '原来的 =8000人次 保持不变',
    cases: [
      { input: 'abc123', problem: '不是目标值的写法' },
      { input: '-5', problem: '不是目标值的写法' },
      { input: '=1.1234567人次', problem: '小数位太多' },
      EMPTY,
      { input: LONG, problem: '内容太长' },
      EMOJI,
    ],
  },
  {
    name: 'a grade, edited',
    setup: async (c) => {
      await toIndicators(c);
      await c.run(['基本合规', '较好', '修改 资金使用合规性的等级']);
    },
    label: '「资金使用合规性」的等级',
    asks: '请选择等级：好（100%）、较好（80%）',
    kept: '原来的 较好 保持不变',
    cases: [
      { input: 'abc', problem: '需要从 好、较好、一般、较差、差 中选一个' },
      { input: '-5', problem: '需要从 好' },
      { input: '1.1234567', problem: '需要从 好' },
      EMPTY,
      { input: LONG, problem: '需要从 好' },
      EMOJI,
    ],
  },
  {
    name: 'a self-score, edited',
    setup: async (c) => {
      await toIndicators(c);
      await c.run(['预算执行率的自评分是8', '修改 预算执行率的自评分']);
    },
    label: '「预算执行率」的自评分',
    asks: '请输入「预算执行率」的自评分（0～8 分）',
    kept: '原来的 8 分 保持不变',
    cases: [
      { input: 'abc', problem: '需要 0 到权重之间' },
      { input: '-5', problem: '需要 0 到权重之间' },
      { input: '1.1234567', problem: '需要 0 到权重之间' },
      EMPTY,
      { input: LONG, problem: '内容太长' },
      EMOJI,
      { input: '8人次', problem: '需要 0 到权重之间' },
      { input: '9', problem: '不能超过权重 8 分' },
    ],
  },
  {
    name: 'a narrative section',
    setup: async (c) => {
      await c.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '812.101021', '812.101021', '0', '0', '跳过', '无']);
      await c.run(['合规', '健全', '100%', '规范', '10%', '本类都按规则得分', '装修面积，=5859平方米，5859平方米', '完成', '本类都按规则得分', '参观人数，=8000人次，8757人次', '完成', '本类都按规则得分', '获评体验中心，获得，获得', '完成', '本类都按规则得分']);
    },
    label: '「项目概况」',
    asks: '请填写「项目概况」',
    cases: [{ input: '-5', problem: '需要文字内容' }, { input: '1.1234567', problem: '需要文字内容' }, EMPTY, { input: 'x'.repeat(20_001), problem: '内容太长（20001 字，最多 20000 字）' }, EMOJI],
  },
];

describe.each(QUESTIONS)('bad input at $name', (q) => {
  it.each(q.cases)('“$input” is refused with the field, the problem and the question again; the form is unchanged', async ({ input, problem }) => {
    const chat = await started();
    await q.setup(chat);
    const before = structuredClone(chat.form);
    const out = await chat.say(input);
    expect(out).toContain(q.label);
    expect(out).toContain(problem);
    expect(out).toContain(q.asks);
    if (q.kept) expect(out).toContain(q.kept);
    expect(chat.form).toEqual(before);
  });
});

describe('bad input at a conflict question (which figure is wrong?)', () => {
  it('an answer that is not one of the figures asks again and changes nothing', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900', '-812.5', '812.101021', '900']);
    const before = structuredClone(chat.form);
    for (const input of ['abc', '-5', '1.1234567', '😀', LONG]) {
      const out = await chat.say(input);
      expect(out).toContain('请从 财政拨款数、实际支付数 中选一个重新填写');
      expect(out).toContain('哪个数填错了');
      expect(chat.form).toEqual(before);
    }
  });
});

describe('a message longer than anything the bot reads', () => {
  it('is refused before parsing, naming the field', async () => {
    const chat = await started();
    const out = await chat.say('字'.repeat(30_000));
    expect(out).toContain('「项目名称」内容太长（30000 字');
    expect(out).toContain('请输入项目名称');
    expect(chat.form.project).toEqual({});
  });
});
