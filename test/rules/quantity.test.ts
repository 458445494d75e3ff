import { describe, expect, it } from 'vitest';
import { convertUnit, dec, isPercent, canonicalUnit, parseActualText, parseQuantityText, str } from '../../rules/index.js';

/** parseQuantityText with the value as a string. */
function target(text: string) {
  const t = parseQuantityText(text);
  return t.kind === 'quantitative' ? { ...t, value: str(t.value) } : t;
}

function actual(text: string) {
  const a = parseActualText(text);
  return a.kind === 'number' ? { ...a, value: str(a.value) } : a;
}

const q = (direction: string, value: string, unit: string, explicit = true) => ({ kind: 'quantitative', direction, explicit, value, unit });

describe('parseQuantityText: targets (目标值)', () => {
  it.each([
    ['=5859平方米', q('equal', '5859', '平方米')],
    ['＝５８５９平方米', q('equal', '5859', '平方米')],
    ['100%', q('equal', '100', '%', false)],
    ['100％', q('equal', '100', '%', false)],
    ['=8000人次', q('equal', '8000', '人次')],
    ['≥85%', q('atLeast', '85', '%')],
    ['>=85%', q('atLeast', '85', '%')],
    ['> = 85 %', q('atLeast', '85', '%')],
    ['85%以上', q('atLeast', '85', '%')],
    ['85%及以上', q('atLeast', '85', '%')],
    ['不低于85%', q('atLeast', '85', '%')],
    ['达到85%', q('atLeast', '85', '%')],
    ['≥85%以上', q('atLeast', '85', '%')],
    ['15%及其以下', q('atMost', '15', '%')],
    ['≤15%', q('atMost', '15', '%')],
    ['<=15%', q('atMost', '15', '%')],
    ['不超过15%', q('atMost', '15', '%')],
    ['不高于15%', q('atMost', '15', '%')],
    ['15%以内', q('atMost', '15', '%')],
    ['30天以内', q('atMost', '30', '天')],
    ['1,000人', q('equal', '1000', '人', false)],
    ['一千人', q('equal', '1000', '人', false)],
    ['八十五%', q('equal', '85', '%', false)],
    ['三个', q('equal', '3', '个', false)],
    ['100万元', q('equal', '100', '万元', false)],
    ['100万', q('equal', '100', '万元', false)],
    ['=0', q('equal', '0', '')],
    ['≥1万人次', q('atLeast', '10000', '人次')],
    ['1.2万平方米', q('equal', '12000', '平方米', false)],
  ])('%s', (text, expected) => {
    expect(target(text)).toEqual(expected);
  });

  it.each(['合规', '健全', '规范', '获得', '以内', '达到', '一般', '一流', '十佳', '约8000人次', '8000-9000人次', '≥85%以下'])(
    '%s is a word (qualitative), not a number',
    (text) => {
      expect(target(text)).toEqual({ kind: 'qualitative', word: text });
    },
  );

  it('an empty target is empty', () => {
    expect(target('')).toEqual({ kind: 'empty' });
    expect(target(' \u3000 ')).toEqual({ kind: 'empty' });
  });
});

describe('parseActualText: actuals (实际完成值)', () => {
  it.each([
    ['8757人次', { kind: 'number', value: '8757', unit: '人次' }],
    ['74.68%', { kind: 'number', value: '74.68', unit: '%' }],
    ['5859平方米', { kind: 'number', value: '5859', unit: '平方米' }],
    ['=5859平方米', { kind: 'number', value: '5859', unit: '平方米' }],
    ['1,000,000元', { kind: 'number', value: '1000000', unit: '元' }],
    ['一百人', { kind: 'number', value: '100', unit: '人' }],
    ['八千七百五十七人次', { kind: 'number', value: '8757', unit: '人次' }],
    ['百分之九十五', { kind: 'number', value: '95', unit: '%' }],
    ['百分之98.5', { kind: 'number', value: '98.5', unit: '%' }],
    ['百分百', { kind: 'number', value: '100', unit: '%' }],
    ['百分之百', { kind: 'number', value: '100', unit: '%' }],
    ['百分之九十五左右', { kind: 'word', word: '百分之九十五左右' }],
    ['0', { kind: 'number', value: '0', unit: '' }],
    ['-5', { kind: 'number', value: '-5', unit: '' }],
    ['负5%', { kind: 'number', value: '-5', unit: '%' }],
    ['-0', { kind: 'number', value: '0', unit: '' }],
    ['15%及其以下', { kind: 'not-a-number', text: '15%及其以下' }],
    ['≥85%', { kind: 'not-a-number', text: '≥85%' }],
    ['约8000人次', { kind: 'not-a-number', text: '约8000人次' }],
    ['8000余人次', { kind: 'not-a-number', text: '8000余人次' }],
    ['近8000人次', { kind: 'not-a-number', text: '近8000人次' }],
    ['合规', { kind: 'word', word: '合规' }],
    ['一般', { kind: 'word', word: '一般' }],
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
  ])('%j', (text, expected) => {
    expect(actual(text)).toEqual(expected);
  });
});

describe('units', () => {
  const conv = (v: string, from: string, to: string) => {
    const r = convertUnit(dec(v), from, to);
    return r === undefined ? undefined : str(r);
  };

  it('converts money between 元, 千元, 万元 and 亿元 exactly', () => {
    expect(conv('1000000', '元', '万元')).toBe('100');
    expect(conv('100', '万元', '元')).toBe('1000000');
    expect(conv('1.9', '亿元', '万元')).toBe('19000');
    expect(conv('1', '元', '亿元')).toBe('0.00000001');
    expect(conv('3', '千元', '万元')).toBe('0.3');
    expect(conv('100', '万', '万元')).toBe('100');
  });

  it('converts % and ‰, and reads a missing unit as the other side', () => {
    expect(conv('5', '‰', '%')).toBe('0.5');
    expect(conv('85', '%', '%')).toBe('85');
    expect(conv('85', '', '%')).toBe('85');
    expect(conv('85', '%', '')).toBe('85');
    expect(isPercent('%')).toBe(true);
    expect(isPercent('人次')).toBe(false);
  });

  it('converts area and mass, but not across groups', () => {
    expect(conv('1', '公顷', '平方米')).toBe('10000');
    expect(conv('5859', '㎡', '平方米')).toBe('5859');
    expect(conv('2', '吨', '千克')).toBe('2000');
    expect(conv('1', '平方米', '米')).toBeUndefined();
    expect(conv('1', '万元', '%')).toBeUndefined();
  });

  it('does not convert 人 and 人次, or units it does not know', () => {
    expect(conv('8757', '人', '人次')).toBeUndefined();
    expect(conv('8757', '人次', '人')).toBeUndefined();
    expect(conv('3', '个', '家')).toBeUndefined();
    expect(conv('8757', '人次', '人次')).toBe('8757');
  });

  it('a unit named like an object property is an unknown unit, not a crash', () => {
    expect(conv('1', 'constructor', '元')).toBeUndefined();
    expect(conv('1', 'toString', 'toString')).toBe('1');
    expect(canonicalUnit('toString')).toBe('toString');
    expect(target('=5toString')).toEqual(q('equal', '5', 'toString'));
  });

  it('spells units canonically', () => {
    expect(canonicalUnit(' 平方 ')).toBe('平方米');
    expect(canonicalUnit('万')).toBe('万元');
    expect(canonicalUnit('人次')).toBe('人次');
  });
});
