// Every cross-check of domain.md §3: a form where it passes and one where it fails, with the
// zh-CN sentence asserted for several.
import { describe, expect, it } from 'vitest';
import {
  blockingFindings,
  CHECK_CODES,
  deriveFigures,
  renderFinding,
  runChecks,
  scoreForm,
  SEVERITY,
  type CheckCode,
  type Form,
  type FormScore,
} from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { suzhou } from './helpers.js';

const score = (mutate: (f: Form) => void = () => {}, final = false): FormScore => {
  const f = seedForm();
  mutate(f);
  return scoreForm(f, { final });
};
const failed = (s: FormScore, code: CheckCode, subject?: string) =>
  s.findings.filter((f) => f.code === code && (subject === undefined || f.subject === subject));
const status = (s: FormScore, code: CheckCode, subject?: string) =>
  s.checks.filter((c) => c.code === code && (subject === undefined || c.subject === subject)).map((c) => c.status);

/** Each code: a change to the seed that keeps it passing (or absent), and one that makes it fail. */
const CASES: Record<CheckCode, { pass: (f: Form) => void; fail: (f: Form) => void; subject?: string }> = {
  'budget.quota-balance': { pass: () => {}, fail: (f) => void (f.budget.quotaBalance = '275.39898') },
  'funds.balance': { pass: () => {}, fail: (f) => void (f.funds.balance = '0.000001') },
  'funds.balance-split': { pass: () => {}, fail: (f) => void (f.funds.carriedOver = '1') },
  'funds.order': {
    pass: () => {},
    fail: (f) => {
      f.funds.paid = '900';
      f.funds.balance = undefined;
    },
  },
  'subitems.actual-sum': { pass: () => {}, fail: (f) => void (f.subItems[1].actual = '423.468662') },
  'subitems.budget-sum': { pass: () => {}, fail: (f) => void (f.subItems[0].budget = '387.5') },
  'weights.category-sum': { pass: () => {}, fail: (f) => void (f.indicators[6].weight = '8.67') },
  'indicator.execution-rate': { pass: () => {}, fail: (f) => void (f.indicators[4].actual = '74.67%'), subject: '预算执行率' },
  'indicator.not-a-number': { pass: (f) => void (f.indicators[5].actual = '3%'), fail: () => {}, subject: '资金节约率' },
  'indicator.missing-value': { pass: () => {}, fail: (f) => void (f.indicators[6].actual = undefined), subject: '装修面积' },
  'indicator.self-score-mismatch': { pass: () => {}, fail: (f) => void (f.indicators[0].selfScore = '3.5'), subject: '资金使用合规性' },
  'indicator.over-completion': { pass: () => {}, fail: (f) => void (f.indicators[9].actual = '10400人次'), subject: '参观人数' },
  'indicator.unit-mismatch': { pass: () => {}, fail: (f) => void (f.indicators[9].actual = '8757人'), subject: '参观人数' },
  'indicator.needs-grade': { pass: () => {}, fail: (f) => void (f.indicators[1].actual = '基本健全'), subject: '财务制度健全性' },
  'indicator.negative-actual': { pass: () => {}, fail: (f) => void (f.indicators[6].actual = '-5859平方米'), subject: '装修面积' },
  'indicator.target-missing': { pass: () => {}, fail: (f) => void (f.indicators[7].target = ''), subject: '项目布展面积' },
  'narrative.figure-mismatch': {
    pass: (f) => void (f.narrative.results = '2021年，共计接待562批次，服务8757人次。'),
    fail: () => {},
    subject: '参观人数',
  },
};

describe('every cross-check passes on a good form and fails on a bad one', () => {
  it('covers every code of rules/checks/types.ts', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CHECK_CODES].sort());
  });

  for (const code of CHECK_CODES) {
    const c = CASES[code];
    it(`${code} (${SEVERITY[code]})`, () => {
      const good = score(c.pass);
      expect(failed(good, code, c.subject)).toEqual([]);
      const bad = score(c.fail);
      const found = failed(bad, code, c.subject);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.severity).toBe(SEVERITY[code]);
        expect(f.message).toMatch(/[\u4e00-\u9fff]/);
        expect(f.message).toBe(renderFinding(f));
      }
    });
  }
});

describe('budget identities (填表说明第1条)', () => {
  it('the seed: all identities hold exactly', () => {
    const s = score();
    for (const code of ['budget.quota-balance', 'funds.balance', 'funds.balance-split', 'funds.order', 'subitems.actual-sum', 'subitems.budget-sum'] as const) {
      expect(status(s, code)).toEqual(['pass']);
    }
    expect(s.derived).toMatchObject({ adjustedBudget: '1087.5', quotaBalance: '275.398979', fundsBalance: '0', balanceSplit: '0', subItemBudgetSum: '1900', subItemActualSum: '812.101021' });
  });

  it('budget.quota-balance: off by one 分 is an error, with the formula in the message', () => {
    const s = score(CASES['budget.quota-balance'].fail);
    expect(failed(s, 'budget.quota-balance')[0].message).toBe(
      '指标结余数应为 1900 + (-812.5) − 812.101021 = 275.398979 万元，表中填的是 275.39898 万元。请核对年初预算数、调整数、财政拨款数或指标结余数。',
    );
    expect(failed(s, 'budget.quota-balance')[0]).toMatchObject({ severity: 'error', subject: 'budget.quotaBalance' });
  });

  it('budget.quota-balance is undecided until the figures are there, and passes when it is derived only', () => {
    expect(status(score((f) => void (f.budget.adjustment = undefined)), 'budget.quota-balance')).toEqual(['undecided']);
    expect(status(score((f) => void (f.budget.quotaBalance = undefined)), 'budget.quota-balance')).toEqual(['pass']);
  });

  it('funds.balance and funds.balance-split', () => {
    const s = score(CASES['funds.balance'].fail);
    expect(failed(s, 'funds.balance')[0].message).toBe(
      '资金结余、结转数应为 财政拨款数 812.101021 − 实际支付数 812.101021 = 0 万元，表中填的是 0.000001 万元。请核对这几个数。',
    );
    const split = score(CASES['funds.balance-split'].fail);
    expect(failed(split, 'funds.balance-split')[0].message).toBe('资金结余、结转数 0 万元应等于 结转数 1 + 财政收回数 0 = 1 万元。请核对结转数和财政收回数。');
    const ok = score((f) => {
      f.funds.paid = '800';
      f.funds.balance = '12.101021';
      f.funds.carriedOver = '10';
      f.funds.recovered = '2.101021';
      f.subItems[1].actual = '411.367642';
    });
    expect([...status(ok, 'funds.balance'), ...status(ok, 'funds.balance-split'), ...status(ok, 'subitems.actual-sum')]).toEqual(['pass', 'pass', 'pass']);
  });

  describe('funds.order: 0 ≤ 实际支付数 ≤ 财政拨款数 ≤ 年初预算数 + 调整数', () => {
    it('实际支付数 > 财政拨款数', () => {
      const [f] = failed(score(CASES['funds.order'].fail), 'funds.order');
      expect(f.params).toEqual({ rule: 'paid>appropriated', paid: '900', appropriated: '812.101021' });
      expect(f.message).toBe('实际支付数 900 万元大于财政拨款数 812.101021 万元。实际支付数不能超过拨款，请核对。');
    });

    it('财政拨款数 > 调整后预算', () => {
      const s = score((f) => {
        f.budget.appropriated = '1100';
        f.budget.quotaBalance = undefined;
        f.funds.balance = undefined;
      });
      const [f] = failed(s, 'funds.order');
      expect(f.params).toEqual({ rule: 'appropriated>adjusted', appropriated: '1100', adjusted: '1087.5' });
      expect(f.message).toBe('财政拨款数 1100 万元大于调整后预算 1087.5 万元（年初预算数 + 调整数）。请核对。');
    });

    it('调整后预算 < 0 is named as the cause, not as "拨款 > 调整后预算"', () => {
      const s = score((f) => {
        f.budget.adjustment = '-2000';
        f.budget.quotaBalance = undefined;
      });
      const [f] = failed(s, 'funds.order');
      expect(f).toMatchObject({ subject: 'budget.adjustment', params: { rule: 'adjusted<0', adjusted: '-100' } });
      expect(f.message).toBe('调整后预算（年初预算数 + 调整数）为 -100 万元，不能为负。请核对调整数。');
    });

    it('a negative amount (other than the adjustment) — as an imported form may hold it', () => {
      // The form model refuses negative amounts, so the check is run on the raw form.
      const f = seedForm();
      f.funds.recovered = '-1';
      const checks = runChecks(f, [], suzhou(), deriveFigures(f), false);
      const order = checks.find((c) => c.code === 'funds.order')!;
      expect(order).toEqual({ code: 'funds.order', severity: 'error', status: 'fail', params: { rule: 'negative', field: 'funds.recovered', value: '-1' }, subject: 'funds.recovered' });
      expect(renderFinding(order)).toBe('财政收回数不能为负数（填的是 -1）。只有调整数可以为负。');
    });

    it('a negative adjustment alone is fine (the seed), and the order is undecided without figures', () => {
      expect(status(score(), 'funds.order')).toEqual(['pass']);
      expect(status(score((f) => void (f.funds.paid = undefined)), 'funds.order')).toEqual(['undecided']);
    });
  });

  it('subitems: Σ 实际数 = 实际支付数 is an error; Σ 预算数 = 年初预算数 (1900, not 1087.5) only a warning', () => {
    const a = failed(score(CASES['subitems.actual-sum'].fail), 'subitems.actual-sum')[0];
    expect(a.message).toBe('子项实际数合计 812.10102 万元，与实际支付数 812.101021 万元不等。请核对各子项的实际数。');
    const b = failed(score(CASES['subitems.budget-sum'].fail), 'subitems.budget-sum')[0];
    expect(b).toMatchObject({ severity: 'warning', params: { sum: '1087.5', initial: '1900', adjusted: '1087.5' } });
    expect(b.message).toBe('子项预算数合计 1087.5 万元，与年初预算数 1900 万元不等（仅提示）。');
    expect(status(score((f) => void (f.subItems = [])), 'subitems.actual-sum')).toEqual(['undecided']);
  });
});

describe('weights.category-sum', () => {
  it('a category that does not add up, and the grand total', () => {
    const s = score(CASES['weights.category-sum'].fail);
    expect(failed(s, 'weights.category-sum').map((f) => f.message)).toEqual([
      '产出类 3 项指标权重合计 26.01 分，应为 26 分。请调整权重或改回默认权重。',
      '全部指标权重合计 80.01 分，应为 80 分。',
    ]);
  });

  it('an empty category is a failure only on the final check', () => {
    const noImpact = (f: Form) => void (f.indicators = f.indicators.filter((i) => i.category !== 'impact'));
    expect(failed(score(noImpact), 'weights.category-sum')).toEqual([]);
    expect(status(score(noImpact), 'weights.category-sum', 'impact')).toEqual(['undecided']);
    const final = failed(score(noImpact, true), 'weights.category-sum');
    expect(final.map((f) => f.message)).toEqual(['影响力类还没有指标，该类 6 分需要至少一项指标。', '全部指标权重合计 74 分，应为 80 分。']);
  });
});

describe('indicator checks', () => {
  it('indicator.execution-rate: the stated rate against the computed one (to 0.01)', () => {
    const [f] = failed(score(CASES['indicator.execution-rate'].fail), 'indicator.execution-rate');
    expect(f.message).toBe('「预算执行率」填的是 74.67%，按预算执行情况计算应为 74.68%（实际支付数 ÷ 调整后预算）。得分按计算值。');
    expect(status(score((f) => void (f.indicators[4].actual = '74.676%')), 'indicator.execution-rate')).toEqual(['pass']);
    expect(status(score((f) => void (f.indicators[4].actual = '')), 'indicator.execution-rate')).toEqual(['pass']);
    expect(failed(score((f) => void (f.indicators[4].actual = '较好')), 'indicator.execution-rate')[0].message).toBe(
      '「预算执行率」填的是 较好，按预算执行情况计算应为 74.68%（实际支付数 ÷ 调整后预算）。得分按计算值。',
    );
    expect(status(score((f) => void (f.funds.paid = undefined)), 'indicator.execution-rate')).toEqual(['undecided']);
  });

  it('indicator.not-a-number: the seed 资金节约率 "15%及其以下"', () => {
    const [f] = failed(score(), 'indicator.not-a-number');
    expect(f.subject).toBe('资金节约率');
    expect(f.message).toBe('「资金节约率」的实际完成值“15%及其以下”不是具体数值，且无说明，按填表说明得 0 分。请填写具体数值。');
    const noted = failed(score((x) => void (x.indicators[5].note = '未单独核算节约资金')), 'indicator.not-a-number')[0];
    expect(noted.message).toBe('「资金节约率」的实际完成值“15%及其以下”不是具体数值（已有说明，暂按 0 分，待复核）。请填写具体数值。');
  });

  it('indicator.missing-value, with and without an explanation', () => {
    expect(failed(score(CASES['indicator.missing-value'].fail), 'indicator.missing-value')[0].message).toBe(
      '「装修面积」没有实际完成值，也没有说明，按填表说明得 0 分。请填写实际完成值或说明原因。',
    );
    const noted = score((f) => {
      f.indicators[6].actual = undefined;
      f.indicators[6].note = '装修尚未验收';
    });
    expect(failed(noted, 'indicator.missing-value')[0].message).toBe('「装修面积」没有实际完成值，已说明原因：装修尚未验收。暂按 0 分，待复核。');
    expect(noted.indicators[6].status).toBe('provisional');
  });

  it('indicator.self-score-mismatch: the seed 预算执行率 and 资金节约率', () => {
    const s = score();
    expect(failed(s, 'indicator.self-score-mismatch').map((f) => f.message)).toEqual([
      '「预算执行率」自评分 8.00 分，按规则应得 0.00 分（相差 8.00 分）。未说明原因。',
      '「资金节约率」自评分 2.00 分，按规则应得 0.00 分（相差 2.00 分）。未说明原因。',
    ]);
    expect(status(s, 'indicator.self-score-mismatch', '资金使用合规性')).toEqual(['pass']);
  });

  it('indicator.self-score-mismatch: the unit\'s reason is part of the finding (still a warning, never an error)', () => {
    const s = score((f) => void (f.indicators[4].selfScore = '6'), false);
    const r = score((f) => {
      f.indicators[4].selfScoreReason = '年底支付受疫情影响，已于次年1月付清';
    });
    expect(failed(r, 'indicator.self-score-mismatch', '预算执行率').map((f) => [f.severity, f.message])).toEqual([
      ['warning', '「预算执行率」自评分 8.00 分，按规则应得 0.00 分（相差 8.00 分）。单位说明的原因：年底支付受疫情影响，已于次年1月付清'],
    ]);
    expect(failed(s, 'indicator.self-score-mismatch', '预算执行率')[0].params.diff).toBe('6.00');
  });

  it('indicator.over-completion: ≥ 130 % without a note', () => {
    expect(failed(score(CASES['indicator.over-completion'].fail), 'indicator.over-completion')[0].message).toBe(
      '「参观人数」完成率 130.00%，达到或超过 130%，请补充说明（目标是否定得过低）。',
    );
    expect(status(score((f) => void (f.indicators[9].actual = '10399人次')), 'indicator.over-completion', '参观人数')).toEqual(['pass']);
    const noted = score((f) => {
      f.indicators[9].actual = '12000人次';
      f.indicators[9].note = '新增周末开放';
    });
    expect(status(noted, 'indicator.over-completion', '参观人数')).toEqual(['pass']);
  });

  it('the extra codes: unit mismatch, needs a grade, negative actual (an error), missing target', () => {
    expect(failed(score(CASES['indicator.unit-mismatch'].fail), 'indicator.unit-mismatch')[0].message).toBe(
      '「参观人数」实际值的单位“人”与目标值的单位“人次”不一致，无法比较。请按目标值的单位填写。',
    );
    expect(failed(score(CASES['indicator.needs-grade'].fail), 'indicator.needs-grade')[0].message).toBe(
      '「财务制度健全性」的实际情况“基本健全”不能直接判断是否达到“健全”。请选择等级：好、较好、一般、较差、差。',
    );
    const negative = score(CASES['indicator.negative-actual'].fail);
    expect(failed(negative, 'indicator.negative-actual')[0].message).toBe('「装修面积」的实际完成值 -5859 为负数，这是填写错误。请改正。');
    expect(blockingFindings(negative).map((f) => f.code)).toEqual(['indicator.negative-actual']);
    expect(failed(score(CASES['indicator.target-missing'].fail), 'indicator.target-missing')[0].message).toBe(
      '「项目布展面积」没有目标值，无法评分。请填写目标值。',
    );
  });
});

describe('narrative.figure-mismatch', () => {
  it('finds the seed report\'s 11723人次 against the table\'s 8757人次', () => {
    const found = failed(score(), 'narrative.figure-mismatch');
    expect(found.map((f) => [f.subject, f.params])).toEqual([['参观人数', { unit: '人次', narrative: '11723', table: '8757' }]]);
    expect(found[0].message).toBe('报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致。请核对，统一口径。');
  });

  it('leaves approximate figures alone (约3373平方米, 5000余次) and the target figure (8000人次)', () => {
    const s = score((f) => void (f.narrative.results = '占地面积约3373平方米，超额完成既定目标（8000人次），实际8757人次。'));
    expect(failed(s, 'narrative.figure-mismatch')).toEqual([]);
  });

  it('an area figure that is in no row of the table is reported against the indicator the text names (装修), not every area indicator', () => {
    const s = score((f) => void (f.narrative.results = '完成装修5860平方米。'));
    expect(failed(s, 'narrative.figure-mismatch').map((f) => f.subject)).toEqual(['装修面积']);
    const untied = score((f) => void (f.narrative.results = '新增绿化5860平方米。'));
    expect(failed(untied, 'narrative.figure-mismatch')).toEqual([]);
  });

  it('does not read 11723人次 as 人 when the table counts 人', () => {
    const s = score((f) => {
      f.indicators[9] = { ...f.indicators[9], target: '=500人', actual: '500人' };
      f.narrative.results = '共培训学员500人，服务11723人次，覆盖1.2万人。';
    });
    expect(failed(s, 'narrative.figure-mismatch')).toEqual([]);
  });

  it('no narrative, nothing to compare', () => {
    expect(failed(score((f) => void (f.narrative = {})), 'narrative.figure-mismatch')).toEqual([]);
  });
});

describe('overrides and blocking findings', () => {
  it('an error overridden with a reason is kept but does not block', () => {
    const s = score((f) => {
      f.budget.quotaBalance = '1';
      f.overrides = [{ code: 'budget.quota-balance', reason: '财政系统口径不同，已与财政局确认' }];
    });
    const [f] = failed(s, 'budget.quota-balance');
    expect(f.overridden).toBe('财政系统口径不同，已与财政局确认');
    expect(blockingFindings(s)).toEqual([]);
  });

  it('an override for another subject does not cover the error; errors come first', () => {
    const s = score((f) => {
      f.funds.paid = '900';
      f.funds.balance = undefined;
      f.overrides = [{ code: 'funds.order', subject: 'budget.appropriated', reason: '另有说明' }];
    });
    expect(blockingFindings(s).map((f) => f.code)).toEqual(['funds.balance-split', 'funds.order', 'subitems.actual-sum']);
    const severities = s.findings.map((f) => f.severity);
    expect(severities.indexOf('warning')).toBeGreaterThan(severities.lastIndexOf('error'));
  });

  it('the seed has warnings only: nothing blocks', () => {
    expect(blockingFindings(score())).toEqual([]);
  });
});
