// The seed's DOCX holds every value of the seed in the right cell, in the official layout: read back
// cell by cell from word/document.xml with a reader independent of src/documents.
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LABELS, NARRATIVE_KEYS, getRuleSet, scoreForm, type Form } from '../../rules/index.js';
import { buildDocx } from '../../src/documents/docx.js';
import { findRow, paragraphsOf, seedFromFile, tablesOf, texts, unzipText, type XTable } from './helpers.js';

let form: Form;
let xml: string;
let tables: XTable[];
let paragraphs: string[];
let bytes: Buffer;

beforeAll(async () => {
  form = await seedFromFile();
  bytes = await buildDocx(form, scoreForm(form, { final: true }));
  xml = await unzipText(bytes, 'word/document.xml');
  tables = tablesOf(xml);
  paragraphs = paragraphsOf(xml);
});

const rowWith = (label: string) => findRow(tables, (row) => row.some((c) => c.text === label));
const rightOf = (label: string) => {
  const { row } = rowWith(label);
  return row[row.findIndex((c) => c.text === label) + 1].text;
};

describe('the seed as DOCX', () => {
  it('has both titles and the header cells', () => {
    expect(paragraphs).toContain('苏州市级财政支出项目绩效自评价报告');
    expect(paragraphs).toContain('苏州市级财政支出项目绩效自评表');
    expect(rightOf('项目名称')).toBe('苏州市智能制造融合发展中心项目');
    expect(rightOf('项目年份')).toBe('2021');
    expect(rightOf('项目主管部门(单位)')).toBe('苏州市工业和信息化局');
  });

  it('prints the budget block: a merged title cell, four labels, the values below them', () => {
    const { table, r, row } = rowWith('年初预算数');
    expect(texts(row)).toEqual(['市级预算执行情况\n（万元）', '年初预算数', '当年使用上年结余、结转及当年调整预算数', '财政拨款数', '指标结余数']);
    expect(row[0].vMerge).toBe('restart');
    const values = table[r + 1];
    expect(values[0].vMerge).toBe('continue');
    expect(texts(values.slice(1))).toEqual(['1900', '-812.5', '812.101021', '275.398979']);
    // every value sits under its label
    expect(values.slice(1).map((c) => c.col)).toEqual(row.slice(1).map((c) => c.col));
  });

  it('prints the funds block with 其中： spanning 结转数 and 财政收回数', () => {
    const { table, r, row } = rowWith('实际支付数');
    expect(texts(row)).toEqual(['市级财政资金使用情况\n（万元）', '财政拨款数', '实际支付数', '资金结余、结转数', '其中：']);
    expect(row.slice(0, 4).map((c) => c.vMerge)).toEqual(['restart', 'restart', 'restart', 'restart']);
    const split = table[r + 1];
    expect(split.slice(0, 4).map((c) => c.vMerge)).toEqual(['continue', 'continue', 'continue', 'continue']);
    expect(texts(split.slice(4))).toEqual(['结转数', '财政收回数']);
    const ofWhich = row[4];
    expect(split[4].col).toBe(ofWhich.col);
    expect(split[5].col + split[5].span).toBe(ofWhich.col + ofWhich.span);
    const values = table[r + 2];
    expect(texts(values.slice(1))).toEqual(['812.101021', '812.101021', '0', '0', '0']);
    expect(values.slice(1).map((c) => c.col)).toEqual([...row.slice(1, 4), ...split.slice(4)].map((c) => c.col));
  });

  it('prints 项目资金构成 with each sub-item and the 合计 row', () => {
    const { table, r, row } = rowWith('子项名称');
    expect(texts(row)).toEqual(['子项名称', '预算数（万元）', '实际数（万元）']);
    expect(texts(table[r - 1])).toEqual(['项目资金构成（详细列出各子项目名称和金额）']);
    expect(texts(table[r + 1])).toEqual(['基本建设', '1200', '388.632358']);
    expect(texts(table[r + 2])).toEqual(['基本维护', '700', '423.468663']);
    expect(texts(table[r + 3])).toEqual(['合计', '1900', '812.101021']);
  });

  it('prints every indicator with the unit\'s self-score, 项目 merged over all rows and 类别 merged per category', () => {
    const { table, r, row } = rowWith('指标名称');
    expect(texts(row)).toEqual(['项目', '类别', '指标名称', '目标值', '权重', '实际完成值', '自评分']);
    const body = table.slice(r + 1, r + 14);
    expect(body.map((c) => [c[2].text, c[3].text, c[4].text, c[5].text, c[6].text])).toEqual([
      ['资金使用合规性', '合规', '4', '合规', '4.00'],
      ['财务制度健全性', '健全', '2', '健全', '2.00'],
      ['专款专用率', '100%', '4', '100%', '4.00'],
      ['政府采购规范性', '规范', '2', '规范', '2.00'],
      // The 自评分 column is the unit's own figure (8 and 2 where the rules give 0): see the appendix.
      ['预算执行率', '100%', '8', '74.68%', '8.00'],
      ['资金节约率', '15%及其以下', '2', '15%及其以下', '2.00'],
      ['装修面积', '=5859平方米', '8.66', '5859平方米', '8.66'],
      ['项目布展面积', '=3234平方米', '8.68', '3234平方米', '8.68'],
      ['竣工完成度', '=100%', '8.66', '100%', '8.66'],
      ['参观人数', '=8000人次', '13', '8757人次', '13.00'],
      ['参观满意度', '=85%', '13', '100%', '13.00'],
      ['运营管理体制建立建全', '获得', '3', '获得', '3.00'],
      ['获评国家级工业互联网体验中心', '获得', '3', '获得', '3.00'],
    ]);
    expect(body[0][0]).toMatchObject({ text: '项目绩效实现情况（80分）', vMerge: 'restart' });
    expect(body.slice(1).every((c) => c[0].vMerge === 'continue')).toBe(true);
    const categories = body.map((c) => (c[1].vMerge === 'restart' ? c[1].text : c[1].vMerge));
    expect(categories).toEqual([
      '投入目标', 'continue', 'continue', 'continue', 'continue', 'continue',
      '产出目标', 'continue', 'continue',
      '结果目标', 'continue',
      '影响力目标', 'continue',
    ]);
    const total = table[r + 14];
    expect(total[0].text).toBe('合计');
    expect(total[0].span).toBeGreaterThan(1);
    expect(texts(total.slice(1))).toEqual(['80', '', '80.00']);
    expect(total[1].col).toBe(row[4].col);
    expect(total[3].col).toBe(row[6].col);
  });

  it('prints the 填表说明 of the rule set under the table', () => {
    const instructions = getRuleSet('suzhou-2021')!.instructions;
    expect(paragraphs).toContain(`填表说明：${instructions}`);
  });

  it('prints each narrative section next to its heading, line by line', () => {
    expect(texts(rowWith('项目基本情况').row)).toEqual(['项目基本情况']);
    for (const key of NARRATIVE_KEYS) {
      expect(rightOf(FIELD_LABELS[`narrative.${key}`])).toBe(form.narrative[key]);
    }
    expect(form.narrative.implementation).toContain('\n');
    expect(paragraphs).toContain('（标注：项目概况、项目总目标、年度绩效目标由软件自动从申报表中生成）');
  });

  it('has an appendix with the rule scores next to the unit\'s self-scores, each difference with its reason, every deduction, every finding', () => {
    const { table, r, row } = rowWith('自评分（用户填报）');
    expect(texts(row)).toEqual(['类别', '指标名称', '权重', '规则得分', '自评分（用户填报）', '说明']);
    const budget = table.slice(r + 1).find((c) => c[1].text === '预算执行率')!;
    expect(texts(budget).slice(0, 5)).toEqual(['投入', '预算执行率', '8', '0.00', '8']);
    expect(texts(table[table.length - 1]).slice(0, 4)).toEqual(['合计', '80', '70.00', '80.00']);
    const body = paragraphs.join('\n');
    expect(body).toContain('本表“自评分”一栏为项目单位填报的自评分，合计 80.00 分；按规则集 suzhou-2021');
    expect(body).toContain('计算的规则得分合计 70.00 分（满分 80 分），见下表“规则得分”一栏。');
    expect(body).toContain('「预算执行率」（投入类）：单位自评 8 分，按规则得 0.00 分，相差 8.00 分。未说明原因。');
    expect(body).toContain('「资金节约率」（投入类）：单位自评 2 分，按规则得 0.00 分，相差 2.00 分。未说明原因。');
    expect(body).toMatch(/「预算执行率」（投入类）：目标 100%；实际 74\.68%（实际支付数 812\.101021 ÷ 调整后预算 1087\.5）；低于目标 25\.32 个百分点/);
    expect(body).toContain('不是具体数值');
    expect(body).toContain('报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致');
    expect(body).toContain('按规则集 suzhou-2021');
    expect(body).toContain('投入类总分 22 分（categories.input.total）');
    expect(body).toContain('资金节约率 2 分（目标 15%及其以下）');
  });

  it('is A4 with CJK fonts and page numbers in the footer', async () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const styles = await unzipText(bytes, 'word/styles.xml');
    expect(styles).toMatch(/w:eastAsia="宋体"/);
    expect(xml).toMatch(/w:eastAsia="仿宋"/);
    const footer = await unzipText(bytes, 'word/footer1.xml');
    expect(footer).toContain('PAGE');
    expect(footer).toContain('NUMPAGES');
  });
});

describe('special content', () => {
  it('prints （未填写） for an empty optional section', async () => {
    const f = { ...form, narrative: { ...form.narrative, suggestions: undefined, problems: '   ' } };
    const out = tablesOf(await unzipText(await buildDocx(f, scoreForm(f)), 'word/document.xml'));
    const cellRight = (label: string) => {
      const { row } = findRow(out, (rw) => rw.some((c) => c.text === label));
      return row[row.findIndex((c) => c.text === label) + 1].text;
    };
    expect(cellRight('进一步加强项目管理的建议')).toBe('（未填写）');
    expect(cellRight('项目管理存在的问题及原因')).toBe('（未填写）');
    expect(cellRight('项目概况')).toBe(form.narrative.overview);
  });

  it('prints a derived figure when the form leaves it out, and the stated one when given', async () => {
    const f: Form = { ...form, budget: { ...form.budget, quotaBalance: undefined }, funds: { ...form.funds, balance: '1.50' } };
    const out = tablesOf(await unzipText(await buildDocx(f, scoreForm(f)), 'word/document.xml'));
    const budget = findRow(out, (rw) => rw.some((c) => c.text === '年初预算数'));
    expect(budget.table[budget.r + 1][4].text).toBe('275.398979');
    const funds = findRow(out, (rw) => rw.some((c) => c.text === '实际支付数'));
    expect(funds.table[funds.r + 2][3].text).toBe('1.5');
  });

  it('a form with no self-scores leaves the 自评分 column blank and says so; it never fills it with rule scores', async () => {
    const f: Form = { ...form, indicators: form.indicators.map(({ selfScore: _s, ...i }) => i) };
    const doc = await unzipText(await buildDocx(f, scoreForm(f)), 'word/document.xml');
    const out = tablesOf(doc);
    const { table, r } = findRow(out, (rw) => texts(rw).join('|') === '项目|类别|指标名称|目标值|权重|实际完成值|自评分');
    expect(table.slice(r + 1, r + 14).map((rw) => rw[6].text)).toEqual(Array(13).fill(''));
    expect(texts(table[r + 14]).slice(1)).toEqual(['80', '', '']);
    const body = paragraphsOf(doc).join('\n');
    expect(body).toContain('本表“自评分”一栏为项目单位填报的自评分（尚未填报）');
    expect(body).toContain('未填报自评分的指标：资金使用合规性、财务制度健全性');
  });

  it('prints no report-figure finding the text does not support (2378个 custom mice against 展项数量 38个), and keeps the one it does', async () => {
    const f: Form = { ...form, indicators: form.indicators.map((i) => (i.name === '竣工完成度' ? { ...i, name: '展项数量', target: '=38个', actual: '38个' } : i)) };
    expect(f.narrative.results).toContain('已定制鼠标累计2378个');
    const body = paragraphsOf(await unzipText(await buildDocx(f, scoreForm(f, { final: true })), 'word/document.xml')).join('\n');
    expect(body).not.toContain('报告中写的 2378个');
    expect(body).toContain('报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致');
  });

  it('keeps a category row when the category has no indicator yet', async () => {
    const f: Form = { ...form, indicators: form.indicators.filter((i) => i.category !== 'impact') };
    const out = tablesOf(await unzipText(await buildDocx(f, scoreForm(f)), 'word/document.xml'));
    const { row } = findRow(out, (rw) => rw.some((c) => c.text === '影响力目标'));
    expect(texts(row).slice(2)).toEqual(['', '', '', '', '']);
  });
});
