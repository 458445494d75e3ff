// Indicator and 子项 indices shift when one is inserted or deleted: the bookkeeping that refers to
// them by index (skipped, history, editing, the last scored indicator) follows.
import type { FormEntry } from './session.js';
import { parseSlotId, slotId } from './slots.js';

type Kind = 'indicator' | 'subItem';

function mapId(id: string, kind: Kind, f: (i: number) => number | undefined): string | undefined {
  const slot = parseSlotId(id);
  if (!slot || slot.kind !== kind) return id;
  const to = f(slot.index);
  return to === undefined ? undefined : slotId({ ...slot, index: to });
}

export function remapIndices(entry: FormEntry, kind: Kind, f: (i: number) => number | undefined): void {
  const skipped: FormEntry['skipped'] = {};
  for (const [id, v] of Object.entries(entry.skipped)) {
    const to = mapId(id, kind, f);
    if (to !== undefined) skipped[to] = v;
  }
  entry.skipped = skipped;
  entry.history = entry.history.map((id) => mapId(id, kind, f)).filter((id): id is string => id !== undefined);
  if (entry.editing !== undefined) {
    const to = mapId(entry.editing, kind, f);
    if (to === undefined) delete entry.editing;
    else entry.editing = to;
  }
  if (entry.pending?.kind === 'skip-reason') {
    const to = mapId(entry.pending.slot, kind, f);
    if (to === undefined) delete entry.pending;
    else entry.pending = { ...entry.pending, slot: to };
  }
  if (kind === 'indicator' && entry.lastIndicator !== undefined) {
    const to = f(entry.lastIndicator);
    if (to === undefined) delete entry.lastIndicator;
    else entry.lastIndicator = to;
  }
}

export const shiftFrom = (at: number, by: number) => (i: number) => (i >= at ? i + by : i);
export const removeAt = (at: number) => (i: number) => (i === at ? undefined : i > at ? i - 1 : i);
