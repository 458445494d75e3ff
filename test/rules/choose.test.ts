// Which form a project fills (rules/template/choose.ts): a place named decides, then the year, then
// the deployment's region; nothing decided → the conversation asks.
import { describe, expect, it } from 'vitest';
import { chooseTemplate } from '../../rules/index.js';

describe('chooseTemplate', () => {
  it.each([
    ['南京市民政局', 'national', 'named-other'],
    ['沭阳县教育局', 'national', 'named-other'],
    ['江苏省民政厅', 'national', 'named-other'],
    ['国家卫健委', 'national', 'named-other'],
    ['苏州市工业和信息化局', 'suzhou', 'named-suzhou'],
    ['姑苏区民政局', 'suzhou', 'named-suzhou'],
    ['苏州工业园区管委会', 'suzhou', 'named-suzhou'],
    ['工信局', 'suzhou', 'region'],
    ['某市民政局', 'suzhou', 'region'],
    ['街道社区居委会', 'suzhou', 'region'],
    ['市场监督管理局', 'suzhou', 'region'],
  ])('主管部门 %s → %s (%s) in a Suzhou deployment', (department, decided, because) => {
    expect(chooseTemplate({ department, year: 2022 })).toMatchObject({ decided, because });
  });

  it('the year decides when no place is named: before 2021 the Suzhou form did not exist', () => {
    expect(chooseTemplate({ department: '民政局', year: 2020 })).toMatchObject({ decided: 'national', because: 'year' });
    expect(chooseTemplate({ department: '民政局', year: 2021 })).toMatchObject({ decided: 'suzhou', because: 'region' });
    expect(chooseTemplate({ name: '苏州养老项目', department: '民政局', year: 2019 })).toMatchObject({ decided: 'suzhou' });
  });

  it('the region decides last; "ask" or an empty region leaves it to the user', () => {
    expect(chooseTemplate({ department: '民政局', year: 2022, region: '全国' })).toMatchObject({ decided: 'national', because: 'region' });
    expect(chooseTemplate({ department: '民政局', year: 2022, region: 'ask' })).toEqual({ because: 'unknown' });
    expect(chooseTemplate({ department: '民政局', year: 2022, region: ' ' })).toEqual({ because: 'unknown' });
    expect(chooseTemplate({ department: '南京市民政局', year: 2022, region: 'ask' })).toMatchObject({ decided: 'national' });
  });
});
