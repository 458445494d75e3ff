// What a user may type, as fast-check arbitraries: answers (seed answers, full-width digits,
// other notations), malformed numbers, hostile, emoji and huge text, commands, corrections.
// Each message says whether no question can accept it as a value ('invalid': a malformed number,
// hostile text — it may still fill a free-text question), or whether it is longer than any
// question reads ('tooLong': it must change nothing at all).
import fc from 'fast-check';
import { SEED_STEPS } from '../server/seedConversation.js';

export type Message = { text: string; kind: 'answer' | 'command' | 'invalid' | 'tooLong' };

/** Long texts print as "字"×20001 in a counterexample. */
export function short(text: string): string {
  const chars = [...text];
  if (chars.length <= 60) return JSON.stringify(text);
  const first = chars[0];
  return chars.every((c) => c === first) ? `${JSON.stringify(first)}×${chars.length}` : `${JSON.stringify(chars.slice(0, 40).join(''))}…(${chars.length} chars)`;
}

function msg(text: string, kind: Message['kind']): Message {
  return Object.defineProperty({ text, kind }, fc.toStringMethod, { value: () => `${kind}:${short(text)}`, enumerable: false });
}

const AMOUNT_LABELS = ['年初预算数', '财政拨款数', '实际支付数', '结转数', '财政收回数'];
const INDICATORS = ['预算执行率', '资金使用合规性', '专款专用率', '装修面积', '参观人数', '参观满意度', '竣工完成度', '资金节约率', '这个指标'];

/** Accepted notations of numbers: full-width digits, thousands separators, 万元/元, Chinese numerals. */
export const validVariants = fc.constantFrom(
  '１９００', '１，９００', '2０2１', '２０２１', '1,900', '1900万元', '19000000元', '一千九百', '负812.5', '-812.5', '８１２．１０１０２１',
  '０', '0.0', '５８５９平方米', '＝５８５９平方米', '８７５７人次', '１００％', '100 %', '=85%', '10%', '不适用',
);

/** Numbers no amount question accepts (checked against parseAmount). */
export const malformedNumbers = fc.constantFrom(
  '12..5', '1.2.3', '1e5', '1E3', '--5', '5-', 'NaN', 'Infinity', '-Infinity', '0x10', '1/2', '½', '5%%', '12,34,5',
  '1.1234567', '0.0000001', '−5', '1e-3', '约1900', '1900左右', '1900🙂', '１２．．５',
);

export const hostileTexts = fc.constantFrom(
  '<script>alert(1)</script>', "'; DROP TABLE forms; --", '${process.exit()}', '__proto__', 'constructor', '{"__proto__":{"polluted":1}}',
  '../../etc/passwd', '\u0000', '\u202e1900', 'null', 'undefined', '[]', '{}', '\\u0000', '%s%s%s%n', '🙂', '🎉🎉🎉', '👨‍👩‍👧‍👦', '\ud800', '\udfff\ud800',
  'A'.repeat(300), '字'.repeat(250),
);

/** Longer than the longest answer (a narrative: 20,000 characters). */
export const tooLongTexts = fc.constantFrom('字'.repeat(20_001), '🙂'.repeat(25_000), '1'.repeat(100_000), 'x'.repeat(200_000));

export const commands = fc.oneof(
  fc.constantFrom('帮助', 'help', '上一步', '跳过', '进度', '预览', '重新开始', '确定', '取消', '完成', '保留', '无', '是', '否', '表单', '新建', '子项', '导出', '切换 1', '切换 2', '保留 1 已核对'),
  fc.constantFrom(...INDICATORS).map((n) => `为什么${n}扣分`),
  fc.constantFrom(...AMOUNT_LABELS, ...INDICATORS, '项目名称', '项目年份').map((n) => `修改 ${n}`),
  fc.tuple(fc.constantFrom(...AMOUNT_LABELS), fc.constantFrom('1800', '１８００', '900万元', '0')).map(([l, v]) => `${l}改成${v}`),
  fc.tuple(fc.constantFrom('预算执行率', '参观人数', '装修面积'), fc.constantFrom('8', '0', '4.5')).map(([n, v]) => `${n}的自评分是${v}`),
  fc.constantFrom('参观人数是8757人次', '删除 装修面积', '删除子项 1', '说明：数据来自年报'),
);

/** Corrections whose value is malformed: the field must keep its value. */
export const badCorrections = fc.tuple(fc.constantFrom(...AMOUNT_LABELS), malformedNumbers).map(([l, v]) => `${l}改成${v}`);

export const seedAnswers = fc.constantFrom(...SEED_STEPS.map((s) => s.say));

export const message: fc.Arbitrary<Message> = fc.oneof(
  { weight: 5, arbitrary: seedAnswers.map((text) => msg(text, 'answer')) },
  { weight: 2, arbitrary: validVariants.map((text) => msg(text, 'answer')) },
  { weight: 3, arbitrary: commands.map((text) => msg(text, 'command')) },
  { weight: 2, arbitrary: malformedNumbers.map((text) => msg(text, 'invalid')) },
  { weight: 1, arbitrary: badCorrections.map((text) => msg(text, 'invalid')) },
  { weight: 2, arbitrary: hostileTexts.map((text) => msg(text, 'invalid')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => msg(text, 'invalid')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((text) => msg(text, 'invalid')) },
  { weight: 1, arbitrary: tooLongTexts.map((text) => msg(text, 'tooLong')) },
);

/**
 * Random conversations per property: the default keeps `npm test` short; FUZZ_RUNS=n (set by
 * `npm run test:long`) runs n conversations through the engine and n/10 over HTTP.
 */
export function fuzzRuns(defaultRuns: number, share = 1): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.max(1, Math.ceil(n * share)) : defaultRuns;
}
