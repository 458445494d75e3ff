// What the conversation says about a national form (simplified Chinese; short; says what to do next).
import type { NationalLevel } from '../../rules/index.js';

export const NB = {
  choose: ['苏州市级', '财政部通用'],
  bands: ['达成', '部分达成，有一定效果', '未达成，效果较差'],
  done: '完成',
} as const;

export const N = {
  chooseAsk: (why: string) =>
    `${why}请选择要填的表：\n- 苏州市级：苏州市级财政支出项目绩效自评表（80 分，投入/产出/结果/影响力）\n- 财政部通用：项目支出绩效自评表（财预〔2020〕10号，100 分，产出/效益/满意度）`,
  chooseWhyUnknown: '从项目名称和主管部门看不出用哪张表。',
  chooseNotUnderstood: '请回答“苏州市级”或“财政部通用”。',
  chosenNational: (why: string) => `${why}按财政部通用的《项目支出绩效自评表》（财预〔2020〕10号）填写。要改用苏州市级表，说“改用苏州表”。`,
  whyNamedOther: (place: string) => `主管部门（或项目）属于${place}，不是苏州市级单位，`,
  whyYear: (year: number) => `${year} 年苏州市级自评表还没有启用（2021 年起），`,
  whyRegion: '本系统设置为财政部通用表，',
  whyUser: '',
  chosenSuzhou: '好的，按苏州市级财政支出项目绩效自评表填写。',
  switchedTemplate: (title: string) => `已改用《${title}》，已填的项目名称、年度和主管部门保留。`,
  switchTooLate: (title: string) => `这份表已经填了预算或指标，不能直接改表型。已新建一份《${title}》，带上了项目名称、年度和主管部门。`,
  recorded: (label: string, value: string) => `已记录${label}：${value}`,
  rejected: (label: string, problem: string, kept?: string) => `「${label}」${problem}${kept !== undefined ? `（仍保留原值：${kept}）` : ''}`,
  problem: {
    empty: '没有收到内容，请再说一次。',
    tooLong: (n: number, max: number) => `太长了（${n} 字，最多 ${max} 字），请精简后再发。`,
    year: '需要四位年份，例如 2022。',
    amounts: '需要三个数：年初预算数、全年预算数、全年执行数（万元），例如“600 580 551”；没有就写 0。',
    amountBad: (what: string) => `“${what}”不是金额，请写数字（万元），例如 580 或 580.5。`,
    points: (max: string) => `分值需要 0 到 ${max} 之间的数，例如 15。`,
    selfScore: (max: string) => `得分需要 0 到分值 ${max} 之间的数。`,
    duplicate: (name: string) => `已经有一项「${name}」了，请换个名称，或说“修改${name}”。`,
    level2: (choices: string) => `请从这些二级指标里选一个：${choices}。`,
    overBudget: (executed: string, annual: string) => `全年执行数 ${executed} 超过了全年预算数 ${annual}，请核对后重新输入三个数。`,
    band: '请说完成程度：达成、部分达成（有一定效果）或未达成（效果较差）。',
  },
  rowRecorded: (label: string) => `已记录${label}。`,
  budgetScore: (rate: string, score: string, points: string) => `预算执行率 ${rate}%，得 ${score} 分（分值 ${points}）。`,
  sumMismatch: (lines: string[]) =>
    `其中三行（当年财政拨款 + 上年结转资金 + 其他资金）之和与年度资金总额不符：\n${lines.join('\n')}\n请重新输入有误的一行，例如“其他资金 0 0 0”或“年度资金总额 600 580 551”。`,
  sumLine: (col: string, parts: string, sum: string, total: string) => `- ${col}：${parts} = ${sum}，年度资金总额写的是 ${total}`,
  sumFixed: '三行之和与年度资金总额相符了。',
  indicatorAdded: (name: string) => `已添加指标「${name}」。`,
  indicatorScore: (name: string, summary: string) => `「${name}」${summary}`,
  bandAsk: (name: string, actual: string) => `「${name}」是定性指标，实际完成情况“${actual}”。完成程度属于哪一档？`,
  bandSet: (name: string, label: string) => `「${name}」记为“${label}”档。`,
  deviationAsk: (name: string, lost: string) => `「${name}」扣了 ${lost} 分。没有完成的原因是什么？打算怎样改进？（会写进“偏差原因分析及改进措施”；说“跳过”可稍后再填）`,
  deviationRecorded: (name: string) => `已记录「${name}」的偏差原因。`,
  levelAsk: (level: string, points: string, count: number, weight: string, children: string) =>
    count === 0
      ? `请添加${level}（分值合计应为 ${points}）。一行一项：二级指标，三级指标，年度指标值，实际完成值，分值，例如“${children}”；可以一次粘贴多行。也可以只说指标名称，我再逐项问。`
      : `${level}已有 ${count} 项，分值合计 ${weight} / ${points}。继续添加下一项（二级指标，三级指标，年度指标值，实际完成值，分值），或说“完成”。`,
  levelClosed: (level: string, count: number, weight: string) => `${level}共 ${count} 项，分值合计 ${weight}。`,
  levelEmpty: (level: string) => `${level}还没有指标，至少要有一项。请添加，或说“跳过”暂不填写。`,
  levelSumWrong: (level: string, weight: string, points: string) =>
    `${level}的分值合计 ${weight}，应为 ${points}。请修改某项的分值（例如“X的分值改为20”）或再添加一项；确实如此请说“跳过”。`,
  draftAsk: {
    target: (name: string) => `「${name}」的年度指标值是多少？例如 ≥30个、≤480元/人、按时拨付、有效提升。`,
    actual: (name: string) => `「${name}」的实际完成值是多少？`,
    weight: (name: string, left: string) => `「${name}」的分值是多少？（本类还剩 ${left} 分）`,
    level2: (name: string) => `「${name}」属于哪个二级指标？`,
  },
  askFunds: (row: string, example: string) => `请输入${row}的年初预算数、全年预算数、全年执行数（万元），例如“${example}”。`,
  header: (label: string) => `【${label}】`,
  review: (total: string, max: string, grade: string, example: string) =>
    `表单已填完：总分 ${total} / ${max}，等级“${grade}”。可以说“导出”拿 Word 和 Excel，问“为什么是${grade}”“还差多少分到优”“扣分的有哪些”，或修改任何一项（例如“${example}实际完成值改为……”）。`,
  reviewAgain: (total: string, grade: string) => `目前总分 ${total}，等级“${grade}”。还要修改或导出吗？`,
  skipped: (label: string) => `已跳过「${label}」，稍后可以说“修改${label}”补上。`,
  editing: (label: string, value?: string) => `好的，修改「${label}」${value !== undefined ? `（现在是：${value}）` : ''}。`,
  changed: (label: string, value: string) => `已把「${label}」改为：${value}`,
  notFound: (q: string) => `没有找到“${q}”。可以说指标名称（例如“为什么新建社区助餐点扣分”），或说“预览”看整张表。`,
  noLost: '目前没有扣分的指标。',
  lostHead: (n: number, lost: string) => `共有 ${n} 项扣分，合计扣 ${lost} 分（从多到少）：`,
  scoreNow: (total: string, max: string, grade: string, levels: string, partial: boolean) =>
    `${partial ? '按目前已填的内容，' : ''}总分 ${total} / ${max}，等级“${grade}”。${levels}`,
  whatIfDone: (grade: string) => `已经是“${grade}”了。`,
  undone: '已撤回上一次修改。',
  redone: '已恢复刚才撤回的修改。',
  nothingToUndo: '没有可以撤回的修改。',
  nothingToRedo: '没有可以恢复的修改。',
  exportNone: '这个部署没有配置文件导出，暂时不能生成 Word/Excel。',
  exportFailed: '生成文件时出错了，请稍后再试。',
  exported: (names: string[]) => `已生成：${names.join('、')}`,
  help: '我帮你填财政部通用的《项目支出绩效自评表》：项目信息、项目资金、年度总体目标、绩效指标（产出/效益/满意度），边填边按规则打分。随时可以问“为什么X扣分”“扣分的有哪些”“为什么是良”“还差多少分到优”，说“预览”“导出”“撤回”“上一步”“跳过”，或“X改为Y”修改。',
  smallTalk: '在的。',
  thanks: '不客气。',
  notForNational: '财政部通用表暂不支持“重新开始”和“删除”：要改哪项请说“X改为Y”，要另起一份说“新建”。',
  fallback: '这个我帮不上。我能帮你填自评表、解释扣分、导出文件；说“帮助”看能做什么。',
  back: (label: string) => `回到「${label}」。`,
  nothingBack: '已经是第一项了。',
  progress: (done: number, all: number, left: string[]) => `已填 ${done} / ${all} 项。${left.length ? `还没填：${left.slice(0, 6).join('、')}${left.length > 6 ? ' 等' : ''}。` : '都填好了。'}`,
  fieldHelpBudget: '项目资金按万元填，每行三个数：年初预算数（年初批复的）、全年预算数（年中调整后的）、全年执行数（实际支出）。当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金总额。预算执行率 = 全年执行数 ÷ 全年预算数，占 10 分。',
  fieldHelpIndicator: '三级指标是绩效目标表里的具体指标。年度指标值照目标表写（≥30个、≤480元/人、按时拨付），实际完成值写实际做到的；分值由单位分配，产出合计 50、效益 30、满意度 10。没完成的要写偏差原因和改进措施。',
  fieldHelpGoals: '年度总体目标照批复的绩效目标表写预期目标，再写实际完成了什么（尽量带数字）。',
  importOffer: (key: string) => `这是一份财政部通用的项目支出绩效自评表「${key}」。要把它作为一份表单载入、继续修改吗？`,
  imported: (key: string) => `已载入「${key}」，可以继续修改，或说“导出”。`,
} as const;

export const LEVEL_SHORT: Record<NationalLevel, string> = { output: '产出指标', benefit: '效益指标', satisfaction: '满意度指标' };
