// 撤回 / 恢复 over changes to single rows of the form's lists (indicators, 子项): each step keeps only
// the rows that differ, and taking steps back and forth gives back exactly the form that was there.
import { describe, expect, it } from 'vitest';
import { filledSeed, transcript } from './helpers.js';

describe('undo and redo of list rows', () => {
  it('takes back two row changes one by one, brings them again, and every other row stays as it was', async () => {
    const chat = await filledSeed();
    const start = chat.form;
    await transcript(chat, [['参观人数填错了，应该是9000', ['由 8757人次 改为 9000人次']]]);
    const afterFirst = chat.form;
    await transcript(chat, [['子项2的预算改成800', ['由 700 万元 改为 800 万元']]]);
    const afterSecond = chat.form;

    await transcript(chat, [['撤回', ['已撤回']]]);
    expect(chat.form).toEqual(afterFirst);
    await transcript(chat, [['撤回', ['已撤回：「参观人数」的实际完成值']]]);
    expect(chat.form).toEqual(start);
    await transcript(chat, [['恢复', ['已恢复：「参观人数」的实际完成值']]]);
    expect(chat.form).toEqual(afterFirst);
    await transcript(chat, [['恢复', ['已恢复']]]);
    expect(chat.form).toEqual(afterSecond);
    expect(await chat.say('恢复')).toContain('没有可以恢复的修改');
  });
});
