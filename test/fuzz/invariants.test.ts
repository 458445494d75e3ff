// The fuzz invariants themselves: each checker finds the violation it is there for (a checker
// that never complains would make the fuzzed properties pass whatever the bot does).
import { describe, expect, it } from 'vitest';
import { handleTurn, scoreCard, startConversation, type Session } from '../../dialogs/engine/index.js';
import { scoreForm } from '../../rules/index.js';
import { SEED_STEPS } from '../server/seedConversation.js';
import { leaves, lostValues, scoreMismatches, storedSession } from './invariants.js';

const deps = { clock: { now: () => new Date('2026-03-01T08:00:00Z') } };

async function filled(): Promise<Session> {
  let session: unknown = startConversation(undefined, deps).session;
  for (const step of SEED_STEPS) session = (await handleTurn(session, { text: step.say }, deps)).session;
  return storedSession(session).session!;
}

describe('fuzz invariants', () => {
  it('storedSession rejects a form that breaks the model', async () => {
    const session = await filled();
    expect(storedSession(session).problems).toEqual([]);
    const broken = structuredClone(session);
    (broken.forms[0].form.budget as Record<string, unknown>).initial = '1,900';
    expect(storedSession(broken).problems.join()).toMatch(/Session model|Form model/);
  });

  it('lostValues names a value changed or removed by an invalid message, and allows the free-text question asked', async () => {
    const before = await filled();
    const after = structuredClone(before);
    after.forms[0].form.budget.initial = '1';
    delete after.forms[0].form.subItems[1].actual;
    const problems = lostValues(before, after, '12..5', 'invalid');
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/budget\.initial was "1900", is "1"/);
    expect(problems.join('\n')).toMatch(/subItems\[基本维护\]\.actual was "423\.468663", is gone/);

    const asking = structuredClone(before);
    asking.forms[0].asking = 'project.name';
    const renamed = structuredClone(asking);
    renamed.forms[0].form.project.name = '<script>';
    expect(lostValues(asking, renamed, '<script>', 'invalid')).toEqual([]);
    expect(lostValues(asking, renamed, '字'.repeat(20_001), 'tooLong')).toHaveLength(1);
  });

  it('leaves follow indicators by name, so an insertion does not look like a change', async () => {
    const form = (await filled()).forms[0].form;
    const shifted = { ...form, indicators: [form.indicators[1], form.indicators[0], ...form.indicators.slice(2)] };
    expect(leaves(shifted)).toEqual(leaves(form));
  });

  it('scoreMismatches finds a reported total, table or indicator score that an audit of the stored form contradicts', async () => {
    const session = await filled();
    const form = session.forms[0].form;
    const final = scoreForm(form, { final: true });
    const card = scoreCard(form, scoreForm(form));
    if (card.kind !== 'scoreTable') throw new Error('scoreCard returned another card');
    expect(scoreMismatches([`表单已填完：按规则得分 ${final.total} / 80。`, '「资金使用合规性」得 4.00 分'], [card], session)).toEqual([]);

    expect(scoreMismatches([], [{ ...card, total: '79.00' }], session).join()).toMatch(/differs from an audit/);
    expect(scoreMismatches([], [{ ...card, rows: card.rows.map((r, i) => (i === 0 ? { ...r, score: '3.00' } : r)) }], session).join()).toMatch(/differs from an audit/);
    expect(scoreMismatches([], [{ ...card, findings: [] }], session)).toEqual([]);
    expect(scoreMismatches([], [{ ...card, findings: [{ severity: 'error', message: '编造的问题' }] }], session).join()).toMatch(/finding no audit/);
    expect(scoreMismatches(['表单已填完：按规则得分 79.00 / 80。'], [], session).join()).toMatch(/audits to/);
    expect(scoreMismatches(['「资金使用合规性」得 3.00 分'], [], session).join()).toMatch(/scores it 4\.00/);
    expect(scoreMismatches([`【${card.title}】\n规则：x\n合计 1.00 / 80`], [], session).join()).toMatch(/says 合计 1\.00/);
  });
});
