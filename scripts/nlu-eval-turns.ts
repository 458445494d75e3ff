// Turns a user needs to fill the seed form: one answer per turn (test/server/seedConversation.ts)
// against pasting what they have (several figures in one message, rows copied from the table).
// Usage: npx tsx scripts/nlu-eval-turns.ts
import { handleTurn } from '../dialogs/engine/index.js';
import { SEED_STEPS } from '../test/server/seedConversation.js';

const deps = { clock: { now: () => new Date('2026-03-01T08:00:00Z') } };

const PASTE = [
  '苏州市智能制造融合发展中心项目',
  '2021',
  '苏州市工业和信息化局',
  '年初预算1900，调整-812.5，拨款812.101021，支付812.101021，结转0，收回0',
  '基本建设\t1200\t388.632358\n基本维护\t700\t423.468663',
  '完成',
  '资金使用合规性\t合规\t合规\n财务制度健全性\t健全\t健全\n专款专用率\t100%\t100%\n政府采购规范性\t规范\t规范\n资金节约率\t15%及其以下\t15%',
  [
    '产出\t装修面积\t=5859平方米\t5859平方米',
    '产出\t项目布展面积\t=3234平方米\t3234平方米',
    '产出\t竣工完成度\t=100%\t100%',
    '结果\t参观人数\t=8000人次\t8757人次',
    '结果\t参观满意度\t=85%\t100%',
    '影响力\t运营管理体制建立建全\t获得\t获得',
    '影响力\t获评国家级工业互联网体验中心\t获得\t获得',
  ].join('\n'),
];

/** What the user answers to a question the pasted table did not cover (the rest as in SEED_STEPS). */
function reply(question: string, suggestions: string[] | undefined, rest: string[]): string | undefined {
  if (/表单已填完/.test(question)) return undefined;
  if (suggestions?.includes('本类都按规则得分')) return '本类都按规则得分';
  return rest.shift();
}

async function run(lines: string[], adaptive: boolean): Promise<{ turns: number; done: boolean; total?: string }> {
  let session: unknown;
  let r = await handleTurn(session, { text: '你好' }, deps);
  session = r.session;
  const queue = [...lines];
  let turns = 0;
  for (let k = 0; k < 200; k++) {
    const last = r.replies[r.replies.length - 1];
    const text = adaptive ? reply(last?.text ?? '', last?.suggestions, queue) : queue.shift();
    if (text === undefined) break;
    r = await handleTurn(session, { text }, deps);
    session = JSON.parse(JSON.stringify(r.session));
    turns += 1;
  }
  const last = r.replies.map((x) => x.text).join('\n');
  const m = /表单已填完：按规则得分 ([\d.]+)/.exec(last);
  return { turns, done: Boolean(m), ...(m ? { total: m[1] } : {}) };
}

const narrative = SEED_STEPS.map((s) => s.say).slice(SEED_STEPS.findIndex((s) => /项目概况/.test(String(s.reply))));
const one = await run(SEED_STEPS.map((s) => s.say), false);
const paste = await run([...PASTE, ...narrative], true);
console.log(`one answer per turn: ${one.turns} turns, finished ${one.done} (${one.total ?? '—'})`);
console.log(`pasting what they have: ${paste.turns} turns, finished ${paste.done} (${paste.total ?? '—'})`);
