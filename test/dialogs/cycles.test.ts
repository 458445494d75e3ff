// The engine is a one-way pipeline (understand → decide → render): no module of dialogs/, rules/ or
// src/ may import itself back through others. madge reads the TypeScript imports (type imports too).
import madge from 'madge';
import { describe, expect, it } from 'vitest';

describe('import graph', () => {
  it('has no circular import in dialogs/, rules/ or src/', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const graph = await madge(['dialogs', 'rules', 'src'].map((d) => `${root}${d}`), { fileExtensions: ['ts'], baseDir: root });
    const modules = Object.keys(graph.obj());
    // The graph really was read (a wrong path would pass vacuously).
    expect(modules.some((m) => m.includes('dialogs/engine/turn'))).toBe(true);
    expect(modules.some((m) => m.includes('dialogs/understand/index'))).toBe(true);
    expect(graph.circular()).toEqual([]);
  }, 180_000);
});
