// The indicator section in detail: 不适用 and the re-split weights, a grade for an unclear
// qualitative actual, a note for over-completion, editing and deleting 子项 and indicators.
import { describe, expect, it } from 'vitest';
import { scoreForm } from '../../rules/index.js';
import { BASIC_AND_BUDGET, SUB_ITEMS, started, transcript } from './helpers.js';

async function atIndicators() {
  const chat = await started();
  await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS]);
  return chat;
}

describe('common 投入 indicators', () => {
  it('不适用 where the rule set allows it: the weight is shared among the others', async () => {
    const chat = await atIndicators();
    await transcript(chat, [
      ['合规', []],
      ['健全', []],
      ['不适用', ['「专款专用率」的实际完成值不能标为不适用']],
      ['100%', []],
      ['不适用', ['已把「政府采购规范性」标为不适用', '投入类权重：资金使用合规性 4.4、财务制度健全性 2.2、专款专用率 4.4、预算执行率 8.8、资金节约率 2.2', '「资金节约率」的实际完成值']],
    ]);
    const score = scoreForm(chat.form);
    expect(score.categories.find((c) => c.id === 'input')?.weight).toBe('22.00');
    expect(chat.form.indicators.find((i) => i.name === '政府采购规范性')?.notApplicable).toBe(true);
  });

  it('a qualitative actual that is not a clear yes or no asks for a grade and records it', async () => {
    const chat = await atIndicators();
    await transcript(chat, [
      ['基本合规，个别凭证不全', ['「资金使用合规性」得 0.00 分（权重 4 分）：实际情况“基本合规，个别凭证不全”不能直接判断', '请选择等级：好（100%）、较好（80%）、一般（60%）、较差（40%）、差（20%）']],
      ['较好', ['已为「资金使用合规性」评定等级“较好”', '「资金使用合规性」得 3.20 分（权重 4 分）', '「财务制度健全性」']],
      ['未健全', ['「财务制度健全性」得 0.00 分（权重 2 分）：目标“健全”，实际“未健全”，未达到']],
    ]);
    expect(chat.form.indicators[0]).toMatchObject({ actual: '基本合规，个别凭证不全', grade: '较好' });
  });

  it('amounts typed with full-width digits and Chinese numerals', async () => {
    const chat = await started();
    await chat.run(['苏州项目A', '2021', '工信局']);
    await transcript(chat, [
      ['１９００', ['已记录年初预算数：1900 万元']],
      ['调减812.5万元', ['-812.5 万元']],
      ['八百一十二点一', ['已记录财政拨款数：812.1 万元']],
    ]);
  });
});

describe('indicators the user adds', () => {
  it('over-completion asks for a note; a note can also be given by name', async () => {
    const chat = await atIndicators();
    await chat.run(['合规', '健全', '100%', '规范', '10%', '本类都按规则得分']);
    await transcript(chat, [
      // 产出 is open: the share of the weight, not points against the whole 26.
      ['装修面积，=1000平方米，1500平方米', ['「装修面积」可得本项权重的 80%：完成率超过 130% 的部分为 20%', '完成率 150%，达到或超过 130%。请简单说明原因'], ['20.80', '权重 26 分']],
      ['目标按旧图纸测算，后来扩建', ['已记录「装修面积」的说明', '请输入第 2 项产出指标的名称']],
      ['装修面积的说明是：按新图纸复核', ['已记录「装修面积」的说明']],
    ]);
    expect(chat.form.indicators.find((i) => i.name === '装修面积')?.note).toBe('按新图纸复核');
  });

  it('an indicator name, target and actual can be changed; a user indicator can be deleted, a common one cannot', async () => {
    const chat = await atIndicators();
    await chat.run(['合规', '健全', '100%', '规范', '10%', '本类都按规则得分', '装修面积，=5859平方米，5859平方米', '布展面积，=3234平方米，3000平方米']);
    await transcript(chat, [
      ['布展面积的目标值改成 =3000平方米', ['已把「布展面积」的目标值由 =3234平方米 改为 =3000平方米', '「布展面积」可得本项权重的 100%'], ['13.00']],
      ['修改 布展面积的名称', ['修改「布展面积」的名称（当前：布展面积）']],
      ['项目布展面积', ['已把指标名称由 布展面积 改为 项目布展面积']],
      ['删除 项目布展面积', ['已删除指标「项目布展面积」', '产出类现有 1 项。这一类填完（回复“完成”）后按项数平分 26 分'], ['权重 26']],
      ['删除 预算执行率', ['「预算执行率」是投入类共性指标，不能删除']],
    ]);
    expect(chat.form.indicators.map((i) => i.name)).toEqual(['资金使用合规性', '财务制度健全性', '专款专用率', '政府采购规范性', '预算执行率', '资金节约率', '装修面积']);
  });
});

describe('子项', () => {
  it('list, edit and delete; the sums are checked again', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS]);
    await transcript(chat, [
      ['子项', ['1. 基本建设：预算 1200 / 实际 388.632358', '2. 基本维护：预算 700 / 实际 423.468663']],
      ['基本维护的预算数改成 600', ['已把子项「基本维护」的预算数由 700 万元 改为 600 万元', '提示：子项预算数合计 1800 万元，与年初预算数 1900 万元不等']],
      ['删除子项 1', ['已删除子项「基本建设」', '子项实际数合计 423.468663 万元，与实际支付数 812.101021 万元不等']],
      ['子项', ['1. 基本维护']],
    ]);
    expect(chat.form.subItems).toEqual([{ name: '基本维护', budget: '600', actual: '423.468663' }]);
  });
});

describe('self-scores', () => {
  it('the first answered indicator says once how self-scores are given; a self-score above the weight is refused', async () => {
    const chat = await atIndicators();
    await transcript(chat, [
      ['合规', ['「资金使用合规性」得 4.00 分', '每一类填完，我会请你确认各项的自评分（默认就是规则得分']],
      ['自评分 3', ['「资金使用合规性」自评分 3.00 分，按规则应得 4.00 分，相差 1.00 分']],
      ['健全', ['「财务制度健全性」得 2.00 分'], ['每一类填完']],
      ['财务制度健全性的自评分是5', ['「财务制度健全性」的自评分不能超过权重 2 分', '请输入「专款专用率」']],
    ]);
    expect(chat.form.indicators[1].selfScore).toBeUndefined();
  });
});
