// The golden transcript: the seed form filled completely through the conversation. The seed's
// 资金节约率 actual ("15%及其以下") is not a number, which the conversation never accepts, so the
// transcript either skips it with no reason (scored 0, as `jixiao audit` scores the seed: 70.00)
// or gives a concrete 10% (full marks: 72.00).
import { describe, expect, it } from 'vitest';
import type { DocumentExporter, ExportedFile } from '../../dialogs/ports.js';
import { scoreForm, type Form, type FormScore } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { Chat, fixedClock, transcript, type Row } from './helpers.js';

class FakeExporter implements DocumentExporter {
  calls: Array<{ form: Form; score: FormScore }> = [];
  async exportForm(form: Form, score: FormScore): Promise<ExportedFile[]> {
    this.calls.push({ form, score });
    return [{ name: '自评表.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: new Uint8Array([1, 2, 3]) }];
  }
}

const seed = seedForm();

function rows(savingsRate: 'skip' | '10%'): Row[] {
  const savings: Row[] =
    savingsRate === 'skip'
      ? [
          ['跳过', ['已跳过「资金节约率」的实际完成值', '没有原因请回复“无”']],
          // The 投入 actuals are all answered: its weights are fixed, so its self-scores are asked now.
          ['无', ['没有说明原因', '「资金节约率」没有实际完成值也没有说明，按填表说明得 0 分', '「预算执行率」自评分 8.00 分，按规则得 0.00 分，相差 8.00 分。请说明自评分不同的原因']],
        ]
      : [['10% 自评分 2', ['「资金节约率」得 2.00 分（权重 2 分）', '与规则得分一致', '「预算执行率」自评分 8.00 分，按规则得 0.00 分，相差 8.00 分。请说明自评分不同的原因']]];
  const savingsSelf: Row[] =
    savingsRate === 'skip'
      ? [
          ['年底前已完成全部支付审批，按实际工作量自评', ['已记录「预算执行率」自评分与规则得分不同的原因', '「资金节约率」按规则得 0.00 分，自评分就填 0.00 吗？']],
          ['资金节约率的自评分是2', ['「资金节约率」自评分 2.00 分，按规则应得 0.00 分，相差 2.00 分', '「资金节约率」自评分 2.00 分，按规则得 0.00 分，相差 2.00 分。请说明自评分不同的原因']],
          ['按往年口径节约率在15%以内', ['已记录「资金节约率」自评分与规则得分不同的原因', '产出指标']],
        ]
      : [['年底前已完成全部支付审批，按实际工作量自评', ['已记录「预算执行率」自评分与规则得分不同的原因', '产出指标']]];
  return [
    ['你好', ['绩效自评助手', '【基本信息】', '请输入项目名称']],
    [seed.project.name!, ['已记录项目名称：苏州市智能制造融合发展中心项目', '请输入项目年份']],
    ['2021', ['苏州市级财政支出项目绩效自评表（2021年度）', '已预填 6 项投入类共性指标', '预算执行率 8', '请输入项目主管部门']],
    [seed.project.department!, ['【基本信息 · 已填完】', '【市级预算执行情况（万元）】', '请输入年初预算数（万元']],
    ['1,900万元', ['已记录年初预算数：1900 万元', '当年使用上年结余、结转及当年调整预算数']],
    ['负812.5', ['-812.5 万元', '调整后预算 = 1900 + (-812.5) = 1087.5 万元', '请输入财政拨款数']],
    ['812.101021', ['指标结余数 = 1900 + (-812.5) − 812.101021 = 275.398979 万元', '【市级财政资金使用情况（万元）】', '请输入实际支付数']],
    ['8121010.21元', ['已记录实际支付数：812.101021 万元', '资金结余、结转数 = 812.101021 − 812.101021 = 0 万元', '预算执行率 = 812.101021 ÷ 1087.5 = 74.68%', '「预算执行率」得 0.00 分（权重 8 分）：低于目标 25.32 个百分点', '请输入结转数']],
    ['0', ['已记录结转数：0 万元', '请输入财政收回数']],
    ['0', ['【市级财政资金使用情况（万元） · 已填完】', '【项目资金构成】', '第 1 个子项名称']],
    ['基本建设 1200 388.632358', ['子项「基本建设」：预算 1200 万元，实际 388.632358 万元', '第 2 个子项名称']],
    ['基本维护', ['请输入子项「基本维护」的预算数']],
    ['700', ['请输入子项「基本维护」的实际数']],
    ['423.468663', ['第 3 个子项名称', '“完成”']],
    ['完成', ['共 2 个子项，预算数合计 1900 万元，实际数合计 812.101021 万元', '【项目绩效实现情况（绩效指标）】', '「资金使用合规性」目标是“合规”'], ['不等']],
    ['合规 自评分 4', ['「资金使用合规性」得 4.00 分（权重 4 分）', '与规则得分一致', '「财务制度健全性」']],
    ['健全，自评分2', ['「财务制度健全性」得 2.00 分', '「专款专用率」的实际完成值（目标 100%）']],
    ['100% 自评分 4', ['「专款专用率」得 4.00 分', '「政府采购规范性」']],
    ['规范 自评分 2', ['「政府采购规范性」得 2.00 分', '「资金节约率」的实际完成值（目标 15%及其以下）', '不适用'], ['例如 15%']],
    ['预算执行率的自评分是8', ['「预算执行率」自评分 8.00 分，按规则应得 0.00 分，相差 8.00 分', '低于目标 25.32 个百分点']],
    ...savings,
    ...savingsSelf,
    // 产出: while the category is open its weights are not settled, so no points are shown as final
    // and self-scores are compared only when it is closed.
    ['装修面积', ['请输入「装修面积」的目标值']],
    ['=5859平方米', ['已添加指标「装修面积」，目标 =5859平方米', '产出类现有 1 项。这一类填完（回复“完成”）后按项数平分 26 分', '「装修面积」的实际完成值'], ['权重 26']],
    ['5859平方米 自评分 8.66', ['「装修面积」可得本项权重的 100%', '已记录「装修面积」的自评分 8.66 分；产出类填完、权重确定后再与规则得分比对'], ['26.00 分', '相差']],
    ['项目布展面积，=3234平方米，3234平方米', ['已添加指标「项目布展面积」', '产出类现有 2 项', '「项目布展面积」可得本项权重的 100%'], ['13.00 分', '权重 13']],
    ['项目布展面积的自评分是8.68', ['已记录「项目布展面积」的自评分 8.68 分'], ['相差']],
    ['竣工完成度', ['「竣工完成度」的目标值']],
    ['=100%', ['产出类现有 3 项']],
    ['100% 自评分 8.66', ['「竣工完成度」可得本项权重的 100%', '已记录「竣工完成度」的自评分 8.66 分']],
    [
      '完成',
      [
        '产出类共 3 项指标，权重已确定：每项 8.66 / 8.68 / 8.66（共 26 分，平均分配）',
        '「装修面积」得 8.66 分（权重 8.66 分）',
        '「项目布展面积」得 8.68 分（权重 8.68 分）',
        '「竣工完成度」得 8.66 分（权重 8.66 分）',
        '「装修面积」自评分 8.66 分，与规则得分一致',
        '「项目布展面积」自评分 8.68 分，与规则得分一致',
        '结果指标',
      ],
    ],
    ['参观人数', ['「参观人数」的目标值']],
    ['=8000人次', ['结果类现有 1 项'], ['权重 26']],
    ['8757人次 自评分 13', ['「参观人数」可得本项权重的 100%', '已记录「参观人数」的自评分 13 分'], ['26.00 分']],
    ['参观满意度', ['「参观满意度」的目标值']],
    ['=85%', ['结果类现有 2 项']],
    ['100% 自评分 13', ['「参观满意度」可得本项权重的 100%']],
    ['参观人数的自评分是13', ['已记录「参观人数」的自评分 13 分']],
    ['完成', ['结果类共 2 项指标，权重已确定：每项 13 / 13', '「参观人数」得 13.00 分（权重 13 分）', '「参观人数」自评分 13.00 分，与规则得分一致', '影响力指标']],
    ['运营管理体制建立建全，获得，获得', ['「运营管理体制建立建全」可得本项权重的 100%']],
    ['获评国家级工业互联网体验中心', ['目标值']],
    ['获得', ['影响力类现有 2 项', '「获评国家级工业互联网体验中心」目标是“获得”']],
    ['获得 自评分 3', ['「获评国家级工业互联网体验中心」可得本项权重的 100%']],
    ['运营管理体制建立建全的自评分是3', ['已记录「运营管理体制建立建全」的自评分 3 分']],
    ['完成', ['影响力类共 2 项指标，权重已确定：每项 3 / 3', '与规则得分一致', '评分表', `合计 ${savingsRate === 'skip' ? '70.00' : '72.00'} / 80`, '【项目基本情况】', '请填写「项目概况」']],
    [seed.narrative.overview!, ['已记录项目概况', '请填写「项目总目标」']],
    ['跳过', ['已跳过「项目总目标」']],
    ['无', ['请填写「年度绩效目标」']],
    ['跳过', ['已跳过「年度绩效目标」']],
    ['没有单独的年度目标', ['已记录跳过「年度绩效目标」的原因', '请填写「项目实施情况」']],
    ['跳过', []],
    ['无', ['请填写「项目管理成效」']],
    [seed.narrative.results!, ['已记录项目管理成效', '报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致', '请填写「项目管理存在的问题及原因」']],
    ['跳过', []],
    ['无', []],
    ['跳过', []],
    // The table was shown when the indicators were done: the end gives the total, not the table again.
    ['无', [`表单已填完：按规则得分 ${savingsRate === 'skip' ? '70.00' : '72.00'} / 80`, '回复“导出”生成文件'], ['评分表']],
    ['导出', ['已生成：自评表.docx']],
  ];
}

async function fill(savingsRate: 'skip' | '10%') {
  const exporter = new FakeExporter();
  const chat = new Chat({ clock: fixedClock, exporter });
  await transcript(chat, rows(savingsRate));
  return { chat, exporter };
}

describe('golden transcript: the seed form filled through the conversation', () => {
  it('skipping 资金节约率 with no reason ends with the per-indicator scores of the seed (70.00)', async () => {
    const { chat, exporter } = await fill('skip');
    const expected = scoreForm(seed, { final: true });
    const got = scoreForm(chat.form, { final: true });
    expect(got.indicators.map((r) => [r.category, r.name, r.target, r.weight, r.score])).toEqual(
      expected.indicators.map((r) => [r.category, r.name, r.target, r.weight, r.score]),
    );
    expect(got.total).toBe(expected.total);
    expect(got.total).toBe('70.00');
    expect(got.selfTotal).toBe('80.00');

    // The figures of the form are the seed's; derived ones are computed, not typed.
    const f = chat.form;
    expect(f.project).toEqual(seed.project);
    expect({ ...f.budget }).toEqual({ initial: '1900', adjustment: '-812.5', appropriated: '812.101021' });
    expect(f.funds).toEqual({ paid: '812.101021', carriedOver: '0', recovered: '0' });
    expect(got.derived.quotaBalance).toBe(seed.budget.quotaBalance);
    expect(got.derived.fundsBalance).toBe(seed.funds.balance);
    expect(f.subItems).toEqual(seed.subItems);
    expect(f.narrative).toEqual(seed.narrative);
    expect(f.indicators.find((i) => i.name === '资金节约率')).toEqual({ category: 'input', name: '资金节约率', target: '15%及其以下', selfScore: '2', selfScoreReason: '按往年口径节约率在15%以内' });
    expect(f.indicators.find((i) => i.name === '预算执行率')?.selfScoreReason).toBe('年底前已完成全部支付审批，按实际工作量自评');
    expect(f.indicators.find((i) => i.name === '预算执行率')?.actual).toBe('74.68%');

    // The exporter got the finished form and its final score.
    expect(exporter.calls).toHaveLength(1);
    expect(exporter.calls[0].score.total).toBe('70.00');
    expect(chat.last.some((r) => r.files?.[0]?.name === '自评表.docx' && r.formKey === '苏州市智能制造融合发展中心项目（2021）')).toBe(true);

    // The same findings as the audit of the seed, except that the skipped actual is "missing", not "not a number".
    const codes = got.findings.map((x) => `${x.code} ${x.subject}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'indicator.self-score-mismatch 预算执行率',
        'indicator.self-score-mismatch 资金节约率',
        'indicator.missing-value 资金节约率',
        'narrative.figure-mismatch 参观人数',
      ]),
    );
    expect(got.findings.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('giving 资金节约率 a concrete 10% earns its 2 points: 72.00', async () => {
    const { chat, exporter } = await fill('10%');
    const expected = scoreForm({ ...seed, indicators: seed.indicators.map((i) => (i.name === '资金节约率' ? { ...i, actual: '10%' } : i)) }, { final: true });
    const got = scoreForm(chat.form, { final: true });
    expect(got.indicators.map((r) => [r.name, r.weight, r.score])).toEqual(expected.indicators.map((r) => [r.name, r.weight, r.score]));
    expect(got.indicators.find((r) => r.name === '资金节约率')?.score).toBe('2.00');
    expect(got.total).toBe('72.00');
    expect(exporter.calls[0].score.total).toBe('72.00');
  });
});
