// Storage benchmark (issue 6, figure 3): time per turn with 100, 10,000 and 100,000 stored forms.
// A turn = read one conversation's state + write it back (what ConversationState does each turn),
// on a random key, through FileStorage with its defaults (fsync on, 1,000-item cache).
// Target: flat in the number of stored items, ≤ 2 ms per turn at 100,000.
//
//   npx tsx bench/storage.ts            # 100 / 10,000 / 100,000
//   npx tsx bench/storage.ts 100 1000   # other counts
//   npx tsx bench/storage.ts --no-fsync       # no fsync at all (still kill -9 safe)
//   npx tsx bench/storage.ts --fsync-folder   # also fsync the folder (power-cut durable)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStorage } from '../src/storage/fileStorage.js';
import { LAYOUT_VERSION, SHARD_CHARS, envelopeText, itemPath } from '../src/storage/layout.js';

export interface StorageBenchRow {
  stored: number;
  /** Median time of one turn (read + write of one key), in ms. */
  msPerTurn: number;
  p90Ms: number;
  p99Ms: number;
  turns: number;
}

export interface StorageBenchOptions {
  /** Measured turns per count (default 500, in 5 rounds that interleave the counts). */
  turns?: number;
  /** fsync each temp file (default true, the production default). */
  fsync?: boolean;
  /** fsync the folder after each rename too (default false, the production default). */
  fsyncFolder?: boolean;
}

const keyOf = (i: number) => `msteams/conversations/a:1${String(i).padStart(8, '0')}-ZmFrZS1jb252ZXJzYXRpb24/`;

/** A conversation state of about 5 KB: a half-filled self-evaluation form and its dialog position. */
export function sampleState(i: number): Record<string, unknown> {
  const indicators = Array.from({ length: 13 }, (_, k) => ({
    level1: '产出指标',
    level2: k % 2 ? '数量指标' : '质量指标',
    name: `指标${k + 1}：参观人数（人次）`,
    weight: '8.66',
    target: '≥8000人次',
    actual: String(8757 + k),
    selfScore: '8.66',
    note: '按实际完成情况填报，偏差原因见说明。',
  }));
  return {
    session: {
      version: 1,
      activeForm: `form-${i}`,
      forms: {
        [`form-${i}`]: {
          basic: { projectName: `苏州市工业互联网体验中心建设项目${i}`, department: '苏州市工业和信息化局', year: 2024 },
          budget: { initial: '1800.00', adjusted: '2000.00', paid: '1650.35', balance: '349.65' },
          funds: [
            { source: '市级财政资金', initial: '1500.00', paid: '1400.00' },
            { source: '其他资金', initial: '300.00', paid: '250.35' },
          ],
          indicators,
          narrative: '项目实施过程中严格执行财政资金管理办法，'.repeat(20),
        },
      },
      cursor: { section: '绩效指标', field: 'actual', indicator: 5 },
      history: Array.from({ length: 10 }, (_, k) => ({ at: `2024-05-0${k % 9}T10:00:00Z`, field: 'actual', value: String(k) })),
    },
  };
}

/** Writes items [from, to) straight into the on-disk format (much faster than 100,000 turns). */
function populate(dataDir: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const key = keyOf(i);
    const file = itemPath(dataDir, key);
    writeFileSync(file, envelopeText(key, JSON.stringify({ ...sampleState(i), eTag: `seed-${i}` })));
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function benchStorage(
  counts: number[] = [100, 10_000, 100_000],
  options: StorageBenchOptions = {},
): Promise<StorageBenchRow[]> {
  const turns = options.turns ?? 500;
  const rounds = 5;
  const root = mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-storage-'));
  try {
    // one folder per count, each filled as if by months of use, then flushed to disk
    const stores = counts.map((count, c) => {
      const dataDir = path.join(root, `data-${c}`);
      for (let s = 0; s < 16 ** SHARD_CHARS; s++) {
        mkdirSync(path.join(dataDir, LAYOUT_VERSION, s.toString(16).padStart(SHARD_CHARS, '0')), { recursive: true });
      }
      populate(dataDir, 0, count);
      return { count, dataDir, times: [] as number[] };
    });
    execFileSync('sync');
    for (const st of stores) {
      const storage = new FileStorage({
        dataDir: st.dataDir,
        sweepTempFiles: false,
        fsync: options.fsync ?? true,
        fsyncFolder: options.fsyncFolder ?? false,
      });
      Object.assign(st, { storage });
    }
    // rounds interleave the counts, so a burst of load elsewhere on the machine hits them alike
    for (let r = 0; r < rounds; r++) {
      for (const st of stores as Array<(typeof stores)[number] & { storage: FileStorage }>) {
        const perRound = Math.ceil(turns / rounds);
        for (let t = 0; t < perRound + 10; t++) {
          const key = keyOf(Math.floor(Math.random() * st.count));
          const start = performance.now();
          const state = (await st.storage.read([key]))[key];
          state.session.cursor.indicator = t;
          await st.storage.write({ [key]: { ...state, eTag: '*' } });
          if (t >= 10) st.times.push(performance.now() - start);
        }
      }
    }
    return stores.map(({ count, times }) => {
      times.sort((a, b) => a - b);
      return {
        stored: count,
        msPerTurn: round(quantile(times, 0.5)),
        p90Ms: round(quantile(times, 0.9)),
        p99Ms: round(quantile(times, 0.99)),
        turns: times.length,
      };
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const fsync = !args.includes('--no-fsync');
  const fsyncFolder = args.includes('--fsync-folder');
  const counts = args.map(Number).filter((n) => n > 0);
  const rows = await benchStorage(counts.length ? counts : undefined, { fsync, fsyncFolder });
  const itemBytes = Buffer.byteLength(JSON.stringify(sampleState(0)));
  console.log(`storage: one turn = read + write one key (${itemBytes} B item, fsync ${fsync ? 'on' : 'off'}, folder fsync ${fsyncFolder ? 'on' : 'off'}), median of ${rows[0]?.turns} turns`);
  console.log('stored items | ms/turn (p50) | p90    | p99    | target');
  for (const r of rows) {
    console.log(
      `${String(r.stored).padStart(12)} | ${r.msPerTurn.toFixed(3).padStart(13)} | ${r.p90Ms.toFixed(3).padStart(6)} | ${r.p99Ms.toFixed(3).padStart(6)} | ≤ 2 ms, flat`,
    );
  }
}
