// Amounts as people type them, into 万元: 1900, 1,900.5, 1900万元, 19000000元, 1.9亿元,
// 一千九百万元, 负812.5, full-width １９００. Never throws: a failure says why.
import { Dec, dec, places, str, type DecString } from '../core/decimal.js';
import { err, ok, type Result } from '../core/result.js';
import { parseChineseNumeral } from './chineseNumber.js';
import { normalizeText } from './normalize.js';

export type AmountError =
  | { code: 'empty' }
  | { code: 'too-long'; length: number }
  | { code: 'not-a-number'; text: string }
  | { code: 'ambiguous'; text: string }
  | { code: 'wrong-unit'; unit: string }
  | { code: 'too-many-decimals'; value: DecString }
  | { code: 'negative'; value: DecString };

export type ParsedAmount = {
  /** The amount in 万元. */
  value: Dec;
  /** The unit the user typed ("" when none: read as 万元). */
  unitTyped: string;
};

const UNIT_FACTORS: Record<string, string> = {
  '': '1',
  万元: '1',
  万: '1',
  元: '0.0001',
  千元: '0.1',
  亿元: '10000',
  亿: '10000',
};

/** What a unit looks like: Chinese characters (人, 平方米), a percent or per-mille sign, ㎡, or a common Latin unit (kg, m2). */
const UNIT_LIKE = /^(\p{Script=Han}{1,6}|[%‰㎡]|kg|km|cm|mm|m2|m|g|t|h)$/iu;

const MAX_PLACES = 6;
const MAX_LENGTH = 60;

export function parseAmount(input: string, options: { allowNegative?: boolean } = {}): Result<ParsedAmount, AmountError> {
  const text = normalizeText(input).replace(/\s+/g, '');
  if (text === '') return err({ code: 'empty' });
  if (text.length > MAX_LENGTH) return err({ code: 'too-long', length: text.length });
  if (/约|左右|大约|或|~|～|\/|至|到/.test(text) || /\d-\d/.test(text)) return err({ code: 'ambiguous', text });

  let body = text;
  let negative = false;
  const sign = /^(负|-|\+|调减|减少|调增|增加)/.exec(body);
  if (sign) {
    negative = sign[1] === '负' || sign[1] === '-' || sign[1] === '调减' || sign[1] === '减少';
    body = body.slice(sign[1].length);
  }

  const parsed = parseBody(body);
  if (!parsed.ok) return err(parsed.error);
  let value = parsed.value;
  if (negative) value = value.negated();
  if (value.isZero()) value = new Dec(0);
  if (places(value) > MAX_PLACES) return err({ code: 'too-many-decimals', value: str(value) });
  if (value.isNegative() && !options.allowNegative) return err({ code: 'negative', value: str(value) });
  return ok({ value, unitTyped: parsed.unit });
}

function parseBody(body: string): Result<Dec, AmountError> & { unit: string } {
  const m = /^(.*?)(万元|千元|亿元|元|万|亿)?$/.exec(body);
  const numberText = m?.[1] ?? body;
  const unit = m?.[2] ?? '';
  const arabic = parseArabic(numberText);
  if (arabic) {
    return { ...ok(arabic.times(dec(UNIT_FACTORS[unit]))), unit };
  }
  if (/\d/.test(numberText) && /[^\d.,]/.test(numberText) && !/[零〇一二两三四五六七八九十百千万亿点]/.test(numberText)) {
    // A number followed by something that reads as a unit (85%, 1900人, 5kg) is the wrong unit;
    // followed by anything else (1900😀, 1e3, 0x10) it is not a number at all.
    const unitMatch = /^\d[\d.,]*(.+)$/.exec(body);
    if (unitMatch && parseArabic(body.slice(0, body.length - unitMatch[1].length)) && UNIT_LIKE.test(unitMatch[1])) {
      return { ...err({ code: 'wrong-unit', unit: unitMatch[1] }), unit: unitMatch[1] };
    }
  }
  // Chinese numerals: the 万/亿 inside them are part of the number, so read the whole thing in 元
  // when it has a big unit or ends with 元, otherwise in 万元 (the field's unit).
  const cnText = body.endsWith('元') ? body.slice(0, -1) : body;
  const cn = parseChineseNumeral(cnText);
  if (cn) {
    const inYuan = body.endsWith('元') || /[万亿]/.test(cnText);
    return { ...ok(inYuan ? cn.times(dec('0.0001')) : cn), unit: inYuan ? '元' : '' };
  }
  // A decimal numeral before its unit ("八百一十二点一零一零二一万", "一点五亿元"): the 万/亿 is the unit.
  const decimalThenUnit = /^(.+点.+?)(万元|亿元|万|亿)$/.exec(body);
  const cnDecimal = decimalThenUnit ? parseChineseNumeral(decimalThenUnit[1]) : undefined;
  if (decimalThenUnit && cnDecimal) return { ...ok(cnDecimal.times(dec(UNIT_FACTORS[decimalThenUnit[2]]))), unit: decimalThenUnit[2] };
  return { ...err({ code: 'not-a-number', text: body }), unit };
}

/** 1900, 1,900.5, 0.5 — commas only as thousands separators. */
function parseArabic(text: string): Dec | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return dec(text);
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return dec(text.replace(/,/g, ''));
  if (/^\.\d+$/.test(text)) return dec(`0${text}`);
  return undefined;
}
