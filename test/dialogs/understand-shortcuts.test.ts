// Ways of saying things that skip the bot's own words (issue 13): pinyin initials for an indicator
// ("zxl" 执行率), "跟拨款数一样" as an answer, a correction given with the old figure instead of the name
// (asked back with buttons when several values are that figure), the header in one message, a
// correction said as "X实际是N，麻烦帮我改一下", a figure answered with a remark that only sounds
// like a question, "先预览再导出", a refused format, a typo of "excel".
import { describe, expect, it } from 'vitest';
import { Chat, fixedClock, stageChats, started, TwoFiles } from './helpers.js';

const at = stageChats();
const actual = (chat: Chat, name: string) => chat.form.indicators.find((i) => i.name === name)?.actual;

describe('pinyin initials name an indicator', () => {
  it('“zxl为啥没分” explains 预算执行率', async () => {
    const chat = at('review');
    const reply = await chat.say('zxl为啥没分');
    expect(reply).toContain('预算执行率');
    expect(reply).toMatch(/74\.68%/);
  });

  it('“myd改成96%” corrects 参观满意度', async () => {
    const chat = at('review');
    await chat.say('myd改成96%');
    expect(actual(chat, '参观满意度')).toBe('96%');
  });

  it('initials inside another word are not a name: “xlsx” is no indicator', async () => {
    const chat = at('review');
    const before = structuredClone(chat.form);
    await chat.say('导出xlsx');
    expect(chat.form).toEqual(before);
  });
});

describe('an answer given as another value', () => {
  it('“支付数跟拨款数一样的” at 实际支付数 records the 财政拨款数', async () => {
    const chat = at('paid');
    const reply = await chat.say('支付数跟拨款数一样的');
    expect(String(chat.form.funds.paid)).toBe(String(chat.form.budget.appropriated));
    expect(reply).toContain('812.101021');
  });

  it('“跟目标一样” at an indicator’s actual records its target’s figure', async () => {
    const chat = at('outcome');
    await chat.say('跟目标一样');
    expect(actual(chat, '参观满意度')).toBe('85%');
  });

  it('“跟上面一样” names nothing: refused, nothing recorded', async () => {
    const chat = at('paid');
    const reply = await chat.say('跟上面一样');
    expect(chat.form.funds.paid).toBeUndefined();
    expect(reply).toContain('实际支付数');
  });
});

describe('a correction said with the old figure', () => {
  it('“1900改成2000” corrects the one value that is 1900 (年初预算数)', async () => {
    const chat = at('review');
    await chat.say('1900改成2000');
    expect(String(chat.form.budget.initial)).toBe('2000');
  });

  it('“1900改成2000 年初预算那个” takes the name said after it', async () => {
    const chat = at('review');
    await chat.say('1900改成2000 年初预算那个');
    expect(String(chat.form.budget.initial)).toBe('2000');
  });

  it('“0改成5” when two values are 0 asks which, with a button each, and changes nothing until chosen', async () => {
    const chat = at('review');
    const before = structuredClone(chat.form);
    const reply = await chat.say('0改成5');
    expect(chat.form).toEqual(before);
    expect(reply).toMatch(/结转数/);
    const buttons = chat.last.flatMap((r) => r.suggestions ?? []);
    expect(buttons).toContain('结转数改成5');
    await chat.say('结转数改成5');
    expect(String(chat.form.funds.carriedOver)).toBe('5');
    expect(String(chat.form.funds.recovered)).toBe('0');
  });
});

describe('more than one thing, or a remark, in one message', () => {
  it('the header in one message records all three and goes on to 年初预算数', async () => {
    const chat = at('name');
    const reply = await chat.say('名称：苏州市智能制造融合发展中心项目；年度2021；主管部门：苏州市工业和信息化局');
    expect(chat.form.project.name).toBe('苏州市智能制造融合发展中心项目');
    expect(String(chat.form.project.year)).toBe('2021');
    expect(chat.form.project.department).toBe('苏州市工业和信息化局');
    expect(reply).toContain('年初预算数');
  });

  it('“布展面积实际只完成了3200平方米，麻烦帮我改一下。” at another question corrects 项目布展面积', async () => {
    const chat = at('outcome');
    await chat.say('布展面积实际只完成了3200平方米，麻烦帮我改一下。');
    expect(actual(chat, '项目布展面积')).toBe('3200平方米');
    expect(actual(chat, '参观满意度')).toBeUndefined();
  });

  it('“年初预算我填错了，二下数是2000” at 财政拨款数 corrects 年初预算数 and leaves the question open', async () => {
    const chat = at('approp');
    await chat.say('年初预算我填错了，二下数是2000');
    expect(String(chat.form.budget.initial)).toBe('2000');
    expect(chat.form.budget.appropriated).toBeUndefined();
  });

  it('“问卷收回来统计是98.5%，有几个人没有打满分。” answers 参观满意度 with 98.5%', async () => {
    const chat = at('outcome');
    await chat.say('问卷收回来统计是98.5%，有几个人没有打满分。');
    expect(actual(chat, '参观满意度')).toBe('98.5%');
  });

  it('“基本建设那行实际支付应该是398.632358，3和9看串了” corrects the 子项’s actual, without the remark', async () => {
    const chat = at('review');
    await chat.say('基本建设那行实际支付应该是398.632358，3和9看串了');
    expect(String(chat.form.subItems[0].actual)).toBe('398.632358');
    expect(String(chat.form.subItems[0].budget)).toBe('1200');
  });
});

describe('files and previews', () => {
  it('“我想先在这里预览一下填好的自评表，确认没问题再导出。” shows the table and makes no file', async () => {
    const chat = at('review');
    await chat.say('我想先在这里预览一下填好的自评表，确认没问题再导出。');
    expect(chat.last.some((r) => r.card !== undefined)).toBe(true);
    expect(chat.last.some((r) => (r.files ?? []).length > 0)).toBe(false);
  });
});

describe('what a second round of blind phrasings taught (general forms)', () => {
  it('“先别导出，我要先看下整张表” shows the table and makes no file; “只要Excel的，Word不用” exports Excel only', async () => {
    const chat = at('review');
    await chat.say('先别导出，我要先看下整张表');
    expect(chat.last.some((r) => r.card !== undefined)).toBe(true);
    expect(chat.last.flatMap((r) => r.files ?? [])).toEqual([]);
    const withFiles = at('review', { clock: fixedClock, exporter: new TwoFiles() });
    await withFiles.say('只要Excel的，Word不用');
    expect(withFiles.last.flatMap((r) => r.files ?? []).map((f) => f.name)).toEqual(['自评表.xlsx']);
  });

  it('“等我几分钟 去问下会计” at a figure question records nothing and keeps the question open', async () => {
    const chat = at('paid');
    const reply = await chat.say('等我几分钟 去问下会计');
    expect(chat.form.funds.paid).toBeUndefined();
    expect(reply).toContain('实际支付数');
  });

  it('“合规，没啥问题” answers 资金使用合规性 with 合规 (the remark is no question)', async () => {
    const chat = at('compliance');
    await chat.say('合规，没啥问题');
    expect(actual(chat, '资金使用合规性')).toBe('合规');
  });

  it('“子项二的实际数应是413.468663” corrects the second 子项’s actual', async () => {
    const chat = at('review');
    await chat.say('子项二的实际数应是413.468663');
    expect(String(chat.form.subItems[1].actual)).toBe('413.468663');
  });

  it('“竣工完成度指的啥” before it is on the form says so and asks the open question again; nothing changes', async () => {
    const chat = at('output');
    const before = structuredClone(chat.form);
    const reply = await chat.say('竣工完成度指的啥');
    expect(reply).toContain('「竣工完成度」还不在表上');
    expect(chat.question).toContain('装修面积');
    expect(chat.form).toEqual(before);
  });

  it('“装修面积怎么得的满分” explains the score, not how to get full marks', async () => {
    const chat = at('outcome');
    const reply = await chat.say('装修面积怎么得的满分，能解释下吗');
    expect(reply).toContain('装修面积');
    expect(reply).not.toMatch(/要拿满分|才能满分|需要达到/);
  });

  it('“调整数是-800吧，我前面写成-812.5了” records -800, not the whole remark', async () => {
    const chat = at('review');
    await chat.say('调整数是-800吧，我前面写成-812.5了');
    expect(String(chat.form.budget.adjustment)).toBe('-800');
  });
});

describe('what a third round of blind phrasings taught (general forms)', () => {
  it('“总分怎么才72” explains the total, not how to raise it', async () => {
    const chat = at('review');
    const reply = await chat.say('总分怎么才72，隔壁单位都报的80满分');
    expect(reply).toMatch(/72\.00/);
    expect(reply).toContain('预算执行率');
  });

  it('“最后那个指标为什么给3分” explains the last indicator', async () => {
    const chat = at('review');
    const last = chat.form.indicators[chat.form.indicators.length - 1].name;
    const reply = await chat.say('最后那个指标为什么给3分');
    expect(reply).toContain(last);
  });

  it('“基本建设那一行，实际数改成389.632358，我看错了” corrects that row’s actual', async () => {
    const chat = at('review');
    await chat.say('基本建设那一行，实际数改成389.632358，我看错了');
    expect(String(chat.form.subItems[0].actual)).toBe('389.632358');
  });

  it('“结转那栏填5，我们有一笔结转到明年用的” records 结转数 5', async () => {
    const chat = at('review');
    await chat.say('结转那栏填5，我们有一笔结转到明年用的');
    expect(String(chat.form.funds.carriedOver)).toBe('5');
  });

  it('“撤销多了，把刚才撤掉的那个改动再加回来” redoes what was undone', async () => {
    const chat = at('review');
    await chat.say('参观人数改成9000');
    await chat.say('撤销');
    expect(actual(chat, '参观人数')).toBe('8757人次');
    await chat.say('撤销多了，把刚才撤掉的那个改动再加回来');
    expect(actual(chat, '参观人数')).toBe('9000人次');
  });

  it('“讲个笑话” at the narrative and “等下 开个会回来再弄” at a word question record nothing', async () => {
    const narr = at('narr');
    await narr.say('讲个笑话');
    expect(narr.form.narrative.overview).toBeUndefined();
    const input = at('compliance');
    await input.say('等下 开个会回来再弄');
    expect(actual(input, '资金使用合规性')).toBeUndefined();
  });
});

describe('what a fourth round of blind phrasings taught (general forms)', () => {
  it('“调减812.5” keeps its sign: the 调整数 is -812.5, never +812.5 (also with a remark, at another question)', async () => {
    const review = at('review');
    await review.say('调整数改成0');
    await review.say('调减812.5');
    expect(String(review.form.budget.adjustment)).toBe('-812.5');
    const approp = at('approp');
    await approp.say('调整数调减800，领导批的');
    expect(String(approp.form.budget.adjustment)).toBe('-800');
    expect(approp.form.budget.appropriated).toBeUndefined();
  });

  it('“调整数调减812.5” at the 调整数 question itself records -812.5', async () => {
    const chat = await started();
    await chat.run(['苏州市智能制造融合发展中心项目', '2021', '苏州市工业和信息化局', '1900', '调整数调减812.5']);
    expect(String(chat.form.budget.adjustment)).toBe('-812.5');
  });

  it('“满意率百分百，发的问卷都打的满意” answers 100% (the remark is not the value)', async () => {
    const chat = at('outcome');
    await chat.say('满意率百分百，发的问卷都打的满意');
    expect(actual(chat, '参观满意度')).toBe('100%');
  });

  it('four 投入 answers in words in one message: “合规性合规 财务制度健全 专款专用率百分之百 政府采购规范”', async () => {
    const chat = at('compliance');
    await chat.say('合规性合规 财务制度健全 专款专用率百分之百 政府采购规范');
    expect(actual(chat, '资金使用合规性')).toBe('合规');
    expect(actual(chat, '财务制度健全性')).toBe('健全');
    expect(actual(chat, '专款专用率')).toBe('100%');
    expect(actual(chat, '政府采购规范性')).toBe('规范');
  });

  it('“为什么只有七十二分” explains the total; “装休面积为什么只有8.66分” explains 装修面积 without asking back', async () => {
    const chat = at('review');
    expect(await chat.say('为什么只有七十二分')).toMatch(/72\.00/);
    const reply = await chat.say('装休面积为什么只有8.66分');
    expect(reply).toContain('装修面积');
    expect(chat.suggestions).not.toContain('项目布展面积为什么只有8.66分');
  });

  it('voice input: “麻烦生成下沃德版的” sends the Word file; “上一步操作取消掉” undoes the last change', async () => {
    const chat = at('review', { clock: fixedClock, exporter: new TwoFiles() });
    await chat.say('麻烦生成下沃德版的');
    expect(chat.last.flatMap((r) => r.files ?? []).map((f) => f.name)).toEqual(['自评表.docx']);
    await chat.say('参观人数改成9000');
    await chat.say('上一步操作取消掉');
    expect(actual(chat, '参观人数')).toBe('8757人次');
  });
});

describe('what a fifth round of blind phrasings taught (general forms)', () => {
  it('繁體 is read like 简体: “請問項目名稱填什麼” explains 项目名称; “總分為何少了8分” explains the total', async () => {
    const name = at('name');
    const reply = await name.say('請問項目名稱填什麼');
    expect(reply).toContain('「项目名称」');
    expect(name.form.project.name).toBeUndefined();
    expect(await at('review').say('總分為何少了8分')).toMatch(/72\.00/);
  });

  it('吴语: “勿晓得哎” asks for the field’s help; “明朝阿会落雨” is off the topic; neither records anything', async () => {
    const chat = at('outcome');
    const reply = await chat.say('勿晓得哎');
    expect(reply).toContain('「参观满意度」');
    expect(actual(chat, '参观满意度')).toBeUndefined();
    const name = at('name');
    await name.say('明朝阿会落雨');
    expect(name.form.project.name).toBeUndefined();
  });

  it('“主管部门改一下：苏州市中小企业服务中心” corrects the 主管部门 with the text after the colon', async () => {
    const chat = at('review');
    await chat.say('主管部门改一下：苏州市中小企业服务中心');
    expect(chat.form.project.department).toBe('苏州市中小企业服务中心');
  });

  it('“前头基本建设预算写错了，1200应为1250” at the narrative corrects the 子项 and records no narrative', async () => {
    const chat = at('narr');
    await chat.say('前头基本建设预算写错了，1200应为1250');
    expect(String(chat.form.subItems[0].budget)).toBe('1250');
    expect(chat.form.narrative.overview).toBeUndefined();
  });

  it('“刚才花了多少钱那个数打错了，812.101201才对” corrects 实际支付数 (a description of the field)', async () => {
    const chat = at('review');
    await chat.say('刚才花了多少钱那个数打错了，812.101201才对');
    expect(String(chat.form.funds.paid)).toBe('812.101201');
  });
});

describe('what a sixth round of blind phrasings taught (general forms)', () => {
  it('“布展面积怎么拿的满分？” explains the score (的: it was got), “满分怎么拿” asks how to get it', async () => {
    const chat = at('review');
    const why = await chat.say('布展面积怎么拿的满分？');
    expect(why).toContain('项目布展面积');
    expect(chat.form.indicators.find((i) => i.name === '项目布展面积')?.actual).toBe('3234平方米');
  });

  it('labels copied with their unit: “财政拨款数（万元）：812.101021；实际支付数（万元）：812.101021” records both', async () => {
    const chat = at('approp');
    await chat.say('财政拨款数（万元）：812.101021；实际支付数（万元）：812.101021');
    expect(String(chat.form.budget.appropriated)).toBe('812.101021');
    expect(String(chat.form.funds.paid)).toBe('812.101021');
  });

  it('“主管部门应为苏州市中小企业服务中心，麻烦更正” records the name without the request', async () => {
    const chat = at('review');
    await chat.say('主管部门应为苏州市中小企业服务中心，麻烦更正');
    expect(chat.form.project.department).toBe('苏州市中小企业服务中心');
  });

  it('“我先去开个会，一会回来接着弄” at the narrative records no narrative', async () => {
    const chat = at('narr');
    await chat.say('我先去开个会，一会回来接着弄');
    expect(chat.form.narrative.overview).toBeUndefined();
  });
});
