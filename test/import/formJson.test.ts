import { describe, expect, it } from 'vitest';
import { scoreForm } from '../../rules/index.js';
import { formToJson, importJson, importText } from '../../src/import/index.js';
import { seedText } from './seedVariants.js';

function seed() {
  const r = importText(seedText());
  if (!r.ok) throw new Error(r.message);
  return r.form;
}

describe('form JSON', () => {
  it('round-trips the imported seed exactly, decimals as strings', () => {
    const form = seed();
    const json = formToJson(form);
    expect(json).toContain('"appropriated": "812.101021"');
    expect(json).toContain('"adjustment": "-812.5"');
    expect(json).toContain('"weight": "8.66"');
    expect(json.endsWith('}\n')).toBe(true);
    const back = importJson(json);
    expect(back).toEqual({ ok: true, form, issues: [], format: 'json' });
    expect(formToJson(back.ok ? back.form : form)).toBe(json);
    expect(scoreForm(back.ok ? back.form : form, { final: true }).total).toBe('70.00');
  });

  it('accepts amounts and points written as JSON numbers and stores them as strings', () => {
    const r = importJson(
      JSON.stringify({
        project: { name: '测试项目', year: '2021' },
        budget: { initial: 1900, adjustment: -812.5, appropriated: 812.101021 },
        funds: { paid: 812.101021, carriedOver: 0 },
        subItems: [{ name: '基本建设', budget: 1200, actual: 388.632358 }],
        indicators: [{ category: 'output', name: '装修面积', target: '=5859平方米', weight: 8.66, actual: 5859, selfScore: 8 }],
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.form.project.year).toBe(2021);
    expect(r.form.budget).toEqual({ initial: '1900', adjustment: '-812.5', appropriated: '812.101021' });
    expect(r.form.funds).toEqual({ paid: '812.101021', carriedOver: '0' });
    expect(r.form.subItems[0]).toEqual({ name: '基本建设', budget: '1200', actual: '388.632358' });
    expect(r.form.indicators[0]).toMatchObject({ weight: '8.66', actual: '5859', selfScore: '8' });
  });

  it('refuses a form that breaks the model, naming the place in Chinese', () => {
    const r = importJson(JSON.stringify({ budget: { initial: '-5' }, indicators: [{ category: 'output', name: 'a', target: '1', weight: '8.666' }] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('年初预算数不能为负数');
    expect(r.message).toContain('第1个指标的权重应为分数');
    expect(r.message).toMatch(/请改正后重新导入。$/);
  });

  it('keeps what it knows and says which unknown parts it ignored', () => {
    const r = importJson(JSON.stringify({ project: { name: 'x' }, comment: 'hi' }));
    expect(r).toMatchObject({ ok: true, issues: [{ field: 'comment', message: '未知栏目“comment”已忽略。' }] });
  });

  it('refuses text that is not JSON, and JSON that is not a form', () => {
    for (const text of ['{ not json', '[1,2,3]', '"x"', '{"name":"jixiao","overrides":{}}', '{}']) {
      const r = importJson(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/不是有效的 JSON|不是自评表/);
    }
  });
});
