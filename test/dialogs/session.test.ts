// A session from storage is validated: repaired when only part of it is broken, reset with a
// message when nothing can be read — never a crash.
import { describe, expect, it } from 'vitest';
import { handleTurn, loadSession, newSession, Session } from '../../dialogs/engine/index.js';
import { fixedClock, started } from './helpers.js';

const deps = { clock: fixedClock };

describe('a stored session', () => {
  it('that is not a session at all is reset, with a message', async () => {
    for (const raw of ['hello', 42, [], { forms: 'x' }, { version: 2, forms: [{ id: 'a' }] }]) {
      const r = await handleTurn(raw, { text: '你好' }, deps);
      expect(r.replies.map((x) => x.text).join('\n')).toContain('你之前的记录读不出来，只能重新开始');
      expect(Session.parse(r.session).forms).toHaveLength(1);
    }
  });

  it('with one broken form keeps the others; a broken bookkeeping keeps its form', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900']);
    const good = chat.state.forms[0];
    const raw = {
      version: 1,
      nextId: 9,
      active: 'f1',
      greeted: true,
      forms: [
        { ...good, skipped: 'not a record' }, // bookkeeping broken, form fine
        { ...good, id: 'f2', form: { ...good.form, budget: { initial: '一千九' } } }, // form broken
      ],
    };
    const loaded = loadSession(raw);
    expect(loaded.notice).toBe('repaired');
    expect(loaded.session.forms.map((f) => f.id)).toEqual(['f1']);
    expect(loaded.session.forms[0].form.budget.initial).toBe('1900');
    const r = await handleTurn(raw, { text: '进度' }, deps);
    const text = r.replies.map((x) => x.text).join('\n');
    expect(text).toContain('你之前的部分记录读不出来，已恢复能读出的表单');
    expect(text).toContain('现在在：市级预算执行情况（万元）');
  });

  it('that is valid loads as is, and an active id that points nowhere falls back to the last form', () => {
    expect(loadSession(undefined)).toEqual({ session: newSession() });
    const s = { ...newSession(), forms: [], active: 'gone' };
    expect(loadSession(s).session.active).toBeUndefined();
  });

  it('is a fresh value: a turn that changes it leaves the stored object as it was', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局', '1900']);
    const stored = structuredClone(chat.state);
    const copy = structuredClone(stored);
    const r = await handleTurn(stored, { text: '-812.5' }, deps);
    expect(r.session.forms[0].form.budget.adjustment).toBe('-812.5');
    expect(stored).toEqual(copy);
    const loaded = loadSession(stored).session;
    loaded.forms[0].form.indicators.push({ category: 'output', name: 'x' } as never);
    loaded.forms[0].history.push('x');
    expect(stored).toEqual(copy);
  });
});
