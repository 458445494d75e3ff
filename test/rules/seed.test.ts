import { describe, expect, it } from 'vitest';
import { scoreForm } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';

describe('the seed form scored by suzhou-2021 (domain.md §5)', () => {
  const score = scoreForm(seedForm(), { final: true });

  it('gives the hand-scored table', () => {
    expect(score.indicators.map((r) => [r.name, r.weight, r.score])).toEqual([
      ['资金使用合规性', '4.00', '4.00'],
      ['财务制度健全性', '2.00', '2.00'],
      ['专款专用率', '4.00', '4.00'],
      ['政府采购规范性', '2.00', '2.00'],
      ['预算执行率', '8.00', '0.00'],
      ['资金节约率', '2.00', '0.00'],
      ['装修面积', '8.66', '8.66'],
      ['项目布展面积', '8.68', '8.68'],
      ['竣工完成度', '8.66', '8.66'],
      ['参观人数', '13.00', '13.00'],
      ['参观满意度', '13.00', '13.00'],
      ['运营管理体制建立建全', '3.00', '3.00'],
      ['获评国家级工业互联网体验中心', '3.00', '3.00'],
    ]);
    expect(score.total).toBe('70.00');
    expect(score.selfTotal).toBe('80.00');
    expect(score.maxTotal).toBe('80.00');
  });

  it('reports the expected findings and no budget error', () => {
    const codes = score.findings.map((f) => `${f.code} ${f.subject}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'indicator.self-score-mismatch 预算执行率',
        'indicator.self-score-mismatch 资金节约率',
        'indicator.not-a-number 资金节约率',
        'narrative.figure-mismatch 参观人数',
      ]),
    );
    expect(score.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const budgetSum = score.checks.find((c) => c.code === 'subitems.budget-sum');
    expect(budgetSum?.status).toBe('pass');
  });

  it('explains 预算执行率 with the figures and what it would take', () => {
    const r = score.indicators.find((i) => i.name === '预算执行率')!;
    expect(r.completion?.startsWith('74.675955954')).toBe(true);
    expect(r.advice).toEqual({ kind: 'quantitative', fullFrom: '100', unit: '%', nearby: { actual: '90', score: '4.00' }, paidForFull: '1087.5', paidForNearby: '978.75' });
  });
});
