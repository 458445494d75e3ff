// Nothing the bot says misleads (issue 13, "some things the bot says mislead"): no provisional score
// shown as final, no example that is the target or decides a score, no report figure matched to an
// indicator on a shared unit alone, self-scores that are the unit's (confirmed in one tap, a
// difference kept only with a reason), deductions that say of what, and the table shown once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleFor } from '../../dialogs/messages/zh-CN.js';
import { scoreForm } from '../../rules/index.js';
import { importText } from '../../src/import/index.js';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { BASIC_AND_BUDGET, CONFIRM_SELF, INPUT_ACTUALS_SKIP, NARRATIVE_SKIPS, OUTPUT_TO_IMPACT, SUB_ITEMS, started, transcript, type Chat } from './helpers.js';

/** Every "「X」得 S 分（权重 W 分）" the bot said must be what an audit of the stored form gives. */
function expectScoresTrue(chat: Chat, text: string): void {
  const audit = scoreForm(chat.form);
  for (const m of text.matchAll(/「([^」]+)」得 ([\d.]+) 分（权重 ([\d.]+) 分）/g)) {
    const r = audit.indicators.find((x) => x.name === m[1]);
    expect(r, m[0]).toBeDefined();
    expect([m[1], m[2], Number(m[3])]).toEqual([m[1], r!.score, Number(r!.weight)]);
  }
}

async function atOutput(): Promise<Chat> {
  const chat = await started();
  await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, ...INPUT_ACTUALS_SKIP, CONFIRM_SELF]);
  return chat;
}

describe('weights settle when a category is closed: no provisional score is shown as final', () => {
  it('the first 产出 indicator is not scored against the whole 26; 完成 announces the re-split and the final scores', async () => {
    const chat = await atOutput();
    await transcript(chat, [
      ['装修面积，=5859平方米，5859平方米', ['「装修面积」可得本项权重的 100%', '产出类填完、权重确定后再算'], ['26.00', '权重 26']],
      ['装修面积的自评分是8.66', ['已记录「装修面积」的自评分 8.66 分；产出类填完、权重确定后再与规则得分比对'], ['相差 17.34', '按规则应得']],
      ['项目布展面积，=3234平方米，3234平方米', ['「项目布展面积」可得本项权重的 100%'], ['13.00', '由 26.00 分变为']],
    ]);
    // The preview while 产出 is open: its weights and scores read 待定, the total is 暂计.
    await chat.say('预览');
    const card = chat.last.find((r) => r.card?.kind === 'scoreTable')?.card;
    if (card?.kind !== 'scoreTable') throw new Error('no table');
    expect(card.rows.filter((r) => r.category === '产出').map((r) => [r.name, r.weight, r.score])).toEqual([
      ['装修面积', '待定', '待定'],
      ['项目布展面积', '待定', '待定'],
    ]);
    expect(card.total).toContain('暂计');
    await transcript(chat, [
      ['竣工完成度，=100%，100%', ['「竣工完成度」可得本项权重的 100%']],
      [
        '完成',
        [
          '产出类共 3 项指标，权重已确定：每项 8.66 / 8.68 / 8.66（共 26 分，平均分配）',
          '「装修面积」得 8.66 分（权重 8.66 分）',
          '「项目布展面积」得 8.68 分（权重 8.68 分）',
          '「装修面积」自评分 8.66 分，与规则得分一致',
          // 项目布展面积 and 竣工完成度 have no self-score yet: the rule score is offered.
          '「项目布展面积」按规则得 8.68 分，自评分就填 8.68 吗？',
        ],
      ],
    ]);
    expectScoresTrue(chat, chat.last.map((r) => r.text).join('\n'));
    expect(chat.suggestions).toEqual(['是', '本类都按规则得分', '填其他分数']);
  });

  it('a partial score in an open category is a share of the weight, with the reason but no points', async () => {
    const chat = await atOutput();
    await transcript(chat, [['参观人数，=8000人次，7000人次', ['可得本项权重的 37.5%：低于目标 12.5 个百分点'], ['分（权重', '扣权重']]]);
  });
});

describe('self-scores are the unit\'s: the rule score offered, a difference kept only with a reason', () => {
  it('是 confirms one, 填其他分数 asks for the figure, a different one asks why; 改为规则得分 or a reason settles it', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, '合规', '健全', '100%', '规范']);
    await transcript(chat, [
      ['10%', ['「资金节约率」得 2.00 分（权重 2 分）', '「资金使用合规性」按规则得 4.00 分，自评分就填 4.00 吗？']],
      ['是', ['已记录「资金使用合规性」的自评分 4.00 分（与规则得分一致）', '「财务制度健全性」按规则得 2.00 分，自评分就填 2.00 吗？']],
      ['填其他分数', ['请输入「财务制度健全性」的自评分（0～2 分）']],
      ['1.5', ['「财务制度健全性」自评分 1.50 分，按规则应得 2.00 分，相差 0.50 分', '请说明自评分不同的原因']],
      ['改为规则得分', ['已把「财务制度健全性」的自评分改为规则得分 2.00 分', '「专款专用率」按规则得 4.00 分']],
      ['3', ['「专款专用率」自评分 3.00 分，按规则应得 4.00 分，相差 1.00 分', '请说明自评分不同的原因']],
      ['好的', ['需要一句话说明自评分为什么与规则得分不同', '请说明自评分不同的原因']],
      ['部分专款用于配套支出，自评从严', ['已记录「专款专用率」自评分与规则得分不同的原因', '「政府采购规范性」按规则得 2.00 分']],
      ['本类都按规则得分', ['投入类其余各项的自评分按规则得分记录：政府采购规范性 2.00、预算执行率 0.00、资金节约率 2.00', '产出指标']],
    ]);
    const f = chat.form;
    expect(f.indicators.filter((i) => i.category === 'input').map((i) => [i.name, i.selfScore, i.selfScoreReason])).toEqual([
      ['资金使用合规性', '4.00', undefined],
      ['财务制度健全性', '2.00', undefined],
      ['专款专用率', '3', '部分专款用于配套支出，自评从严'],
      ['政府采购规范性', '2.00', undefined],
      ['预算执行率', '0.00', undefined],
      ['资金节约率', '2.00', undefined],
    ]);
    const finding = scoreForm(f).findings.find((x) => x.code === 'indicator.self-score-mismatch');
    expect(finding?.message).toBe('「专款专用率」自评分 3.00 分，按规则应得 4.00 分（相差 -1.00 分）。单位说明的原因：部分专款用于配套支出，自评从严');
  });

  it('a self-score given inline with the actual needs no extra question when it equals the rule score', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS]);
    await transcript(chat, [
      ['合规 自评 4', ['与规则得分一致']],
      ['健全，自评分2', []],
      ['100% 自评分 4', []],
      ['规范 自评分 2', []],
      ['预算执行率的自评分是0', ['与规则得分一致']],
      ['实际 10%，自评 2', ['「资金节约率」得 2.00 分', '与规则得分一致', '请输入第 1 项产出指标'], ['自评分就填']],
    ]);
  });

  it('the whole seed filled with one tap per category: the 自评分 the unit confirmed add up to the rule total', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, ...INPUT_ACTUALS_SKIP, CONFIRM_SELF, ...OUTPUT_TO_IMPACT, ...NARRATIVE_SKIPS]);
    const s = scoreForm(chat.form, { final: true });
    expect([s.total, s.selfTotal]).toEqual(['70.00', '70.00']);
    expect(chat.question).toContain('表单已填完');
  });
});

describe('examples show a format, never the target or a value that decides a score', () => {
  it('资金节约率 (target 15%及其以下) is asked with a format, not “例如 15%”', async () => {
    const chat = await started();
    await chat.run([...BASIC_AND_BUDGET, ...SUB_ITEMS, '合规', '健全', '100%', '规范']);
    expect(chat.question).toContain('「资金节约率」的实际完成值（目标 15%及其以下）');
    expect(chat.question).toContain('写法如“N%”');
    expect(chat.question).not.toMatch(/例如 ?\d|写法如“\d/);
  });

  it('no question of the whole seed conversation offers a figure as an example', async () => {
    const chat = await started();
    const asked: string[] = [chat.question];
    for (const line of [...BASIC_AND_BUDGET, ...SUB_ITEMS, ...INPUT_ACTUALS_SKIP, CONFIRM_SELF, ...OUTPUT_TO_IMPACT, ...NARRATIVE_SKIPS]) {
      await chat.say(line);
      asked.push(chat.question);
    }
    for (const q of asked) {
      // A digit right after 例如/写法如 would be a value a user could copy into the form.
      expect(q, q).not.toMatch(/(例如|写法如)\s*[“"]?[=≥≤]?\s*-?\d/);
      for (const figure of ['1900', '812.5', '812.101021', '275.398979', '388.632358', '5859', '8000人次']) expect(q.includes(`例如 ${figure}`), q).toBe(false);
    }
  });

  it('exampleFor never gives a number, whatever the target', () => {
    for (const [unit, target] of [['%', '15%及其以下'], ['平方米', '=5859平方米'], ['人次', '≥8000人次'], ['', '=100']]) {
      expect(exampleFor(unit, target)).toBe(`N${unit}`);
    }
  });
});

describe('report figures, wording and the table at the end', () => {
  it('the seed report pasted with an indicator 展项数量 38个: no 2378个 finding; the 11723人次 one stays', async () => {
    const imported = importText(readFileSync(SEED_PATH, 'utf8'));
    if (!imported.ok) throw new Error(imported.message);
    const results = imported.form.narrative.results!;
    const chat = await atOutput();
    await chat.run(['展项数量，=38个，38个', '完成', CONFIRM_SELF, '参观人数，=8000人次，8757人次', '完成', CONFIRM_SELF, '获评，获得，获得', '完成', CONFIRM_SELF]);
    await chat.run(['跳过', '无', '跳过', '无', '跳过', '无', '跳过', '无']);
    expect(chat.question).toContain('请填写「项目管理成效」');
    await transcript(chat, [[results, ['已记录项目管理成效', '报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致'], ['2378', '「展项数量」的实际完成值']]]);
  });

  it('为什么预算执行率扣分 says what the percentage is of; the table comes once at the end', async () => {
    const chat = await atOutput();
    await transcript(chat, [['为什么预算执行率扣分', ['扣权重 8 分的 126.62%，约 10.13 分', '扣的分超过了权重 8 分，按 0 分计'], ['应扣', '合计应扣']]]);
    await chat.run(['装修面积，=5859平方米，5859平方米', '完成', CONFIRM_SELF, '参观人数，=8000人次，8757人次', '完成', CONFIRM_SELF, '获评，获得，获得']);
    const tables = async (line: string) => {
      await chat.say(line);
      return chat.last.filter((r) => r.card?.kind === 'scoreTable').length;
    };
    const seen: number[] = [await tables('完成'), await tables(CONFIRM_SELF)];
    for (const line of NARRATIVE_SKIPS) seen.push(await tables(line));
    expect(chat.question).toContain('表单已填完');
    expect(seen.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
