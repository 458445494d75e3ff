import { describe, expect, it } from 'vitest';
import { parseAmount, str } from '../../rules/index.js';

/** parseAmount with the decimal as a string, so whole results compare with toEqual. */
function amount(text: string, options: { allowNegative?: boolean } = {}) {
  const r = parseAmount(text, options);
  return r.ok ? { ok: true, value: str(r.value.value), unitTyped: r.value.unitTyped } : r;
}

describe('parseAmount: what people type, into 万元', () => {
  it.each([
    ['1900', '1900', ''],
    ['1,900.5', '1900.5', ''],
    ['1900万元', '1900', '万元'],
    ['1900万', '1900', '万'],
    ['19000000元', '1900', '元'],
    ['1900千元', '190', '千元'],
    ['1.9亿元', '19000', '亿元'],
    ['1.9亿', '19000', '亿'],
    ['一千九百万元', '1900', '元'],
    ['一千九百万', '1900', '元'],
    ['一千九百', '1900', ''],
    ['壹仟玖佰', '1900', ''],
    ['八百一十二点五', '812.5', ''],
    ['八百一十二点一零一零二一万', '812.101021', '万'],
    ['一点五亿元', '15000', '亿元'],
    ['１９００', '1900', ''],
    ['１，９００', '1900', ''],
    ['  1900 万元 ', '1900', '万元'],
    ['812.101021', '812.101021', ''],
    ['0.01元', '0.000001', '元'],
    ['.5', '0.5', ''],
    ['0', '0', ''],
    ['-0', '0', ''],
  ])('%s → %s 万元', (text, value, unitTyped) => {
    expect(amount(text)).toEqual({ ok: true, value, unitTyped });
  });

  it('reads negative amounts only where allowed (the adjustment)', () => {
    for (const text of ['负812.5', '-812.5', '－８１２．５', '调减812.5']) {
      expect(amount(text, { allowNegative: true })).toEqual({ ok: true, value: '-812.5', unitTyped: '' });
      expect(amount(text)).toEqual({ ok: false, error: { code: 'negative', value: '-812.5' } });
    }
    expect(amount('调增812.5', { allowNegative: true })).toEqual({ ok: true, value: '812.5', unitTyped: '' });
  });

  it.each([
    ['', { code: 'empty' }],
    ['   ', { code: 'empty' }],
    ['abc', { code: 'not-a-number', text: 'abc' }],
    ['😀', { code: 'not-a-number', text: '😀' }],
    ['1900😀', { code: 'not-a-number', text: '1900😀' }],
    ['1e3', { code: 'not-a-number', text: '1e3' }],
    ['0x10', { code: 'not-a-number', text: '0x10' }],
    ['1,90', { code: 'not-a-number', text: '1,90' }],
    ['1900.', { code: 'not-a-number', text: '1900.' }],
    ['一二', { code: 'not-a-number', text: '一二' }],
    ['万元', { code: 'not-a-number', text: '万元' }],
    ['NaN', { code: 'not-a-number', text: 'NaN' }],
    ['1900或1800', { code: 'ambiguous', text: '1900或1800' }],
    ['约1900', { code: 'ambiguous', text: '约1900' }],
    ['1900左右', { code: 'ambiguous', text: '1900左右' }],
    ['1800-1900', { code: 'ambiguous', text: '1800-1900' }],
    ['1800~1900', { code: 'ambiguous', text: '1800~1900' }],
    ['0.0000001', { code: 'too-many-decimals', value: '0.0000001' }],
    ['0.001元', { code: 'too-many-decimals', value: '0.0000001' }],
    ['三点一四一五九二六', { code: 'too-many-decimals', value: '3.1415926' }],
    ['85%', { code: 'wrong-unit', unit: '%' }],
    ['1900人', { code: 'wrong-unit', unit: '人' }],
    ['1900平方米', { code: 'wrong-unit', unit: '平方米' }],
    ['5kg', { code: 'wrong-unit', unit: 'kg' }],
  ])('refuses %j with the reason', (text, error) => {
    expect(amount(text)).toEqual({ ok: false, error });
  });

  it('refuses a 10,000-character string without reading it', () => {
    expect(amount('1'.repeat(10_000))).toEqual({ ok: false, error: { code: 'too-long', length: 10_000 } });
    expect(amount('９'.repeat(10_000))).toEqual({ ok: false, error: { code: 'too-long', length: 10_000 } });
  });

  it('keeps six decimals exactly (to the 分) and never goes through a float', () => {
    expect(amount('0.000001')).toEqual({ ok: true, value: '0.000001', unitTyped: '' });
    expect(amount('99999999999.999999')).toEqual({ ok: true, value: '99999999999.999999', unitTyped: '' });
    expect(amount('0.1')).toEqual({ ok: true, value: '0.1', unitTyped: '' });
    expect(amount('1,900,000.123456')).toEqual({ ok: true, value: '1900000.123456', unitTyped: '' });
  });
});
