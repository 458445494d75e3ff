// CardModel → Adaptive Card 1.4 JSON (Teams, Direct Line, Web Chat, Emulator). 1.4 has no Table
// element, so the score table is a ColumnSet per row. Every TextBlock and FactSet text is rendered
// as markdown by the card hosts, and the model's strings are plain text that may come from the
// user or an imported file: they are markdown-escaped here (dialogs/escape.ts).
import type { CardModel } from './engine/types.js';
import { escapeMarkdown } from './escape.js';

export type AdaptiveCard = { type: 'AdaptiveCard'; $schema: string; version: '1.4'; body: unknown[] };

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** A TextBlock showing `t` as it is (markdown-escaped); `prefix` is the card's own markup (a list number). */
const text = (t: string, extra: Record<string, unknown> = {}, prefix = '') => ({ type: 'TextBlock', text: prefix + escapeMarkdown(t), wrap: true, ...extra });
const fact = (title: string, value: string) => ({ title: escapeMarkdown(title), value: escapeMarkdown(value) });

/** Column widths of the score table: 类别, 指标, 目标, 权重, 实际, 得分. */
const WIDTHS = [2, 5, 3, 2, 3, 2];

function row(cells: string[], header = false): unknown {
  return {
    type: 'ColumnSet',
    spacing: header ? 'Medium' : 'Small',
    separator: header,
    columns: cells.map((c, i) => ({
      type: 'Column',
      width: WIDTHS[i],
      items: [text(c, { size: 'Small', ...(header ? { weight: 'Bolder' } : {}), ...(i >= 3 ? { horizontalAlignment: 'Right' } : {}) })],
    })),
  };
}

export function renderAdaptiveCard(card: CardModel): AdaptiveCard {
  const body: unknown[] = [text(card.title, { weight: 'Bolder', size: 'Medium' })];
  if (card.kind === 'section') {
    body.push({ type: 'FactSet', facts: card.facts.map((f) => fact(f.label, f.value)) });
    for (const n of card.notes ?? []) body.push(text(n, { isSubtle: true, size: 'Small' }));
    return { type: 'AdaptiveCard', $schema: SCHEMA, version: '1.4', body };
  }
  body.push(text(`规则：${card.ruleSet}`, { isSubtle: true, size: 'Small', spacing: 'None' }));
  body.push(row(['类别', '指标', '目标', '权重', '实际', '得分'], true));
  for (const r of card.rows) {
    const score = r.selfScore !== undefined && r.selfScore !== r.score ? `${r.score}（自评 ${r.selfScore}）` : r.score;
    body.push(row([r.category, r.name, r.target, r.weight, r.actual || '—', score]));
  }
  body.push({
    type: 'FactSet',
    separator: true,
    facts: [
      ...card.categories.map((c) => fact(c.label, `${c.score} / ${c.total}`)),
      fact('合计', `${card.total} / ${card.maxTotal}${card.selfTotal ? `（自评 ${card.selfTotal}）` : ''}`),
    ],
  });
  const open = card.findings.filter((f) => !f.overridden);
  if (open.length > 0) {
    body.push(text('待处理', { weight: 'Bolder', spacing: 'Medium' }));
    open.forEach((f, i) => body.push(text(f.message, { size: 'Small', color: f.severity === 'error' ? 'Attention' : 'Warning' }, `${i + 1}. `)));
  }
  for (const f of card.findings.filter((x) => x.overridden)) body.push(text(`已保留：${f.message}（原因：${f.overridden}）`, { size: 'Small', isSubtle: true }));
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: '1.4', body };
}
