// Phrasings the cue words do not know, read by the statistical classifier (dialogs/understand/
// classifier.ts): what the user sees, and that answers to the open question stay answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { Turn } from '../../dialogs/engine/context.js';
import { understandContext } from '../../dialogs/engine/turn.js';
import { asks, canonical, classify } from '../../dialogs/understand/classifier.js';
import { understand, type UnderstandContext } from '../../dialogs/understand/index.js';
import { NLU_DEPS, buildStages } from '../fixtures/nlu/stages.js';
import { Chat, fixedClock, transcript } from './helpers.js';

let stages: Record<string, unknown>;
let ctx: Record<string, UnderstandContext>;
beforeAll(async () => {
  stages = await buildStages();
  ctx = Object.fromEntries(Object.entries(stages).map(([k, s]) => [k, understandContext(new Turn(s, NLU_DEPS))]));
}, 120_000);

const at = (stage: string) => new Chat({ clock: fixedClock }, structuredClone(stages[stage]));

describe('phrasings in other registers and dialects', () => {
  it('the lost points, full marks and the score, asked formally or in dialect', async () => {
    const chat = at('review');
    expect(await chat.say('请列示全部失分指标')).toContain('1. 「预算执行率」扣 8 分（得 0.00 / 8）');
    expect(await chat.say('咋个整才能拿满分哦')).toContain('要拿满分，各指标需要');
    expect(await chat.say('截至目前一共得了好多分')).toContain('目前按规则合计 72.00 / 80 分');
  });

  it('at a number question, a question or a request in words is answered, not refused as a value', async () => {
    const chat = at('approp');
    const before = chat.form;
    await transcript(chat, [
      ['这个数我不晓得是啥', ['「财政拨款数」：', '请输入财政拨款数'], ['需要一个数字']],
      ['麻烦给我看下整张表格', ['请输入财政拨款数'], ['需要一个数字']],
    ]);
    expect(chat.last.some((r) => r.card?.kind === 'scoreTable')).toBe(true);
    expect(chat.form).toEqual(before);
  });

  it('a skip said in a sentence the cue words do not know skips the question', async () => {
    const chat = at('paid');
    await transcript(chat, [['这个数暂时莫得，先放一放', ['跳过'], ['需要一个数字']]]);
  });
});

describe('answers stay answers', () => {
  it('a figure at a number question, a name at the name question, a paragraph at the narrative', () => {
    expect(understand('812.101021万元', ctx.approp).kind).toBe('answer');
    expect(understand('八百一十二点一零一零二一万', ctx.approp).kind).toBe('answer');
    expect(understand('满意度为百分之九十五', ctx.outcome)).toEqual({ kind: 'answer', text: '百分之九十五' });
    expect(understand('苏州市智能制造融合发展中心项目', ctx.name).kind).toBe('answer');
    const paragraph = '项目由市工信局组织实施，为什么选址高新区：交通便利；资金主要用于展厅装修与布展，当年已全部完工。';
    expect(understand(paragraph, ctx.narr).kind).toBe('answer');
    // A short reason at a free-text question is not taken for a question about the form.
    expect(understand('目标按旧图纸测算后来扩建', ctx.narr).kind).toBe('answer');
  });

  it('a grade word at a grade question is the grade', () => {
    const grade = { ...ctx.input, slot: { kind: 'indicator', index: 0, part: 'grade' } } as UnderstandContext;
    for (const w of ['较好', '好', '一般']) expect(understand(w, grade)).toEqual({ kind: 'answer', text: w });
  });
});

describe('the classifier itself', () => {
  it('reads synonyms of every register as one word, and a final 吗/呢 as a question', () => {
    expect(canonical('此项如何填写')).toBe(canonical('这个怎么填'));
    expect(canonical('咋个才能拿满分')).toBe(canonical('怎么才能拿满分'));
    expect(asks('拨款数是财政拨下来的钱吗')).toBe(true);
    expect(asks('拨款数是财政拨下来的钱')).toBe(false);
  });

  it('is deterministic and gives a probability', () => {
    const a = classify('Ⓘ为什么扣分', true);
    const b = classify('Ⓘ为什么扣分', true);
    expect(a).toEqual(b);
    expect(a.label).toBe('why');
    expect(a.p).toBeGreaterThan(0.5);
    expect(a.p).toBeLessThanOrEqual(1);
  });
});
