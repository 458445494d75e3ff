// scoreForm keeps its last results, keyed by the form's JSON: a repeated audit of the same value is
// the same frozen object, any change to the value is audited afresh, and an invalid form is still
// rejected by the model (never answered from the cache).
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { getRuleSet, scoreForm } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';

describe('scoreForm cache', () => {
  it('returns the same frozen result for the same form value', () => {
    const a = scoreForm(seedForm());
    const b = scoreForm(seedForm());
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.indicators[0])).toBe(true);
    expect(() => {
      (a as { total: string }).total = '80.00';
    }).toThrow(TypeError);
    expect(scoreForm(seedForm()).total).toBe('70.00');
  });

  it('audits a changed form afresh, and the original again as before', () => {
    const form = seedForm();
    const before = scoreForm(form);
    form.funds.paid = '700';
    const after = scoreForm(form);
    expect(after).not.toBe(before);
    expect(after.derived.executionRate).not.toBe(before.derived.executionRate);
    form.funds.paid = '812.101021';
    expect(scoreForm(form)).toBe(before);
  });

  it('keeps final and provisional audits apart', () => {
    const provisional = scoreForm(seedForm());
    const final = scoreForm(seedForm(), { final: true });
    expect(final).not.toBe(provisional);
    expect(scoreForm(seedForm(), { final: true })).toBe(final);
  });

  it('keeps results per rule set', () => {
    const ruleSet = getRuleSet('suzhou-2021')!;
    const implicit = scoreForm(seedForm());
    const explicit = scoreForm(seedForm(), { ruleSet });
    expect(explicit.total).toBe(implicit.total);
  });

  it('still rejects an invalid form, every time', () => {
    const bad = { ...seedForm(), funds: { paid: '八百块' } } as never;
    expect(() => scoreForm(bad)).toThrow(ZodError);
    expect(() => scoreForm(bad)).toThrow(ZodError);
    // A value JSON cannot write (no cache key) is still audited: unknown keys are dropped by the model.
    const circular: Record<string, unknown> = { ...seedForm() };
    circular.self = circular;
    expect(scoreForm(circular as never).total).toBe('70.00');
  });
});
