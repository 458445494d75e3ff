// The command recogniser and the fuzzy name matcher, as tables.
import { describe, expect, it } from 'vitest';
import { parseCommand, resolveRef } from '../../dialogs/engine/index.js';
import { seedForm } from '../fixtures/seedForm.js';

describe('parseCommand', () => {
  const rows: Array<[string, boolean, unknown]> = [
    ['帮助', false, { kind: 'help' }],
    ['help', false, { kind: 'help' }],
    ['上一步', false, { kind: 'back' }],
    ['Back', false, { kind: 'back' }],
    ['跳过。', false, { kind: 'skip' }],
    ['进度', false, { kind: 'progress' }],
    ['summary', false, { kind: 'summary' }],
    ['导出', false, { kind: 'export' }],
    ['重新开始', false, { kind: 'restart' }],
    ['表单', false, { kind: 'forms' }],
    ['新建', false, { kind: 'new' }],
    ['切换 2', false, { kind: 'switch', query: '2' }],
    ['switch to 苏州项目', false, { kind: 'switch', query: '苏州项目' }],
    ['为什么预算执行率扣分', false, { kind: 'why', query: '预算执行率' }],
    ['为什么这个指标扣分?', false, { kind: 'why', query: '这个指标' }],
    ['why 参观人数', false, { kind: 'why', query: '参观人数' }],
    ['修改 年初预算数', false, { kind: 'edit', query: '年初预算数' }],
    ['edit initial budget', false, { kind: 'edit', query: 'initial budget' }],
    ['年初预算数改成1800', false, { kind: 'set', query: '年初预算数', value: '1800', explicit: true }],
    ['把财政拨款数改为 800万元', false, { kind: 'set', query: '财政拨款数', value: '800万元', explicit: true }],
    ['修改 年初预算数为1800', false, { kind: 'set', query: '年初预算数', value: '1800', explicit: true }],
    ['change paid to 800', false, { kind: 'set', query: 'paid', value: '800', explicit: true }],
    ['参观人数是8757人次', false, { kind: 'set', query: '参观人数', value: '8757人次', explicit: false }],
    ['预算执行率的自评分是8', false, { kind: 'selfScore', query: '预算执行率', value: '8' }],
    ['自评分 8.66', false, { kind: 'selfScore', query: '', value: '8.66' }],
    ['保留', false, { kind: 'keep' }],
    ['保留 2 已与财政局核对', false, { kind: 'keep', index: 2, reason: '已与财政局核对' }],
    ['删除子项 1', false, { kind: 'delete', query: '子项 1' }],
    ['1900', false, undefined],
    ['合规', false, undefined],
    ['完成', false, undefined],
    ['保留了原有的管理制度', true, undefined],
  ];
  it.each(rows)('%s (free text: %s)', (text, freeText, expected) => {
    expect(parseCommand(text, { freeText })).toEqual(expected);
  });
});

describe('resolveRef', () => {
  const form = seedForm();
  const rows: Array<[string, unknown]> = [
    ['年初预算数', { kind: 'field', path: 'budget.initial' }],
    ['年初 预算数', { kind: 'field', path: 'budget.initial' }],
    ['调整数', { kind: 'field', path: 'budget.adjustment' }],
    ['拨款', { kind: 'field', path: 'budget.appropriated' }],
    ['initial budget', { kind: 'field', path: 'budget.initial' }],
    ['项目概况', { kind: 'field', path: 'narrative.overview' }],
    ['参观人数', { kind: 'indicator', index: 9 }],
    ['参观人数的目标值', { kind: 'indicator', index: 9, part: 'target' }],
    ['参观人数 自评分', { kind: 'indicator', index: 9, part: 'selfScore' }],
    ['满意度', { kind: 'indicator', index: 10 }],
    ['基本建设的实际数', { kind: 'subItem', index: 0, part: 'actual' }],
    ['子项2', { kind: 'subItem', index: 1 }],
    ['指标结余数', { kind: 'field', path: 'budget.quotaBalance' }], // stated on this form
  ];
  it.each(rows)('%s', (query, ref) => {
    expect(resolveRef(query, form)).toEqual({ ok: true, ref });
  });

  it('a derived figure the form does not state, an ambiguous and an unknown name', () => {
    expect(resolveRef('资金结余', { ...form, funds: { paid: '1' } })).toMatchObject({ ok: true, ref: { kind: 'derived', label: '资金结余、结转数' } });
    expect(resolveRef('面积', form)).toEqual({ ok: false, reason: 'ambiguous', options: ['装修面积', '项目布展面积'] });
    expect(resolveRef('不存在', form)).toEqual({ ok: false, reason: 'none' });
  });
});
