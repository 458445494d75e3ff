import { describe, expect, it } from 'vitest';
import { Form, scoreForm } from '../../rules/index.js';
import { importText, MAX_TEXT_LENGTH } from '../../src/import/index.js';
import type { ImportResult } from '../../dialogs/ports.js';
import { seedForm } from '../fixtures/seedForm.js';
import { lineOf, seedText, toFullWidth, withIndicators, withLine, type Row } from './seedVariants.js';

type Ok = Extract<ImportResult, { ok: true }>;

function read(text: string): Ok {
  const r = importText(text);
  if (!r.ok) throw new Error(`not imported: ${r.message}`);
  return r;
}

/** The seed's table part, as the hand-typed fixture has it. */
function tablePart(form: Form) {
  const { project, budget, funds, subItems, indicators } = form;
  return { project, budget, funds, subItems, indicators };
}

const GOLDEN = [
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
];

describe('importText on the seed', () => {
  const r = read(seedText());

  it('reads every field of the table part, with nothing left unread', () => {
    expect(r.format).toBe('text');
    expect(r.issues).toEqual([]);
    const { ruleSet: _, ...expected } = seedForm();
    expect(tablePart(r.form)).toEqual(tablePart(expected as Form));
  });

  it('scores exactly as domain.md §5', () => {
    const score = scoreForm(r.form, { final: true });
    expect(score.indicators.map((i) => [i.name, i.weight, i.score])).toEqual(GOLDEN);
    expect(score.total).toBe('70.00');
    expect(score.selfTotal).toBe('80.00');
    expect(score.findings.map((f) => `${f.code} ${f.subject}`)).toEqual(
      expect.arrayContaining([
        'indicator.self-score-mismatch 预算执行率',
        'indicator.self-score-mismatch 资金节约率',
        'indicator.not-a-number 资金节约率',
        'narrative.figure-mismatch 参观人数',
      ]),
    );
    expect(score.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reads the seven narrative sections, cleaned of tabs and stray quotes, stopping at the 标注 line', () => {
    const n = r.form.narrative;
    expect(Object.keys(n).sort()).toEqual(['annualGoals', 'implementation', 'overallGoal', 'overview', 'problems', 'results', 'suggestions']);
    for (const text of Object.values(n)) {
      expect(text).not.toMatch(/\t/);
      expect(text).not.toMatch(/"/);
      expect(text).not.toMatch(/^\s*$/m);
      expect(text).not.toContain('标注');
    }
    expect(n.overview!.split('\n')).toHaveLength(4);
    expect(n.overview!.endsWith('苏州市中小企业服务中心负责实施。')).toBe(true);
    expect(n.annualGoals!.split('\n')).toEqual([
      '年底前完成苏州市智能制造融合发展中心项目工程建设相关工作。',
      '年底前完成苏州市智能制造融合发展中心提供智能制造新技术、新产品、新平台及新解决方案展陈。',
      '年底前完成竣工审计',
    ]);
    expect(n.results).toContain('服务11723人次');
    expect(n.suggestions!.endsWith('提前做好准备。')).toBe(true);
  });
});

describe('importText tolerates the ways the text layout varies', () => {
  const seed = read(seedText());

  it('reads CRLF and CR line ends with the same result and the same line numbers', () => {
    const garbage = withLine(lineOf('\t1900'), '\tabc');
    for (const eol of ['\r\n', '\r']) {
      expect(read(seedText().replace(/\n/g, eol)).form).toEqual(seed.form);
      expect(read(garbage.replace(/\n/g, eol)).issues).toEqual(read(garbage).issues);
    }
  });

  it('reads full-width digits, signs and percent as the same figures', () => {
    const full = read(toFullWidth(seedText()));
    expect(full.issues).toEqual([]);
    expect(tablePart(full.form)).toEqual(tablePart(seed.form));
    expect(scoreForm(full.form, { final: true }).total).toBe('70.00');
  });

  it('reads a file whose leading tabs were lost', () => {
    const tabless = read(seedText().replace(/^\t/gm, ''));
    expect(tablePart(tabless.form)).toEqual(tablePart(seed.form));
    expect(tabless.form.narrative.annualGoals).toBe(seed.form.narrative.annualGoals);
  });

  it('reads one indicator per category', () => {
    const rows: Row[] = [
      { category: '投入目标', name: '预算执行率', target: '100%', weight: '22', actual: '100%', self: '22' },
      { category: '产出目标', name: '装修面积', target: '=5859平方米', weight: '26', actual: '5859平方米', self: '26' },
      { category: '结果目标', name: '参观人数', target: '=8000人次', weight: '26', actual: '8757人次', self: '26' },
      { category: '影响力目标', name: '获评国家级工业互联网体验中心', target: '获得', weight: '6', actual: '获得', self: '6' },
    ];
    const r = read(withIndicators(rows));
    expect(r.issues).toEqual([]);
    expect(r.form.indicators.map((i) => [i.category, i.name, i.weight])).toEqual([
      ['input', '预算执行率', '22'],
      ['output', '装修面积', '26'],
      ['outcome', '参观人数', '26'],
      ['impact', '获评国家级工业互联网体验中心', '6'],
    ]);
    const score = scoreForm(r.form, { final: true });
    expect(score.checks.find((c) => c.code === 'weights.category-sum' && c.status === 'fail')).toBeUndefined();
  });

  it('reads twelve indicators per category, category labels written without 目标', () => {
    const cats = [
      ['投入', 'input', '22'],
      ['产出', 'output', '26'],
      ['结果', 'outcome', '26'],
      ['影响力', 'impact', '6'],
    ] as const;
    const rows: Row[] = cats.flatMap(([label], c) =>
      Array.from({ length: 12 }, (_, k) => ({
        category: k === 0 ? label : '',
        name: `${label}指标${k + 1}`,
        target: `=${100 + k}个`,
        weight: `${c}.${String(k).padStart(2, '0')}`,
        actual: `${100 + k}个`,
        self: '1',
      })),
    );
    const r = read(withIndicators(rows));
    expect(r.issues).toEqual([]);
    expect(r.form.indicators).toHaveLength(48);
    expect(r.form.indicators.map((i) => i.category)).toEqual(cats.flatMap(([, id]) => Array(12).fill(id)));
    expect(r.form.indicators[13]).toEqual({ category: 'output', name: '产出指标2', target: '=101个', weight: '1.01', actual: '101个', selfScore: '1' });
    expect(r.form.indicators[47].name).toBe('影响力指标12');
  });

  it('keeps a blank actual as missing, and the rows after it in their columns', () => {
    const r = read(withLine(lineOf('\t8757人次'), '\t'));
    expect(r.issues).toEqual([]);
    const visitors = r.form.indicators.find((i) => i.name === '参观人数')!;
    expect(visitors).toEqual({ category: 'outcome', name: '参观人数', target: '=8000人次', weight: '13', selfScore: '13' });
    expect(r.form.indicators.find((i) => i.name === '参观满意度')).toMatchObject({ actual: '100%', weight: '13' });
    const score = scoreForm(r.form, { final: true });
    expect(score.total).toBe('57.00');
    expect(score.findings.map((f) => `${f.code} ${f.subject}`)).toContain('indicator.missing-value 参观人数');
  });

  it('reports a row that lost a cell, with its line', () => {
    const text = withLine(lineOf('\t8757人次'), null);
    const r = read(text);
    const rowLine = lineOf('\t结果目标', text) - 1; // the row starts with its blank 项目 cell
    expect(r.issues).toEqual([{ line: rowLine, field: 'indicators', message: expect.stringContaining(`第${rowLine}行 这一行只有 6 个单元格`) }]);
    expect(r.form.indicators.find((i) => i.name === '参观满意度')).toMatchObject({ actual: '100%', selfScore: '13' });
  });

  it('skips 合计 and 小计 rows wherever they stand', () => {
    let text = withLine(lineOf('\t423.468663'), '\t423.468663\n\n\t合计\n\t1900\n\t812.101021');
    text = withLine(lineOf('\t竣工完成度', text) + 5, '\n\t小计\n\t\n\t\n\t26\n\t\n\t26\n', text);
    const r = read(text);
    expect(r.issues).toEqual([]);
    expect(r.form.subItems.map((s) => s.name)).toEqual(['基本建设', '基本维护']);
    expect(r.form.indicators.map((i) => i.name)).toEqual(GOLDEN.map(([name]) => name));
  });
});

describe('importText reports what it cannot read, with the line', () => {
  it('garbage amounts: each one with its line, field and the text', () => {
    let text = withLine(lineOf('\t1900'), '\tabc');
    text = withLine(lineOf('\t-812.5', text), '\t约800', text);
    text = withLine(lineOf('\t1200', text), '\t1200美元', text);
    text = withLine(lineOf('\t388.632358', text), '\t388.6323581', text);
    const r = read(text);
    const at = (s: string) => lineOf(s, text);
    expect(r.issues).toEqual([
      { line: at('\tabc'), field: 'budget.initial', message: `第${at('\tabc')}行 年初预算数 “abc” 不是金额。请填写数字（万元），例如 1900。` },
      { line: at('\t约800'), field: 'budget.adjustment', message: expect.stringMatching(/^第\d+行 当年使用上年结余、结转及当年调整预算数 “约800” 不是确切金额/) },
      { line: at('\t1200美元'), field: 'subItems[0].budget', message: expect.stringContaining('单位“美元”无法识别') },
      { line: at('\t388.6323581'), field: 'subItems[0].actual', message: expect.stringContaining('超过 6 位小数') },
    ]);
    expect(r.form.budget.initial).toBeUndefined();
    expect(r.form.budget.appropriated).toBe('812.101021');
    expect(r.form.subItems[0]).toEqual({ name: '基本建设' });
  });

  it('amounts are stored as canonical decimals, whatever unit they were typed in', () => {
    let text = withLine(lineOf('\t1900'), '\t19,000,000元');
    text = withLine(lineOf('\t-812.5', text), '\t负812.50', text);
    const r = read(text);
    expect(r.issues).toEqual([]);
    expect(r.form.budget).toMatchObject({ initial: '1900', adjustment: '-812.5' });
  });

  it('a negative 财政拨款数 and two different 财政拨款数 are reported', () => {
    const second = lineOf('\t812.101021') + 17;
    let text = withLine(lineOf('\t812.101021'), '\t-5');
    expect(read(text).issues[0]).toMatchObject({ line: lineOf('\t-5', text), field: 'budget.appropriated', message: expect.stringContaining('不能为负数') });
    text = withLine(second, '\t800');
    expect(text.split('\n')[second - 1]).toBe('\t800');
    expect(read(text).issues).toEqual([{ line: second, field: 'funds.appropriated', message: expect.stringContaining('财政拨款数 800 与预算执行情况中的 812.101021 不一致') }]);
  });

  it('weights, self-scores and the year that are not numbers', () => {
    let text = withLine(lineOf('\t8.68'), '\t八点六八');
    text = withLine(lineOf('\t2021', text), '\t二〇二一', text);
    const r = read(text);
    expect(r.issues).toEqual([
      { line: lineOf('\t二〇二一', text), field: 'project.year', message: expect.stringContaining('项目年份“二〇二一”不是年份') },
      { line: lineOf('\t八点六八', text), field: 'indicators[7].weight', message: expect.stringContaining('“八点六八”不是分数') },
    ]);
    expect(r.form.indicators[7].weight).toBeUndefined();
    expect(r.form.indicators[7].selfScore).toBe('8.68');
  });

  it('an unknown category skips its indicators and says why', () => {
    const text = withLine(lineOf('\t影响力目标'), '\t社会目标');
    const r = read(text);
    expect(r.issues).toEqual([{ line: lineOf('\t社会目标', text), field: 'indicators', message: expect.stringContaining('类别“社会目标”无法识别') }]);
    expect(r.form.indicators).toHaveLength(11);
  });

  it('a hostile, very long cell is cut to size and reported; control characters are dropped', () => {
    const long = '长'.repeat(100_000);
    let text = withLine(lineOf('\t装修面积'), `\t${long}`);
    text = withLine(lineOf('\t1900', text), `\t${'9'.repeat(5000)}`, text);
    text = withLine(lineOf('\t苏州市工业和信息化局', text), '\t苏州市\u202Eabc\u0000工信局<script>', text);
    text = text.replace('年底前完成竣工审计"', `${'审'.repeat(30_000)}"`);
    const started = Date.now();
    const r = read(text);
    expect(Date.now() - started).toBeLessThan(3000);
    const name = r.issues.find((i) => i.field === 'indicators[6].name')!;
    expect(name).toEqual({ line: lineOf(`\t${long}`, text), field: 'indicators[6].name', message: expect.stringContaining('指标名称太长（100000 字），只保留了前 200 字') });
    expect(r.form.indicators[6].name).toBe('长'.repeat(200));
    const amount = r.issues.find((i) => i.field === 'budget.initial')!;
    expect(amount.message).toContain('太长（5000 个字符）');
    expect(amount.message.length).toBeLessThan(120);
    expect(r.form.project.department).toBe('苏州市abc工信局<script>');
    expect(r.form.narrative.annualGoals!.length).toBeLessThanOrEqual(20000);
    expect(r.issues.some((i) => i.field === 'narrative.annualGoals')).toBe(true);
    expect(Form.safeParse(r.form).success).toBe(true);
  });

  it('a form missing its budget block and indicator table: said once each, the rest still read', () => {
    const lines = seedText().split('\n');
    const from = lines.indexOf('\t市级预算执行情况（万元）');
    const to = lines.indexOf('\t市级财政资金使用情况（万元）');
    const tableFrom = lines.indexOf('\t项目');
    const tableTo = lines.indexOf('\t80');
    const overview = lines.findIndex((l) => l.startsWith('\t苏州市智能制造融合发展中心项目位于'));
    const cut = [
      ...lines.slice(0, from),
      ...lines.slice(to, tableFrom),
      ...lines.slice(tableTo + 1, overview + 1),
      '本年度市级预算执行情况良好，资金使用情况规范。',
      ...lines.slice(overview + 1),
    ].join('\n');
    const r = read(cut);
    expect(r.issues).toEqual([
      { field: 'budget', message: '没有找到“市级预算执行情况”部分。请检查文件是否完整。' },
      { field: 'indicators', message: '没有找到绩效指标表（表头“指标名称”）。请检查文件是否完整。' },
    ]);
    expect(r.form.budget).toEqual({ appropriated: '812.101021' });
    expect(r.form.funds.paid).toBe('812.101021');
    expect(r.form.subItems.map((s) => s.name)).toEqual(['基本建设', '基本维护']);
    expect(r.form.indicators).toEqual([]);
    expect(Object.keys(r.form.narrative)).toHaveLength(7);
    expect(r.form.narrative.overview).toContain('本年度市级预算执行情况良好');
  });

  it('refuses a file that is not the form, saying what to send instead', () => {
    const notForms = [
      '',
      '会议纪要\n\n今天讨论了项目进度。\n下周继续。',
      '{"name": "x"}',
      '\t项目名称\n\t某项目',
      'x\u0000\u0001\u0002'.repeat(1000),
    ];
    for (const text of notForms) {
      const r = importText(text);
      expect(r).toEqual({ ok: false, message: expect.stringContaining('不是苏州市级财政支出项目绩效自评表') });
    }
    const huge = importText('a'.repeat(MAX_TEXT_LENGTH + 1));
    expect(huge).toEqual({ ok: false, message: expect.stringContaining('文件太大') });
  });
});
