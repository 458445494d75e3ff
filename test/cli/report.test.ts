import { describe, expect, it } from 'vitest';
import { getRuleSet, scoreForm, type Form } from '../../rules/index.js';
import { auditJson, auditText, displayWidth, truncateWidth } from '../../rules/report/index.js';
import { seedForm } from '../fixtures/seedForm.js';

const ruleSet = getRuleSet('suzhou-2021')!;
const report = (form: Form, issues = [] as { line?: number; message: string }[]) =>
  auditText(scoreForm(form, { ruleSet, final: true }), ruleSet, form, { importIssues: issues });

describe('display width', () => {
  it('counts CJK and full-width characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('投入')).toBe(4);
    expect(displayWidth('=5859平方米')).toBe(11);
    expect(displayWidth('（１）')).toBe(6);
    expect(truncateWidth('获评国家级工业互联网体验中心', 10)).toBe('获评国家…');
    expect(displayWidth(truncateWidth('获评国家级工业互联网体验中心', 10))).toBeLessThanOrEqual(10);
  });
});

describe('auditJson', () => {
  const json = auditJson(scoreForm(seedForm(), { ruleSet, final: true }), ruleSet);

  it('carries each indicator with its Chinese category, scores as 2-decimal strings and its explanation', () => {
    expect(json).toMatchObject({ ruleSet: 'suzhou-2021', total: '70.00', maxTotal: '80.00', selfTotal: '80.00' });
    const rate = json.indicators.find((i) => i.name === '预算执行率')!;
    expect(rate).toMatchObject({ category: '投入', categoryId: 'input', target: '100%', actual: '74.68%', weight: '8.00', selfScore: '8.00', score: '0.00' });
    expect(rate.explanation).toContain('812.101021');
    expect(rate.explanation).toMatch(/达到 90%[^；。]*可得 4\.00 分/);
    expect(json.findings.every((f) => ['error', 'warning'].includes(f.severity) && f.code && f.message)).toBe(true);
    expect(json.categories.map((c) => [c.label, c.score])).toEqual([['投入', '12.00'], ['产出', '26.00'], ['结果', '26.00'], ['影响力', '6.00']]);
    expect(json.derived.adjustedBudget).toBe('1087.5');
    expect(json.unverified.length).toBeGreaterThan(0);
  });

  it('is plain JSON: every decimal is a string (only category counts are numbers)', () => {
    const numberPaths: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'number') numberPaths.push(path);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${Array.isArray(v) ? '*' : k}`);
    };
    walk(JSON.parse(JSON.stringify(json)), '');
    expect(new Set(numberPaths)).toEqual(new Set(['.categories.*.count']));
  });
});

describe('auditText', () => {
  const text = report(seedForm());
  const lines = text.split('\n');

  it('opens with the project, the year and the rule set', () => {
    expect(lines.slice(0, 4)).toEqual([
      '绩效自评审核报告',
      '项目名称：苏州市智能制造融合发展中心项目',
      '项目年份：2021    主管部门：苏州市工业和信息化局',
      '规则集：suzhou-2021（苏州市级财政支出项目绩效自评表（2021年度））',
    ]);
  });

  it('aligns the table for CJK text: every row ends in the same column', () => {
    const start = lines.findIndex((l) => l.startsWith('类别'));
    const end = lines.indexOf(lines[start + 1], start + 2);
    const rows = lines.slice(start, end).filter((l) => !l.includes('└') && !l.startsWith('─'));
    expect(rows).toHaveLength(1 + 13 + 4);
    expect(new Set(rows.map(displayWidth)).size).toBe(1);
    const rate = rows.find((l) => l.includes('预算执行率'))!;
    expect(rate.split(/\s+/)).toEqual(['投入', '预算执行率', '100%', '74.68%', '8.00', '8.00', '0.00']);
  });

  it('gives one reason line under each indicator that lost points, and none under the others', () => {
    const reasons = lines.filter((l) => l.includes('└'));
    expect(reasons).toHaveLength(2);
    const after = (name: string) => lines[lines.findIndex((l) => l.includes(name)) + 1];
    expect(after('预算执行率')).toContain('低于目标 25.32 个百分点');
    expect(after('预算执行率')).toMatch(/达到 90%[^；。]*可得 4\.00 分/);
    expect(after('资金节约率')).toContain('不是具体数值');
  });

  it('gives the category totals, the grand total out of 80, the self total, the findings by severity and the unverified note', () => {
    expect(text).toMatch(/投入小计\s+22\.00\s+22\.00\s+12\.00 \/ 22/);
    expect(text).toContain('规则得分合计 70.00 / 80');
    expect(text).toContain('自评分合计   80.00（比规则得分多 10.00 分）');
    expect(text).toContain('错误：无');
    expect(text).toContain('提示（4）：');
    expect(text).toContain('报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致');
    expect(text).toMatch(/注：.*尚未与官方文件核实/);
    expect(text).toContain('投入类共性指标的名称、权重和目标值');
  });

  it('lists errors apart from warnings, and the import issues', () => {
    const form = seedForm();
    form.funds.paid = '900';
    const t = report(form, [{ line: 23, message: '第23行 年初预算数 “abc” 不是金额。' }]);
    expect(t).toMatch(/错误（\d+）：\n {2}- /);
    expect(t).toContain('实际支付数 900 万元大于财政拨款数 812.101021 万元');
    expect(t.indexOf('错误（')).toBeLessThan(t.indexOf('提示（'));
    expect(t).toContain('读取文件时的问题（1）：\n  - 第23行 年初预算数 “abc” 不是金额。');
  });

  it('keeps a very long indicator name from breaking the table', () => {
    const form = seedForm();
    form.indicators[6].name = '很长的指标名称'.repeat(20);
    const t = report(form).split('\n');
    const row = t.find((l) => l.startsWith('产出'))!;
    expect(row).toContain('…');
    expect(displayWidth(row)).toBe(displayWidth(t.find((l) => l.startsWith('类别'))!));
  });
});
