// Every sentence the conversation says, keyed by field id or message id. Simplified Chinese,
// short, and each says what to do next. The engine composes these; it writes no prose itself.
import type { FileProblem } from '../ports.js';
import type { CategoryId, EditableFieldLabel } from './types.js';

export const clip = (s: string, n = 20) => {
  const chars = [...s.replace(/\s+/g, ' ')];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
};

/** A size in MB for people: 10 MB, 50 MB, 9.5 MB. */
export const mb = (bytes: number) => `${Number((bytes / 1_048_576).toFixed(1))} MB`;

/** 「label」, unless the label already carries its own quotes (「参观人数」的实际完成值). */
export const q = (label: string) => (label.includes('「') ? label : `「${label}」`);

export const SECTION_LABELS = {
  basic: '基本信息',
  budget: '市级预算执行情况（万元）',
  funds: '市级财政资金使用情况（万元）',
  subItems: '项目资金构成',
  indicators: '项目绩效实现情况（绩效指标）',
  narrative: '项目基本情况',
  review: '复核',
} as const;

/** The question for each field: what, the unit, an example. */
export const ASK: Record<EditableFieldLabel, string> = {
  'project.name': '请输入项目名称，例如“苏州市智能制造融合发展中心项目”。',
  'project.year': '请输入项目年份（四位数字，即自评的预算年度）。年份决定按哪一年的规则评分。',
  'project.department': '请输入项目主管部门(单位)，例如“苏州市工业和信息化局”。',
  'budget.initial': '请输入年初预算数（万元，填“二下”数）。直接写数字，可带单位，写法如“N万元”或“N元”（N 为实际数）。',
  'budget.adjustment': '请输入当年使用上年结余、结转及当年调整预算数（万元）：追加填正数，调减填负数（写法如“-N”或“负N万元”），没有调整填 0。',
  'budget.appropriated': '请输入财政拨款数（万元，财政部门实际拨付的款项），写法如“N万元”或“N元”。',
  'budget.quotaBalance': '请输入表中的指标结余数（万元）。',
  'funds.paid': '请输入实际支付数（万元，实际支付到最终使用者的数额），写法如“N万元”或“N元”。',
  'funds.balance': '请输入表中的资金结余、结转数（万元）。',
  'funds.carriedOver': '请输入结转数（万元，结转以后年度使用的资金），没有填 0。',
  'funds.recovered': '请输入财政收回数（万元，财政部门收回的资金），没有填 0。',
  'narrative.overview': '请填写「项目概况」：项目地点、规模、建设内容、资金总额、实施期限和实施单位。可以直接粘贴，不想填回复“跳过”。',
  'narrative.overallGoal': '请填写「项目总目标」：项目最终要达到的目标（一般来自绩效目标申报表）。不想填回复“跳过”。',
  'narrative.annualGoals': '请填写「年度绩效目标」：本年度计划完成的事项（一般来自绩效目标申报表）。不想填回复“跳过”。',
  'narrative.implementation': '请填写「项目实施情况」：本年度做了哪些工作、进度如何。不想填回复“跳过”。',
  'narrative.results': '请填写「项目管理成效」：取得的成效，尽量用数字说话，数字要与指标表一致。不想填回复“跳过”。',
  'narrative.problems': '请填写「项目管理存在的问题及原因」：存在哪些问题、为什么。不想填回复“跳过”。',
  'narrative.suggestions': '请填写「进一步加强项目管理的建议」：针对上述问题的改进措施。不想填回复“跳过”。',
};

export const CATEGORY_HINT: Record<Exclude<CategoryId, 'input'>, string> = {
  output: '产出指标（数量、质量、时效等，例如“装修面积”）',
  outcome: '结果指标（效益、满意度等，例如“参观人数”）',
  impact: '影响力指标（长效机制、荣誉等，例如“获评国家级工业互联网体验中心”）',
};

export const M = {
  /** suzhou: the deployment fills the Suzhou form unless a project says otherwise; else either form. */
  welcome: (suzhou = true) =>
    (suzhou
      ? '你好！我是绩效自评助手，陪你一步步填写《苏州市级财政支出项目绩效自评表》：每个数字当场核对，每项指标按填表说明评分，扣分会用白话解释，最后生成完整的表格。\n'
      : '你好！我是绩效自评助手，陪你一步步填写项目绩效自评表（苏州市级表，或财政部通用的《项目支出绩效自评表》）：每个数字当场核对，每项指标按规则评分，扣分会用白话解释，最后生成完整的表格。\n') +
    '随时可以说：帮助、上一步、修改 字段名、跳过、进度、为什么 指标名 扣分、预览、导出、表单、重新开始。也可以直接发自评表文件给我审核。',
  welcomeBack: (key: string) => `欢迎回来！上次填的是「${key}」，我们接着来。`,
  help: () =>
    [
      '可以这样说：',
      '· 直接回答问题，例如 1900、1,900.5万元、19000000元、一千九百万',
      '· 上一步（back）：回到上一个问题',
      '· 修改 年初预算数（edit）；或直接说“年初预算数改成1800”“参观人数是8757人次”',
      '· 跳过（skip）：先不填，会请你说明原因',
      '· 进度（progress）：看填到哪里、还差什么',
      '· 为什么预算执行率扣分（why）：解释得分和怎样才能满分',
      '· 预览（summary）：看目前的评分表和问题',
      '· 导出（export）：生成表格文件',
      '· 表单 / 切换 2 / 新建（forms / switch / new）：管理多个项目',
      '· 重新开始（restart）：清空当前表单',
    ].join('\n'),
  sectionHeader: (label: string) => `【${label}】`,
  reviewUnknown: '表单已经填完了。',

  // Answers accepted
  saved: (label: string, value: string) => `已记录${label}：${value}。`,
  changed: (label: string, from: string, to: string) => `已把${label}由 ${from} 改为 ${to}。`,
  ruleSet: (title: string) => `将按《${title}》的规则评分。`,
  ruleSetOtherYear: (title: string, year: number) => `没有 ${year} 年的规则，暂按《${title}》评分。`,
  prefilled: (names: string) => `已预填 6 项投入类共性指标：${names}。`,

  // Bad input: 「field」problem。expected。kept.
  rejected: (label: string, problem: string, kept?: string) => `${q(label)}${problem}。${kept ? `原来的 ${clip(kept, 40)} 保持不变。` : ''}`,
  problem: {
    empty: '没有收到内容',
    tooLong: (n: number, max: number) => `内容太长（${n} 字，最多 ${max} 字）`,
    notNumber: (text: string) => `需要一个数字，“${clip(text)}”不是数字`,
    ambiguous: (text: string) => `需要一个确定的数，“${clip(text)}”不确定`,
    wrongUnit: (unit: string) => `的单位应是万元（也可写元、亿元），“${clip(unit, 10)}”不是金额单位`,
    decimals: '小数位太多：最多 6 位（万元的 6 位小数即到分）',
    negative: '不能为负数（只有调整数可以为负）',
    year: (text: string) => `需要四位数字的年份，“${clip(text)}”不是`,
    yearRange: '年份应在 2000 到 2100 之间',
    noLetters: '需要文字内容',
    duplicateName: (name: string) => `“${clip(name)}”已经有了，名称不能重复`,
    target: (text: string) => `“${clip(text)}”不是目标值的写法`,
    actualWord: (text: string, target: string) => `需要具体数值，“${clip(text)}”不是数值（目标 ${target}）`,
    actualNotNumber: (text: string) => `需要实际达到的具体数值，“${clip(text)}”不是具体数值（不能带“以下”“约”等字样）`,
    actualNegative: '实际完成值不能为负数',
    unit: (actual: string, target: string) => `的单位“${actual}”与目标单位“${target}”不一致，不能换算`,
    notApplicable: '不能标为不适用（只有政府采购规范性、资金节约率等可不适用）',
    grade: (text: string) => `需要从 好、较好、一般、较差、差 中选一个，“${clip(text)}”不是`,
    selfScore: (text: string) => `需要 0 到权重之间、最多两位小数的分数，“${clip(text)}”不行`,
    selfScoreAbove: (weight: string) => `不能超过权重 ${weight} 分`,
    selfScoreReason: '需要一句话说明自评分为什么与规则得分不同（会写进表中）；不想说明请回复“改为规则得分”',
    emoji: '需要文字或数字，表情符号不能作为内容',
  },

  // Sub-items
  askSubItemAdd: (count: number) =>
    count === 0
      ? '请输入第 1 个子项名称（项目资金构成），例如“基本建设”。也可一行输入“名称 预算数 实际数”，写法如“基本建设 N M”（N、M 为万元数）。'
      : `请输入第 ${count + 1} 个子项名称，全部填完请回复“完成”。`,
  askSubItemBudget: (name: string) => `请输入子项「${name}」的预算数（万元）。`,
  askSubItemActual: (name: string) => `请输入子项「${name}」的实际数（万元）。`,
  askSubItemName: (name: string) => `请输入子项「${name}」的新名称。`,
  subItemsNeedOne: '还没有子项。请至少输入一个子项名称，或回复“跳过”并说明原因。',
  subItemsDone: (n: number, budget: string, actual: string) => `项目资金构成共 ${n} 个子项，预算数合计 ${budget} 万元，实际数合计 ${actual} 万元。`,
  subItemDeleted: (name: string) => `已删除子项「${name}」。`,
  subItemList: (lines: string[]) => (lines.length ? `子项：\n${lines.join('\n')}` : '还没有子项。'),

  // Indicators
  askIndicatorName: (cat: Exclude<CategoryId, 'input'>, count: number) =>
    count === 0
      ? `请输入第 1 项${CATEGORY_HINT[cat]}的名称。也可一次输入：名称，目标值，实际完成值。`
      : `请输入第 ${count + 1} 项${CATEGORY_HINT[cat].replace(/（.*）/, '')}的名称；这一类填完请回复“完成”。`,
  askTarget: (name: string) => `请输入「${name}」的目标值（照绩效目标申报表填写），写法如 =N平方米、≥N%、N人次 或 合规、获得。`,
  askActualQuant: (name: string, target: string, example: string, mayNa: boolean) =>
    `请输入「${name}」的实际完成值（目标 ${target}）：截至年底实际达到的数，写法如“${example}”（N 为实际数）。${mayNa ? '不涉及可回复“不适用”。' : ''}确实无法提供，回复“跳过”并说明原因。`,
  askActualQual: (name: string, target: string, mayNa: boolean) =>
    `「${name}」目标是“${target}”，实际达到了吗？达到请回复“${target}”，没达到回复“未${target}”，也可以描述实际情况。${mayNa ? '不涉及可回复“不适用”。' : ''}`,
  askGrade: (name: string, actual: string, target: string) =>
    `「${name}」的实际情况“${clip(actual, 40)}”不能直接判断是否达到“${target}”。请选择等级：好（100%）、较好（80%）、一般（60%）、较差（40%）、差（20%）。`,
  askNote: (name: string, completion: string) =>
    `「${name}」完成率 ${completion}%，达到或超过 130%。请简单说明原因（例如目标是否定得偏低），或回复“跳过”。`,
  askSelfScore: (name: string, weight: string) => `请输入「${name}」的自评分（0～${weight} 分）。`,
  askIndicatorNewName: (name: string) => `请输入指标「${name}」的新名称。`,
  categoryNeedsOne: (label: string) => `${label}类至少要有一项指标。请输入指标名称，或回复“跳过”并说明原因。`,
  categoryDone: (label: string, n: number, weights: string) => `${label}类共 ${n} 项指标，权重 ${weights}。`,
  weightsLine: (label: string, n: number, weights: string, total: string) => `${label}类现有 ${n} 项，权重 ${weights}（共 ${total} 分，平均分配）。`,
  // While an added category is open its weights are not settled: no points are shown as final.
  weightsOpen: (label: string, n: number, total: string) => `${label}类现有 ${n} 项。这一类填完（回复“完成”）后按项数平分 ${total} 分，届时再定各项得分。`,
  scorePending: (line: string, label: string) => `${line}具体得分等${label}类填完、权重确定后再算。`,
  categoryClosed: (label: string, n: number, weights: string, total: string) => `${label}类共 ${n} 项指标，权重已确定：每项 ${weights}（共 ${total} 分，平均分配）。`,
  selfScoreLater: (name: string, self: string, label: string) => `已记录「${name}」的自评分 ${self} 分；${label}类填完、权重确定后再与规则得分比对。`,
  // Self-scores: the unit's own, the rule score offered for confirmation, a difference kept with a reason.
  askSelfScoreConfirm: (name: string, score: string) => `「${name}」按规则得 ${score} 分，自评分就填 ${score} 吗？`,
  askSelfScoreOther: (name: string, weight: string) => `请输入「${name}」的自评分（0～${weight} 分）。与规则得分不同的，接着请你说明原因。`,
  askSelfScoreReason: (name: string, self: string, score: string, diff: string) =>
    `「${name}」自评分 ${self} 分，按规则得 ${score} 分，相差 ${diff} 分。请说明自评分不同的原因（会写进表中），或回复“改为规则得分”。`,
  selfScoreConfirmed: (name: string, score: string) => `已记录「${name}」的自评分 ${score} 分（与规则得分一致）。`,
  selfScoresConfirmed: (label: string, list: string) => `${label}类其余各项的自评分按规则得分记录：${list}。`,
  selfScoreReasonRecorded: (name: string) => `已记录「${name}」自评分与规则得分不同的原因。`,
  selfScoreReset: (name: string, score: string) => `已把「${name}」的自评分改为规则得分 ${score} 分。`,
  notApplicableSet: (name: string) => `已把「${name}」标为不适用，它的权重按比例分给其他投入类指标。`,
  indicatorAdded: (name: string, target: string) => `已添加指标「${name}」，目标 ${target}。`,
  indicatorDeleted: (name: string) => `已删除指标「${name}」。`,
  cannotDeleteCommon: (name: string) => `「${name}」是投入类共性指标，不能删除；不涉及的可以回复“不适用”。`,
  gradeRecorded: (name: string, grade: string) => `已为「${name}」评定等级“${grade}”。`,
  noteRecorded: (name: string) => `已记录「${name}」的说明。`,
  computedIndicator: (name: string, formula: string) => `「${name}」按 ${formula} 自动计算，不需要填写；要改变它，请修改预算或支付数。`,
  selfScoreSame: (name: string, score: string) => `「${name}」自评分 ${score} 分，与规则得分一致。`,
  selfScoreDiff: (name: string, self: string, score: string, diff: string, why: string) =>
    `「${name}」自评分 ${self} 分，按规则应得 ${score} 分，相差 ${diff} 分。${why}`,
  scoreLine: (summary: string) => summary,
  selfScoreHint: '每一类填完，我会请你确认各项的自评分（默认就是规则得分，点“是”即可）；也可以在回答时带上，如“N 自评 M”。',

  // Conflicts (a broken identity)
  askConflict: (message: string, labels: string[]) =>
    `${message}\n哪个数填错了？请回复字段名（${labels.join('、')}）重新填写；确实无误请回复“保留”并说明原因。`,
  conflictPick: (labels: string[]) => `请从 ${labels.join('、')} 中选一个重新填写，或回复“保留”。`,
  conflictSubItems: '请说“子项”查看各子项，再用“修改 子项名 实际数”更正。',

  // Review
  review: (total: string, max: string, open: number) =>
    `表单已填完：按规则得分 ${total} / ${max}。${open ? `还有 ${open} 个问题待处理，回复“预览”查看。` : '没有发现问题。'}回复“导出”生成文件，或“修改 …”更正。`,

  // Commands
  skipped: (label: string) => `已跳过${q(label)}。请简单说明原因（会记录在表中），没有原因请回复“无”。`,
  skipRecorded: (label: string, reason?: string) => (reason ? `已记录跳过${q(label)}的原因：${clip(reason, 40)}` : `已跳过${q(label)}，没有说明原因。`),
  skipIndicatorNoReason: (name: string) => `注意：「${name}」没有实际完成值也没有说明，按填表说明得 0 分。`,
  cannotSkip: (label: string) => `${q(label)}不能跳过，它用来区分你的不同表单。`,
  nothingToSkip: '现在没有可以跳过的问题。',
  backTo: (label: string, current?: string) => `回到上一步：${label}${current ? `（当前：${clip(current, 40)}）` : ''}。回复新值，或回复“保留”不变。`,
  backReopen: (label: string) => `回到上一步：${label}，可以继续添加，填完回复“完成”。`,
  noBack: '已经是第一个问题了。',
  backCancelSkip: (label: string) => `已取消跳过${q(label)}。`,
  backCancelDraft: (name: string) => `已放弃正在添加的指标「${name}」。`,
  editing: (label: string, current?: string) => `修改${label}${current ? `（当前：${clip(current, 40)}）` : ''}：请回复新值，或回复“保留”不变。`,
  kept: (label: string) => `${label}保持不变。`,
  notFound: (query: string) => `没找到“${clip(query)}”。可以说字段名（如 年初预算数、财政拨款数）或指标名（如 参观人数）。`,
  ambiguous: (query: string, options: string[]) => `“${clip(query)}”可能是：${options.join('、')}。请说得完整一些。`,
  derivedNoEdit: (label: string, formula: string) => `${label}是计算出来的（${formula}），不能直接修改；请修改参与计算的数。`,
  progressHead: (where: string) => `现在在：${where}`,
  progressLeft: (items: string[]) => (items.length ? `还差：${items.join('、')}` : '所有项目都已填写。'),
  progressSkipped: (items: string[]) => `已跳过：${items.join('、')}`,
  whyFull: (explanation: string) => `${explanation}没有扣分。`,
  whyNothing: '还没有评过分的指标。请说“为什么 指标名 扣分”，例如“为什么预算执行率扣分”。',
  summaryTitle: (key: string) => `${key} 评分表（预览）`,
  summaryEmpty: '还没有指标，评分表是空的。',
  exportBlocked: (lines: string[]) =>
    `还不能导出，有 ${lines.length} 个错误：\n${lines.join('\n')}\n请先改正；如确实无误，回复“保留 序号 原因”，例如“保留 1 已与财政局核对”。`,
  exportIncomplete: (n: number, items: string) => `注意：还有 ${n} 项没填（${items}），导出的是草稿。`,
  exported: (names: string[]) => `已生成：${names.join('、')}。`,
  noExporter: '这里暂时不能生成文件。回复“预览”可以查看评分表。',
  exportFailed: '生成文件失败了，请稍后再试“导出”。',
  restartConfirm: (key: string) => `确定要清空「${key}」的全部内容、从头开始吗？回复“确定”或“取消”。`,
  restartDone: '已清空，从头开始。',
  restartCancelled: '已取消，内容都还在。',
  formsList: (lines: string[]) => `你的表单：\n${lines.join('\n')}\n回复“切换 序号”继续某一份，“新建”开始新的。`,
  formsEmpty: '还没有表单。',
  formLine: (n: number, key: string, where: string, active: boolean) => `${n}. ${key} —— ${where}${active ? '（当前）' : ''}`,
  switched: (key: string) => `已切换到「${key}」。`,
  alreadyActive: (key: string) => `现在就是「${key}」。`,
  switchNotFound: (query: string) => `没有找到表单“${clip(query)}”。回复“表单”查看列表。`,
  newForm: '已新建一份表单。',
  tooManyForms: (n: number) => `表单已有 ${n} 份，达到上限。请先切换到旧表单继续。`,
  duplicateForm: (key: string, n: number) => `已经有「${key}」的表单（第 ${n} 份）。要继续那一份请回复“切换 ${n}”，否则请换一个名称或年份。`,
  keepAsk: (label: string) => `请说明保留“${clip(label, 60)}”的原因（会记录在表中）。`,
  keepRecorded: '已记录保留原因，这个问题不再阻止导出。',
  keepNothing: '现在没有需要保留的错误。',
  keepWhich: (n: number) => `请回复“保留 序号”，序号 1～${n}，见“导出”列出的错误。`,
  reasonEmpty: '原因不能为空，请用一句话说明。',

  // Figures derived and changes
  derived: {
    adjustedBudget: (a: string, b: string, r: string) => `调整后预算 = ${a} + (${b}) = ${r} 万元。`,
    quotaBalance: (a: string, b: string, c: string, r: string) => `指标结余数 = ${a} + (${b}) − ${c} = ${r} 万元（自动计算）。`,
    fundsBalance: (a: string, b: string, r: string) => `资金结余、结转数 = ${a} − ${b} = ${r} 万元（自动计算）。`,
    executionRate: (paid: string, base: string, r: string) => `预算执行率 = ${paid} ÷ ${base} = ${r}%（自动计算）。`,
  },
  derivedChanged: (label: string, from: string, to: string, unit: string) => `${label} 由 ${from}${unit} 变为 ${to}${unit}。`,
  derivedGone: (label: string) => `${label}暂时算不出来。`,
  scoreChanged: (name: string, from: string, to: string) => `${name} 由 ${from} 分变为 ${to} 分。`,
  totalNow: (total: string, max: string) => `目前合计 ${total} / ${max} 分。`,
  totalChanged: (from: string, to: string, max: string) => `合计 由 ${from} 分变为 ${to} 分（满分 ${max}）。`,
  newError: (message: string) => `⚠ ${message}`,
  newWarning: (message: string) => `提示：${message}`,
  resolved: (label: string) => `✓ 已解决：${label}。`,

  // Files and import
  noImporter: '这里暂时不能读取文件。请按问题逐项填写。',
  importFailed: (message: string) => `没能读取这个文件：${message}`,
  importCrashed: '读取文件时出错了，请换一个文件或稍后再试。',
  importHead: (file: string, key: string, n: number) => `已读取「${clip(file, 40)}」：${key}，共 ${n} 项指标。`,
  importScore: (total: string, max: string, self?: string) => `按规则得分 ${total} / ${max}${self ? `（表中自评 ${self}）` : ''}。`,
  importFindings: (lines: string[]) => (lines.length ? `发现 ${lines.length} 个问题：\n${lines.join('\n')}` : '没有发现问题。'),
  importIssues: (lines: string[]) => `读取时的提示：\n${lines.join('\n')}`,
  importOffer: '要把它作为一份新表单继续填写吗？回复“是”或“否”。',
  importAccepted: (key: string) => `已作为新表单「${key}」打开，我们从需要补充或改正的地方开始。`,
  importDuplicate: (key: string, n: number) => `注意：已经有「${key}」的表单（第 ${n} 份），两份都保留。`,
  importDeclined: '好的，不保存这个文件的内容。',
  yesNo: '请回复“是”或“否”。',
  noFileDelivery: '文件已生成，但这里不能发送文件。请在网页版或 Teams 中导出。',
  // A file that could not be read (src/attachments, src/directline); nothing was changed.
  fileProblem: (p: FileProblem) => {
    const name = `「${clip(p.name, 40)}」`;
    switch (p.reason) {
      case 'too-large':
        return `文件${name}${p.sizeBytes ? `有 ${mb(p.sizeBytes)}，` : ''}超过 ${mb(p.limitBytes ?? 0)} 上限，没有读取。请压缩或只发送自评表本身。`;
      case 'timeout':
        return `文件${name}下载超时（${p.seconds ?? 15} 秒），没有读取。请重新发送。`;
      case 'not-allowed':
        return `不接受来自该地址${p.host ? `（${clip(p.host, 60)}）` : ''}的文件${name}。请直接在对话中上传文件。`;
      case 'expired':
        return `文件${name}已过期或不存在。请重新上传。`;
      default:
        return `文件${name}没能下载${p.status ? `（HTTP ${p.status}）` : ''}。请重新发送。`;
    }
  },
  uploadTooLarge: (sizeBytes: number | undefined, limitBytes: number) =>
    `文件太大（${sizeBytes ? mb(sizeBytes) : `超过 ${mb(limitBytes)}`}），上限 ${mb(limitBytes)}。请压缩或只发送自评表本身。`,
  uploadQuota: (files: number, bytes: number, minutes: number) =>
    `这次对话上传的文件已达上限（${files} 个或共 ${mb(bytes)}），没有收下这个文件。请 ${minutes} 分钟后再发，或只发送自评表本身。`,

  // Storage and sessions
  saveFailed: '没有保存成功：你的上一条回答没有保存，请稍后重发。',
  // The database (STORAGE=postgres) cannot be reached: nothing of this message was saved.
  storageBusy: '系统繁忙，请稍后再试：刚才这条消息没有保存，过一会儿请重发。',
  sessionRepaired: '你之前的部分记录读不出来，已恢复能读出的表单。',
  sessionReset: '你之前的记录读不出来，只能重新开始，抱歉。',
  tooLongMessage: (n: number, max: number) => `消息太长（${n} 字，最多 ${max} 字）。`,
  emptyMessage: '没有收到内容。',
  turnFailed: '出了点问题，这条消息没有处理。请再发一次。',
  // A channel redelivered a message that was already applied (its replies are sent again).
  alreadyApplied: '这条消息已经处理过了（没有重复记录）。请继续回答上面的问题。',
  // The answer to an Adaptive Card button (Action.Execute); the bot's replies follow as messages.
  cardActionDone: '已收到，请看下面的回复。',
  filesNotReplayed: '（文件已随原回复发送；如未收到，请再说“导出”。）',
} as const;

/** Short names of the cross-checks, for "已解决" and lists. */
export const CHECK_LABELS: Record<string, string> = {
  'budget.quota-balance': '指标结余数的计算关系',
  'funds.balance': '资金结余、结转数的计算关系',
  'funds.balance-split': '资金结余、结转数 = 结转数 + 财政收回数',
  'funds.order': '实际支付数 ≤ 财政拨款数 ≤ 调整后预算',
  'subitems.actual-sum': '子项实际数合计 = 实际支付数',
  'subitems.budget-sum': '子项预算数合计 = 年初预算数',
  'weights.category-sum': '各类指标权重合计',
  'indicator.execution-rate': '预算执行率与预算执行情况一致',
  'indicator.not-a-number': '实际完成值是具体数值',
  'indicator.missing-value': '实际完成值已填写',
  'indicator.self-score-mismatch': '自评分与规则得分一致',
  'indicator.over-completion': '超额完成已说明',
  'indicator.unit-mismatch': '实际值单位与目标一致',
  'indicator.needs-grade': '定性指标已评定等级',
  'indicator.negative-actual': '实际完成值不为负数',
  'indicator.target-missing': '目标值已填写',
  'narrative.figure-mismatch': '报告中的数字与指标表一致',
};

/**
 * The written form of an actual for a target's unit: "N平方米", "N%". A format, never a number: an
 * example copied as the answer must not be the target or any value that decides the score.
 */
export function exampleFor(unit: string, _target?: string): string {
  return `N${unit}`;
}

/** Button words (suggested actions). */
export const BUTTONS = {
  skip: '跳过',
  zero: '0',
  done: '完成',
  notApplicable: '不适用',
  keep: '保留',
  noReason: '无',
  grades: ['好', '较好', '一般', '较差', '差'],
  review: ['导出', '预览', '进度'],
  confirm: ['确定', '取消'],
  yesNo: ['是', '否'],
  /** The self-score question: confirm the rule score, confirm the rest of the category, or give another. */
  selfScore: ['是', '本类都按规则得分', '填其他分数'],
  useRuleScore: '改为规则得分',
  /** "未合规" for a target "合规". */
  notMet: (word: string) => `未${word}`,
} as const;

/** Names and small pieces the engine puts into sentences and cards. */
export const L = {
  wan: (v: string) => `${v} 万元`,
  points: (v: string) => `${v} 分`,
  chars: (n: number) => `${n} 字`,
  notApplicable: '不适用',
  /** A weight or score of a category still being filled. */
  pendingWeight: '待定',
  provisionalTotal: (total: string) => `${total}（暂计，未填完的类别权重待定）`,
  subItems: '子项',
  subItemsAdd: '项目资金构成的子项',
  subItemPart: { name: '名称', budget: '预算数', actual: '实际数' },
  subItemCell: (name: string, part: string) => `子项「${name}」的${part}`,
  subItem: (name: string) => `子项「${name}」`,
  subItemName: '子项名称',
  subItemOption: (name: string, part: string) => `${name}的${part}`,
  subItemLine: (n: number, name: string, budget: string, actual: string) => `${n}. ${name}：预算 ${budget} / 实际 ${actual}`,
  budgetActual: (budget: string, actual: string) => `预算 ${budget} / 实际 ${actual}`,
  budgetActualWan: (budget: string, actual: string) => `预算 ${budget} 万元，实际 ${actual} 万元`,
  categoryIndicators: (cat: string) => `${cat}类指标`,
  categoryNewTarget: (cat: string) => `${cat}类新指标的目标值`,
  indicatorPart: { actual: '实际完成值', grade: '等级', note: '说明', target: '目标值', name: '名称', selfScore: '自评分' },
  indicatorCell: (name: string, part: string) => `「${name}」的${part}`,
  indicatorName: '指标名称',
  review: '复核',
  sectionDone: (label: string) => `${label} · 已填完`,
  ruleSet: '评分规则',
  computed: (label: string) => `${label}（计算）`,
  ofWhich: (label: string) => `其中：${label}`,
  executionRate: '预算执行率',
  executionRateFormula: '实际支付数 ÷（年初预算数 + 调整数）',
  adjustedBudget: '调整后预算',
  unnamed: '未命名',
  wanUnit: ' 万元',
  total: '合计',
  tableHead: '类别 | 指标 | 目标 | 权重 | 实际 | 得分 | 自评',
  tableRuleSet: (title: string) => `规则：${title}`,
  categoryTotal: (label: string, score: string, total: string) => `${label} ${score}/${total}`,
  grandTotal: (total: string, max: string, self?: string) => `合计 ${total} / ${max}${self ? `（自评 ${self}）` : ''}`,
  open: '待处理：',
  tag: (severity: 'error' | 'warning') => (severity === 'error' ? '【错误】' : '【提示】'),
  keptFinding: (message: string, reason: string) => `已保留：${message}（原因：${reason}）`,
  inputWeights: (list: string) => `投入类权重：${list}。`,
  nameWeight: (name: string, weight: string) => `${name} ${weight}`,
  progressSubItems: (label: string, n: number, done: boolean) => `${label}：${n} 个子项${done ? '，已完成' : ''}`,
  progressCategory: (label: string, n: number) => `${label} ${n} 项`,
  progressIndicators: (label: string, parts: string, filled: number, all: number, skipped: number) =>
    `${label}：${parts}；已答 ${filled}/${all}${skipped ? `，跳过 ${skipped}` : ''}`,
  progressSection: (label: string, filled: number, all: number, skipped: number) =>
    `${label}：${filled}/${all}${skipped ? `，跳过 ${skipped}` : ''}${filled + skipped === all ? ' ✓' : ''}`,
  progressMore: (n: number) => `等 ${n} 项`,
  where: (section: string, item: string) => `${section} —— ${item}`,
  formDone: '已填完',
  formAt: (section: string) => `填到 ${section}`,
  issueLine: (line: number | undefined, message: string) => `· ${line !== undefined ? `第 ${line} 行：` : ''}${message}`,
  numbered: (n: number, text: string) => `${n}. ${text}`,
} as const;


/** What the understanding layer's answers say (questions, undo, several answers at once). */
export const U = {
  fallback: '我没太明白。可以直接回答上面的问题，或者说：“进度”“预览”“导出word”“为什么预算执行率扣分”“满意度要填多少才满分”“撤回”“帮助”。',
  thanks: '不客气！',
  ping: '在的。',
  hello: '你好！',
  ok: '好的。',
  ambiguous: (query: string, options: string[]) => `“${clip(query)}”可能是：${options.join('、')}。请点选一个。`,
  lostHead: (total: string, max: string) => `目前合计 ${total} / ${max} 分。扣分的指标（扣得多的在前）：`,
  lostLine: (n: number, name: string, lost: string, score: string, weight: string) => `${n}. 「${name}」扣 ${lost} 分（得 ${score} / ${weight}）`,
  lostNone: (total: string, max: string) => `目前合计 ${total} / ${max} 分，已填的指标都没有扣分。`,
  lostUnfilled: (n: number) => `另有 ${n} 项还没填，暂按 0 分计。`,
  lostTail: '想知道原因可以说“为什么 指标名 扣分”。',
  fullHead: '要拿满分，各指标需要：',
  fullLine: (name: string, need: string) => `· 「${name}」：${need}`,
  fullIs: (actual: string) => `已满分（实际 ${actual}）`,
  fullRange: (from: string, upTo: string, unit: string) => `达到 ${from}${unit}～${upTo}${unit} 可得满分`,
  fullFrom: (from: string, unit: string) => `达到 ${from}${unit} 及以上可得满分`,
  fullUpTo: (upTo: string, unit: string) => `不超过 ${upTo}${unit} 可得满分`,
  fullWord: (word: string) => `实际达到“${word}”可得满分`,
  fullComputed: (formula: string) => `按 ${formula} 自动计算，达到目标即满分`,
  fullPaid: (paid: string) => `（实际支付数需达到 ${paid} 万元）`,
  fullNothing: '所有已填的指标都已满分。',
  scoreNow: (total: string, max: string, missing: number) => `目前按规则合计 ${total} / ${max} 分${missing ? `（还有 ${missing} 项没填，暂按 0 分计）` : ''}。`,
  whyTotal: (total: string, max: string) => `合计 ${total} / ${max} 分，少的分来自这些指标：`,
  whyField: (label: string, value: string) => `${label}目前是 ${value}。`,
  whyFieldEmpty: (label: string) => `${label}还没有填写。`,
  whyDerived: (label: string, formula: string) => `${label}按 ${formula} 计算。`,
  fieldHelp: (label: string, definition: string) => `「${label}」：${definition}`,
  fieldHelpTail: '可以直接回答上面的问题，确实没有可回复“跳过”。',
  indicatorNotYet: (name: string, own?: string) =>
    `「${name}」还不在表上。${own ?? '它是单位按批复的绩效目标自设的指标：名称和目标值照绩效目标表写，实际完成值填截至年底实际达到的数（或“达到/未达到”这样的词）。'}轮到它所在的一类时，我会请你添加并逐项填写。`,
  undone: (what: string) => `已撤回：${what}。`,
  redone: (what: string) => `已恢复：${what}。`,
  nothingToUndo: '没有可以撤回的修改。',
  nothingToRedo: '没有可以恢复的修改。',
  changeOf: (labels: string[]) => (labels.length ? labels.join('、') : '上一次修改'),
  answersHead: (n: number) => `收到 ${n} 项：`,
  rowsHead: (n: number) => `收到 ${n} 行：`,
  rowSkipped: (row: string, why: string) => `· “${clip(row, 30)}”没有记录：${why}`,
  rowNeedsCells: '需要“名称 目标值 实际完成值”或“名称 预算数 实际数”',
  rowsCategoriesDone: (labels: string) => `${labels}类指标按粘贴的表格记录完毕；要补充请说“上一步”。`,
  notAnIndicator: (name: string) => `“${clip(name)}”不是指标，不能计算满分条件。`,
} as const;

/** The 填表说明's definition of each field, for "什么是X" / "X填什么" (examples are formats, never a value that decides a score). */
export const FIELD_HELP: Record<string, string> = {
  'project.name': '与预算批复一致的项目全称。写法如“××市××中心建设项目”。',
  'project.year': '自评的预算年度（数据截至当年 12 月 31 日），四位数字，决定按哪一年的规则评分。',
  'project.department': '负责这个项目预算的主管部门（单位）全称，写法如“××市××局”。',
  'budget.initial': '年初批复的预算数，即“二下”数，单位万元。写法：数字，如“N 万元”或“N元”（我会换算成万元）。',
  'budget.adjustment': '当年使用上年结余、结转及年中调整的预算数（万元）：追加填正数，调减填负数，没有调整填 0。',
  'budget.appropriated': '财政部门当年实际拨付给项目的款项（万元），不是预算数。指标结余数 = 年初预算数 + 调整数 − 财政拨款数，会自动计算。',
  'budget.quotaBalance': '年初预算数 + 调整数 − 财政拨款数，自动计算，不需要填。',
  'funds.paid': '实际支付到最终使用者（收款单位或个人）的数额（万元）。预算执行率 = 实际支付数 ÷（年初预算数 + 调整数），会自动计算。',
  'funds.balance': '财政拨款数 − 实际支付数，自动计算，不需要填。',
  'funds.carriedOver': '资金结余、结转数中结转到以后年度继续使用的部分（万元），没有填 0。结转数 + 财政收回数 = 财政拨款数 − 实际支付数。',
  'funds.recovered': '资金结余、结转数中被财政部门收回的部分（万元），没有填 0。结转数 + 财政收回数 = 财政拨款数 − 实际支付数。',
  'narrative.overview': '项目地点、规模、建设内容、资金总额、实施期限和实施单位，一段话即可。',
  'narrative.overallGoal': '项目最终要达到的目标，一般来自绩效目标申报表。',
  'narrative.annualGoals': '本年度计划完成的事项，一般来自绩效目标申报表。',
  'narrative.implementation': '本年度做了哪些工作、进度如何。',
  'narrative.results': '取得的成效，尽量用数字说话，数字要与指标表一致。',
  'narrative.problems': '项目管理中存在的问题及原因。',
  'narrative.suggestions': '针对存在问题的改进措施。',
  subItems: '项目资金按用途分成的子项（如“基本建设”“基本维护”），每个子项填预算数和实际数（万元）；子项实际数合计应等于实际支付数。',
};

/** Indicators of the common 投入 set and usual kinds, by a key word of the name. */
export const INDICATOR_HELP: Array<[RegExp, string]> = [
  [/预算执行率/, '实际支付数 ÷（年初预算数 + 调整数）× 100%，由预算和支付数自动计算，不需要填。'],
  [/资金节约率/, '项目节约的资金占预算的比例（%）。目标写“X%及其以下”表示不超过 X%；没有节约事项可回复“不适用”。'],
  [/合规性/, '资金使用是否符合财经法规和资金管理办法。达到填目标词（如“合规”），没达到填“未合规”，也可选等级。'],
  [/健全性/, '是否建立并执行了健全的财务管理制度。达到填目标词，没达到填“未”加目标词。'],
  [/专款专用/, '专款专用的资金占项目资金的比例（%），填实际比例，写法如“N%”。'],
  [/采购/, '政府采购是否按规定程序执行；没有采购事项可回复“不适用”。'],
  [/满意度/, '受益对象（如参观者、服务对象）满意的比例（%），一般来自问卷调查，填实际比例，写法如“N%”。'],
];

export const INDICATOR_HELP_GENERIC = {
  quantitative: (cat: string, target: string, unit: string) => `${cat}类指标，目标 ${target}。填截至年底（12 月 31 日）实际达到的数值，单位与目标一致，写法如“N${unit}”（N 为实际数）。`,
  qualitative: (cat: string, target: string) => `${cat}类指标，目标“${target}”。达到就填“${target}”，没达到填“未${target}”，部分达到可以选等级（好、较好、一般、较差、差）。`,
} as const;
