// The national 项目支出绩效自评表 through the chat: choosing the form, the golden transcript that fills
// the spec's example (93.50, 优) and exports a Word file that audits to the same total, and the
// behaviour a user notices on the way (rows checked against 年度资金总额, 分值 per group, 档 in plain
// words, 偏差原因 asked when points are lost, corrections, undo, side-by-side forms, uploads).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DialogDeps } from '../../dialogs/ports.js';
import { NationalForm, scoreNationalForm, type NationalForm as NationalFormT } from '../../rules/index.js';
import { DocxXlsxExporter } from '../../src/documents/exporter.js';
import { readNationalDocx } from '../../src/documents/nationalDocx.js';
import { importAnyForm } from '../../src/import/nationalAny.js';
import { EXAMPLE_SCORES } from '../rules/nationalHelpers.js';
import { Chat, fixedClock, transcript } from './helpers.js';

const exporter = new DocxXlsxExporter();
const importer = { importFile: importAnyForm };
const deps = (region?: string): DialogDeps => ({ clock: fixedClock, exporter, importer, ...(region !== undefined ? { region } : {}) });

function national(chat: Chat): NationalFormT {
  const s = chat.state as unknown as { active: string; national?: Array<{ id: string; form: unknown }> };
  const e = s.national?.find((n) => n.id === s.active);
  if (!e) throw new Error('the active form is not a national one');
  return NationalForm.parse(e.form);
}

const HEADER = ['社区居家养老服务补助项目', '2022', '某市民政局'];
const EXAMPLE_AFTER_CHOICE = [
  '某市养老服务指导中心',
  '600 580 551',
  '600 560 531',
  '0 20 20',
  '0 0 0',
  '为全市1.2万名居家老人提供助餐、助洁、助浴等上门服务，建成社区助餐点30个。',
  '全年服务居家老人1.26万名，建成社区助餐点28个，服务满意度93%。',
];

describe('the national form through the chat (golden transcript of national-example.txt)', () => {
  it('asks which form when nothing decides it, fills the example row by row, ends at 93.50 / 优, and the Word file audits the same', async () => {
    const chat = new Chat(deps('ask'));
    expect(await chat.say('你好')).toContain('苏州市级表，或财政部通用的《项目支出绩效自评表》');
    await transcript(chat, [
      [HEADER[0], ['已记录项目名称']],
      [HEADER[1], ['已记录项目年份：2022']],
      [HEADER[2], ['看不出用哪张表', '财政部通用']],
    ]);
    expect(chat.suggestions).toEqual(['苏州市级', '财政部通用']);
    await transcript(chat, [
      ['财政部通用', ['项目支出绩效自评表', '实施单位是哪个单位']],
      [EXAMPLE_AFTER_CHOICE[0], ['已记录实施单位：某市养老服务指导中心', '年度资金总额的年初预算数、全年预算数、全年执行数']],
      [EXAMPLE_AFTER_CHOICE[1], ['预算执行率 95.00%，得 9.50 分（分值 10）', '当年财政拨款']],
      [EXAMPLE_AFTER_CHOICE[2], ['上年结转资金']],
      [EXAMPLE_AFTER_CHOICE[3], ['其他资金']],
      [EXAMPLE_AFTER_CHOICE[4], ['年度总体目标（预期目标）是什么']],
      [EXAMPLE_AFTER_CHOICE[5], ['已记录年度总体目标·预期目标', '年度总体目标实际完成得怎样']],
      [EXAMPLE_AFTER_CHOICE[6], ['请添加产出指标（分值合计应为 50）']],
      ['数量指标，服务居家老人人数，≥12000人，12600人，15', ['「服务居家老人人数」', '得 15.00 / 15 分', '分值合计 15 / 50']],
      ['数量指标，新建社区助餐点，≥30个，28个，15', ['得 14.00 / 15 分', '「新建社区助餐点」扣了 1 分。没有完成的原因是什么']],
      ['2个点位选址调整，顺延至次年', ['已记录「新建社区助餐点」的偏差原因', '分值合计 30 / 50']],
      ['质量指标，服务质量抽查合格率，≥95%，97%，10', ['得 10.00 / 10 分']],
      ['时效指标，补助资金按季度拨付，按时拨付，达成，5', ['得 5.00 / 5 分']],
      ['成本指标，人均服务补助标准，≤480元/人，437元/人，5', ['得 5.00 / 5 分', '分值合计 50 / 50']],
      ['完成', ['产出指标共 5 项，分值合计 50', '请添加效益指标（分值合计应为 30）']],
      ['社会效益指标，老年人居家生活质量，有效提升，部分达成，20，15', ['得 15.00 / 20 分', '扣了 5 分']],
      ['部分街道服务频次不足', ['已记录「老年人居家生活质量」的偏差原因']],
      ['可持续影响指标，长效运营机制，建立，达成，10', ['得 10.00 / 10 分']],
      ['完成', ['效益指标共 2 项', '请添加满意度指标（分值合计应为 10）']],
      ['服务对象满意度，≥90%，93%，10', ['「服务对象满意度」', '得 10.00 / 10 分']],
      ['完成', ['表单已填完：总分 93.50 / 100，等级“优”']],
      ['为什么是优', ['总分 93.50 分', '等级为“优”']],
      ['扣分的有哪些', ['共有 3 项扣分，合计扣 6.50 分', '1. 老年人居家生活质量', '2. 新建社区助餐点', '3. 预算执行率']],
      ['为什么新建社区助餐点扣分', ['「新建社区助餐点」扣了 1 分', '15 × 实际 ÷ 目标', '偏差原因：2个点位选址调整，顺延至次年']],
    ]);
    const form = national(chat);
    const score = scoreNationalForm(form);
    expect(score.total).toBe('93.50');
    expect(score.grade).toBe('优');
    expect(score.rows.map((r) => [r.name, r.score])).toEqual(EXAMPLE_SCORES);
    // The example file read by the audit gives the same form's scores.
    const file = readFileSync(fileURLToPath(new URL('../import/national-example.txt', import.meta.url)));
    const audited = await importAnyForm({ name: 'national-example.txt', contentType: 'text/plain', bytes: file });
    expect(audited.ok && 'template' in audited).toBe(true);
    if (audited.ok && 'template' in audited) expect(scoreNationalForm(audited.form).rows.map((r) => r.score)).toEqual(score.rows.map((r) => r.score));

    await chat.say('导出');
    const files = chat.last.flatMap((r) => r.files ?? []);
    expect(files.map((f) => f.name)).toEqual(['社区居家养老服务补助项目-2022-绩效自评表.docx', '社区居家养老服务补助项目-2022-绩效自评表.xlsx']);
    const back = await readNationalDocx(files[0].bytes);
    expect(back?.ok).toBe(true);
    if (back?.ok) {
      const again = scoreNationalForm(back.form);
      expect(again.total).toBe('93.50');
      expect(again.grade).toBe('优');
    }
  }, 60_000);
});

describe('choosing the form', () => {
  const fillHeader = async (chat: Chat, dept: string, year = '2022', name = '某项目') => {
    await chat.say('你好');
    await chat.say(name);
    await chat.say(year);
    return chat.say(dept);
  };

  it('a Suzhou deployment (the default) keeps the Suzhou form for a 主管部门 that names no place, without asking', async () => {
    const chat = new Chat(deps());
    const out = await fillHeader(chat, '工信局');
    expect(out).not.toContain('哪张表');
    expect(out).toContain('年初预算数');
  });

  it('a provincial 主管部门 or another city decides the national form, and the bot says why', async () => {
    const chat = new Chat(deps());
    const out = await fillHeader(chat, '江苏省民政厅');
    expect(out).toContain('不是苏州市级单位');
    expect(out).toContain('实施单位是哪个单位');
    const other = new Chat(deps());
    expect(await fillHeader(other, '南京市民政局')).toContain('南京市');
  });

  it('a year before 2021 without a place named decides the national form; 苏州 in the name keeps Suzhou', async () => {
    const chat = new Chat(deps());
    expect(await fillHeader(chat, '民政局', '2019')).toContain('2019 年苏州市级自评表还没有启用');
    const suzhou = new Chat(deps());
    expect(await fillHeader(suzhou, '民政局', '2019', '苏州养老项目')).not.toContain('财政部通用');
  });

  it('an unclear answer to "which form?" asks again and changes nothing; 苏州市级 continues the Suzhou form', async () => {
    const chat = new Chat(deps('ask'));
    await fillHeader(chat, '民政局');
    expect(await chat.say('随便')).toContain('请回答“苏州市级”或“财政部通用”');
    expect(chat.suggestions).toEqual(['苏州市级', '财政部通用']);
    const out = await chat.say('苏州市级');
    expect(out).toContain('按苏州市级财政支出项目绩效自评表填写');
    expect(out).toContain('年初预算数');
  });

  it('"改用苏州表" and "改用财政部通用表" move a project with only its header between the forms', async () => {
    const chat = new Chat(deps());
    await fillHeader(chat, '江苏省民政厅');
    const out = await chat.say('改用苏州表');
    expect(out).toContain('已改用《苏州市级财政支出项目绩效自评表》');
    expect(out).toContain('年初预算数');
    expect(chat.form.project.department).toBe('江苏省民政厅');
    const back = await chat.say('改用财政部通用表');
    expect(back).toContain('实施单位');
    expect(national(chat).project.department).toBe('江苏省民政厅');
  });
});

describe('on the national form', () => {
  async function atIndicators(): Promise<Chat> {
    const chat = new Chat(deps('全国'));
    await chat.say('你好');
    for (const line of [...HEADER, ...EXAMPLE_AFTER_CHOICE]) await chat.say(line);
    expect(chat.question).toContain('请添加产出指标');
    return chat;
  }

  it('a fund row that is not three amounts is refused, naming the field, and keeps what was accepted', async () => {
    const chat = new Chat(deps('全国'));
    await chat.say('你好');
    for (const line of [...HEADER, EXAMPLE_AFTER_CHOICE[0], '600 580 551']) await chat.say(line);
    expect(await chat.say('600 560')).toContain('「当年财政拨款」需要三个数');
    expect(await chat.say('600 abc 531')).toContain('“abc”不是金额');
    expect(national(chat).funds.fiscal).toEqual({});
    expect(await chat.say('年度资金总额 600 五百 551')).toContain('全年执行数 551 超过了全年预算数 500，请核对后重新输入三个数。（仍保留原值：600 580 551）');
    expect(await chat.say('年度资金总额 600 580 x')).toContain('仍保留原值：600 580 551');
    expect(national(chat).funds.total).toEqual({ initial: '600', annual: '580', executed: '551' });
  });

  it('rows that do not add up to 年度资金总额 are shown column by column and fixed by re-entering one row', async () => {
    const chat = new Chat(deps('全国'));
    await chat.say('你好');
    for (const line of [...HEADER, EXAMPLE_AFTER_CHOICE[0], '600 580 551', '600 560 531', '0 20 20']) await chat.say(line);
    const out = await chat.say('0 10 10');
    expect(out).toContain('三行（当年财政拨款 + 上年结转资金 + 其他资金）之和与年度资金总额不符');
    expect(out).toContain('全年预算数：560 + 20 + 10 = 590，年度资金总额写的是 580');
    expect(chat.question).toContain('请重新输入有误的一行');
    expect(await chat.say('其他资金 0 0 0')).toContain('三行之和与年度资金总额相符了');
    expect(chat.question).toContain('预期目标');
  });

  it('an indicator by name alone is asked part by part, the 二级指标 with buttons; a 分值 above the group is refused', async () => {
    const chat = await atIndicators();
    expect(await chat.say('培训人次')).toContain('「培训人次」的年度指标值是多少');
    expect(await chat.say('≥500人次')).toContain('实际完成值');
    expect(await chat.say('520人次')).toContain('本类还剩 50 分');
    expect(await chat.say('60')).toContain('分值需要 0 到 50 之间的数');
    expect(await chat.say('10')).toContain('属于哪个二级指标');
    expect(chat.suggestions).toEqual(['数量指标', '质量指标', '时效指标', '成本指标']);
    expect(await chat.say('数量')).toContain('得 10.00 / 10 分');
    expect(national(chat).indicators[0]).toMatchObject({ level1: 'output', level2: '数量指标', name: '培训人次', target: '≥500人次', actual: '520人次', weight: '10' });
  });

  it('完成 with the wrong 分值 total says so and keeps the group open', async () => {
    const chat = await atIndicators();
    await chat.say('数量指标，培训人次，≥500人次，520人次，40');
    const out = await chat.say('完成');
    expect(out).toContain('产出指标的分值合计 40，应为 50');
    expect(chat.question).toContain('产出指标已有 1 项');
    expect(await chat.say('培训人次分值改为50')).toContain('已把「培训人次·分值」改为：50');
    expect(await chat.say('完成')).toContain('产出指标共 1 项，分值合计 50');
  });

  it('a qualitative actual that does not tell its 档 is asked in plain words with buttons', async () => {
    const chat = await atIndicators();
    await chat.say('数量指标，培训人次，≥500人次，520人次，50');
    await chat.say('完成');
    const out = await chat.say('社会效益指标，群众生活便利程度，明显改善，有所改善，30');
    expect(out).toContain('完成程度属于哪一档');
    expect(chat.suggestions).toEqual(['达成', '部分达成，有一定效果', '未达成，效果较差']);
    const after = await chat.say('部分达成，有一定效果');
    expect(after).toContain('记为“部分达成年度指标并具有一定效果”档');
    expect(after).toContain('没有完成的原因是什么');
    expect(national(chat).indicators[1].band).toBe('partial');
  });

  it('a correction rescoring an indicator, 撤回 and 恢复', async () => {
    const chat = await atIndicators();
    await chat.say('数量指标，新建助餐点，≥30个，28个，50');
    await chat.say('选址调整');
    const out = await chat.say('新建助餐点实际完成值改为30个');
    expect(out).toContain('已把「新建助餐点·实际完成值」改为：30个');
    expect(out).toContain('得 50.00 / 50 分');
    expect(national(chat).indicators[0].actual).toBe('30个');
    expect(await chat.say('撤回')).toContain('已撤回');
    expect(national(chat).indicators[0].actual).toBe('28个');
    expect(await chat.say('恢复')).toContain('已恢复');
    expect(national(chat).indicators[0].actual).toBe('30个');
    expect(await chat.say('新建助餐点分值改为七十')).toContain('仍保留原值：50');
  });

  it('还差多少分到优 and 为什么是良 on a form that is 良', async () => {
    const chat = await atIndicators();
    await chat.say('数量指标，新建助餐点，≥30个，24个，50');
    await chat.say('选址调整');
    await chat.say('完成');
    await chat.say('社会效益指标，受益群众覆盖率，≥90%，92%，30');
    await chat.say('完成');
    await chat.say('服务对象满意度，≥90%，93%，10');
    const done = await chat.say('完成');
    expect(done).toContain('总分 89.50 / 100，等级“良”');
    const why = await chat.say('为什么是良');
    expect(why).toContain('在 80（含）至 90 分之间');
    expect(why).toContain('离“优”还差 0.50 分');
    const gap = await chat.say('还差多少分到优');
    expect(gap).toContain('还差 0.50 分到“优”');
    expect(gap).toContain('新建助餐点：扣了 10 分');
  });

  it('表单 lists both forms side by side; 切换 moves between them', async () => {
    const chat = await atIndicators();
    expect(await chat.say('新建')).toContain('已新建一份表单');
    await chat.say('苏州项目');
    await chat.say('2021');
    await chat.say('苏州市民政局');
    const list = await chat.say('表单');
    expect(list).toContain('1. 苏州项目（2021）');
    expect(list).toContain('2. 社区居家养老服务补助项目（2022）［财政部通用表］');
    const sw = await chat.say('切换 2');
    expect(sw).toContain('已切换到「社区居家养老服务补助项目（2022）」');
    expect(chat.question).toContain('请添加产出指标');
  });
});

describe('a national form sent as a file', () => {
  it('is recognised, scored and offered; yes loads it as a national form that answers questions', async () => {
    const chat = new Chat(deps());
    await chat.say('你好');
    const bytes = readFileSync(fileURLToPath(new URL('../import/national-example.txt', import.meta.url)));
    const out = await chat.say('', [{ name: 'national-example.txt', contentType: 'text/plain', bytes }]);
    expect(out).toContain('按规则得分 93.50 / 100，等级“优”');
    expect(out).toContain('要把它作为一份表单载入');
    expect(await chat.say('是')).toContain('已载入「社区居家养老服务补助项目（2022）」');
    expect(await chat.say('为什么老年人居家生活质量扣分')).toContain('扣了 5 分');
    expect(national(chat).indicators).toHaveLength(8);
  });
});
