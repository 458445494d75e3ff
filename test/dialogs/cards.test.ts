// Cards: the score table and a section summary as Adaptive Card 1.4 JSON, and as plain text.
import { describe, expect, it } from 'vitest';
import { renderAdaptiveCard } from '../../dialogs/cards.js';
import { cardText, scoreCard } from '../../dialogs/engine/index.js';
import { scoreForm } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';

type Block = { type: string; text?: string; color?: string; columns?: Array<{ items: Array<{ text: string }> }>; facts?: Array<{ title: string; value: string }> };

describe('the score table card', () => {
  const form = seedForm();
  const model = scoreCard(form, scoreForm(form, { final: true }));

  it('has one row per indicator, the totals, and the findings coloured by severity', () => {
    const card = renderAdaptiveCard(model);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    const body = card.body as Block[];
    const rows = body.filter((b) => b.type === 'ColumnSet').map((b) => b.columns!.map((c) => c.items[0].text));
    expect(rows[0]).toEqual(['类别', '指标', '目标', '权重', '实际', '得分']);
    expect(rows).toHaveLength(14);
    expect(rows).toContainEqual(['投入', '预算执行率', '100%', '8', '74.68%', '0.00（自评 8.00）']);
    expect(rows).toContainEqual(['结果', '参观人数', '=8000人次', '13', '8757人次', '13.00']);
    const totals = body.find((b) => b.type === 'FactSet')!.facts!;
    expect(totals).toContainEqual({ title: '合计', value: '70.00 / 80（自评 80.00）' });
    expect(totals).toContainEqual({ title: '投入', value: '12.00 / 22' });
    const findings = body.filter((b) => b.type === 'TextBlock' && /^\d+\. /.test(b.text ?? ''));
    expect(findings.length).toBe(model.kind === 'scoreTable' ? model.findings.length : -1);
    expect(findings.every((b) => b.color === 'Warning')).toBe(true);
  });

  it('reads the same as text', () => {
    const text = cardText(model);
    expect(text).toContain('投入 | 预算执行率 | 100% | 8 | 74.68% | 0.00 | 8.00');
    expect(text).toContain('合计 70.00 / 80（自评 80.00）');
    expect(text).toContain('【提示】「资金节约率」的实际完成值“15%及其以下”不是具体数值');
  });

  it('a kept error is shown with its reason, not as open', () => {
    const kept = { ...form, funds: { ...form.funds, paid: '900' }, overrides: [{ code: 'funds.order', subject: 'funds.paid', reason: '含以前年度结转支付' }] };
    const m = scoreCard(kept, scoreForm(kept));
    const text = cardText(m);
    expect(text).toContain('已保留：实际支付数 900 万元大于财政拨款数 812.101021 万元');
    expect(text).toContain('（原因：含以前年度结转支付）');
    const body = renderAdaptiveCard(m).body as Block[];
    expect(body.some((b) => b.text?.startsWith('已保留：'))).toBe(true);
  });
});

describe('a section card', () => {
  it('is a FactSet', () => {
    const card = renderAdaptiveCard({ kind: 'section', title: '基本信息 · 已填完', facts: [{ label: '项目名称', value: 'A' }], notes: ['备注'] });
    expect(card.body).toEqual([
      { type: 'TextBlock', text: '基本信息 · 已填完', wrap: true, weight: 'Bolder', size: 'Medium' },
      { type: 'FactSet', facts: [{ title: '项目名称', value: 'A' }] },
      { type: 'TextBlock', text: '备注', wrap: true, isSubtle: true, size: 'Small' },
    ]);
  });
});
