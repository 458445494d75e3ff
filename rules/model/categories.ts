/** The four indicator categories of the form (类别), in table order. */
export const CATEGORY_IDS = ['input', 'output', 'outcome', 'impact'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** 类别 as printed on the form. */
export const CATEGORY_LABELS: Record<CategoryId, string> = {
  input: '投入',
  output: '产出',
  outcome: '结果',
  impact: '影响力',
};

/** Accepts 投入 / 投入目标 / 投入类 / input … and returns the id, or undefined. */
export function categoryFromLabel(text: string): CategoryId | undefined {
  const t = text.replace(/\s+/g, '').replace(/(目标|类指标|类|指标)$/, '').toLowerCase();
  for (const id of CATEGORY_IDS) {
    if (t === CATEGORY_LABELS[id] || t === id) return id;
  }
  if (t === '效益' || t === '效果') return 'outcome';
  return undefined;
}
