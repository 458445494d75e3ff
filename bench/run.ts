// `npm run bench`: every figure of issue 6 in one run, one table — each figure the median of
// several runs, next to its target and its baseline (the echo bot on the same stack, or the
// smallest data folder for storage). Progress goes to stderr; the table to stdout.
//
//   npm run bench                        # everything (about 10 minutes on 2 cores)
//   npm run bench -- --quick             # one run of each, fewer storage turns (about 4 minutes)
//   npm run bench -- --only=scoring,export   # some figures: scoring, turn, http, storage, export, memory, wecom, postgres
//   npm run bench -- --runs=5            # more runs per figure
//   npm run bench -- --write             # also write the table and the machine into BENCHMARKS.md
//   npm run bench -- --cpu-prof          # also profile the form bot's server during the HTTP runs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchExport } from './export.js';
import { benchHttp, type HttpRow } from './http.js';
import { median, round } from './lib/stats.js';
import { benchMemory, type MemoryRow } from './memory.js';
import { benchScoring } from './scoring.js';
import { benchStorage } from './storage.js';
import { benchTurn } from './turn.js';
import { benchPostgres } from './postgres.js';
import { benchWecom } from './wecom.js';

/** The form bot without npm start's heap cap (a later flag overrides the earlier one). */
const NO_HEAP_CAP = '--max-old-space-size=4096';

const FIGURES = ['scoring', 'turn', 'http', 'storage', 'export', 'memory', 'wecom', 'postgres'] as const;
type Figure = (typeof FIGURES)[number];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`) || args.some((a) => a.startsWith(`--${name}=`));
const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const quick = flag('quick');
const runs = Number(value('runs') ?? (quick ? 1 : 3));
const only = (value('only')?.split(',') ?? FIGURES) as Figure[];
for (const f of only) if (!FIGURES.includes(f)) throw new Error(`--only: unknown figure "${f}" (known: ${FIGURES.join(', ')})`);
const profileDir = flag('cpu-prof') ? path.resolve(value('cpu-prof') ?? path.join(os.tmpdir(), 'jixiao-bench-profiles')) : undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);

type Row = { figure: string; measured: string; target: string; baseline: string; verdict: string };
const rows: Row[] = [];
const notes: string[] = [];
const row = (figure: string, measured: string, target = '—', baseline = '—', verdict = '') => rows.push({ figure, measured, target, baseline, verdict });
const ok = (met: boolean) => (met ? 'met' : '**MISSED**');
const ms = (x: number) => `${x} ms`;

const started = Date.now();
const loadBefore = os.loadavg()[0];

if (only.includes('scoring')) {
  log('scoring: auditing the seed form');
  const r = await benchScoring();
  row('1. audit of the seed form (`scoreForm(form, {final: true})`), per form', ms(r.msPerForm), '≤ 1 ms', '—', ok(r.msPerForm <= 1));
}

if (only.includes('turn')) {
  // Issue 13: "a turn costs no more CPU than today" — the engine alone (handleTurn), one conversation
  // in a loop and 50 interleaved (then the memos no longer hold the previous turn's form).
  const one: number[] = [];
  const many: number[] = [];
  let last: Awaited<ReturnType<typeof benchTurn>> | undefined;
  for (let r = 0; r < runs; r++) {
    log(`turn: run ${r + 1}/${runs} (the seed conversation through handleTurn)`);
    last = await benchTurn({ rounds: quick ? 15 : 40, conversations: 1 });
    one.push(last.cpuMsPerTurn);
    many.push((await benchTurn({ rounds: quick ? 1 : 3, conversations: 50 })).cpuMsPerTurn);
  }
  const label = `1b. engine turn (\`handleTurn\`, the seed conversation, ${last!.turnsPerForm} turns, state through JSON between turns)`;
  const before = 'before the pipeline (9634947): see BENCHMARKS.md';
  row(`${label}: CPU per turn, one conversation`, ms(round(median(one), 3)), '≤ before', before);
  row(`${label}: CPU per turn, 50 conversations interleaved`, ms(round(median(many), 3)), '≤ before', before);
  row(`${label}: stored state at the end of the form (JSON)`, `${last!.stateBytes.toLocaleString('en-US')} bytes`, '—', '9634947: 3,311 bytes');
}

/** The Direct Line (form bot) figures at 50 conversations, for the 企业微信 row next to them. */
let directLine50: HttpRow | undefined;

if (only.includes('http')) {
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const http = await benchHttp({ runs, log, formNodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined });
  const at = (bot: HttpRow['bot'], n: number) => http.find((h) => h.bot === bot && h.conversations === n)!;
  for (const n of [...new Set(http.map((h) => h.conversations))]) {
    const form = at('form', n);
    const echo = at('echo', n);
    if (n === 50) directLine50 = form;
    const label = `2. HTTP, ${n} concurrent conversation${n > 1 ? 's' : ''} × ${form.turns / n} turns`;
    row(`${label}: p50 turn latency`, ms(form.p50Ms), '—', `echo ${ms(echo.p50Ms)}`);
    row(`${label}: p99 turn latency`, ms(form.p99Ms), `≤ 2 × echo = ${ms(round(2 * echo.p99Ms, 1))}`, `echo ${ms(echo.p99Ms)}`, ok(form.p99Ms <= 2 * echo.p99Ms));
    const tpsTarget = n === 200 ? '≥ 300' : '—';
    row(`${label}: turns per second`, `${form.turnsPerSecond}`, tpsTarget, `echo ${echo.turnsPerSecond}`, n === 200 ? ok(form.turnsPerSecond >= 300) : '');
    if (n === Math.max(...http.map((h) => h.conversations))) {
      row(`${label}: activities sent to the channel per turn`, `${form.repliesPerTurn}`, '—', `echo ${echo.repliesPerTurn}`);
    }
    for (const h of [form, echo]) {
      if (h.failures > 0) notes.push(`HTTP ${h.bot} bot, ${n} conversations: ${h.failures} failed turns (non-200, no reply or socket error); first: ${h.firstError}`);
    }
  }
  if (profileDir) notes.push(`CPU profiles of the form bot's server: ${profileDir}`);
}

if (only.includes('storage')) {
  const counts = [100, 10_000, 100_000];
  const perRun: Map<number, number[]> = new Map(counts.map((c) => [c, []]));
  for (let r = 0; r < runs; r++) {
    log(`storage: run ${r + 1}/${runs} (${counts.join(', ')} stored forms)`);
    for (const s of await benchStorage(counts, quick ? { turns: 300 } : {})) perRun.get(s.stored)!.push(s.msPerTurn);
  }
  const base = median(perRun.get(counts[0])!);
  for (const c of counts) {
    const m = round(median(perRun.get(c)!), 3);
    const flat = m <= 1.5 * base;
    const target = c === 100_000 ? '≤ 2 ms, flat' : 'flat';
    const verdict = c === counts[0] ? '' : ok(flat && (c !== 100_000 || m <= 2));
    row(`3. storage, ${c.toLocaleString('en-US')} stored forms: time per turn (read + write one state, p50)`, ms(m), target, c === counts[0] ? '—' : `${ms(round(base, 3))} at 100`, verdict);
  }
  notes.push('Storage "flat" means: the time per turn at 10,000 and 100,000 stored forms is at most 1.5 × the time at 100.');
}

if (only.includes('export')) {
  const docx: number[] = [];
  const xlsx: number[] = [];
  for (let r = 0; r < runs; r++) {
    log(`export: run ${r + 1}/${runs}`);
    const e = await benchExport(quick ? { runs: 7 } : {});
    docx.push(e.docxMs);
    xlsx.push(e.xlsxMs);
  }
  row('4. export of the seed: DOCX', ms(round(median(docx), 1)), '< 300 ms', '—', ok(median(docx) < 300));
  row('4. export of the seed: XLSX', ms(round(median(xlsx), 1)), '< 300 ms', '—', ok(median(xlsx) < 300));
}

if (only.includes('memory')) {
  const results: MemoryRow[][] = [];
  for (let r = 0; r < runs; r++) {
    log(`memory: run ${r + 1}/${runs}`);
    results.push(await benchMemory({ log, variants: r === 0 ? [[NO_HEAP_CAP]] : [] }));
  }
  const pick = (bot: string, flags: string, key: keyof MemoryRow) =>
    round(median(results.flatMap((rs) => rs.filter((m) => m.bot === bot && m.flags === flags).map((m) => m[key] as number))), 1);
  const first = results[0].find((m) => m.bot === 'form')!;
  const label = `5. memory, ${first.conversations.toLocaleString('en-US')} conversations in progress (${first.questions} answers each)`;
  const rss = pick('form', '', 'rssMb');
  row(`${label}: server RSS (npm start's node flags)`, `${rss} MB`, '≤ 300 MB', `echo ${pick('echo', '', 'rssMb')} MB`, ok(rss <= 300));
  row(`${label}: peak RSS during the load`, `${pick('form', '', 'peakMb')} MB`, '—', `echo ${pick('echo', '', 'peakMb')} MB`);
  row(`${label}: live heap after a full GC`, `${pick('form', '', 'liveHeapMb')} MB`, '—', `echo ${pick('echo', '', 'liveHeapMb')} MB`);
  row(`${label}: RSS at start, before any conversation`, `${pick('form', '', 'startMb')} MB`, '—', `echo ${pick('echo', '', 'startMb')} MB`);
  const uncapped = results[0].find((m) => m.flags !== '');
  if (uncapped) {
    row(`${label}: server RSS without npm start's heap cap (\`${uncapped.flags}\`)`, `${uncapped.rssMb} MB`, '—', '—', 'for comparison (one run)');
  }
  const failed = results.flat().filter((m) => m.failures > 0);
  for (const m of failed) notes.push(`memory run, ${m.bot} bot ${m.flags}: ${m.failures} failed turns`);
}

if (only.includes('wecom')) {
  const w = await benchWecom({ users: 50, runs, log });
  const label = `6. 企业微信 path (simulator), ${w.users} members × ${w.turns / w.users} turns`;
  const dl = (f: (r: HttpRow) => string) => (directLine50 ? `Direct Line ${f(directLine50)}` : 'Direct Line: figure 2 at 50');
  row(`${label}: p50 turn latency (callback sent → last reply received)`, ms(w.p50Ms), '—', dl((r) => ms(r.p50Ms)));
  row(`${label}: p99 turn latency`, ms(w.p99Ms), '—', dl((r) => ms(r.p99Ms)));
  row(`${label}: turns per second`, `${w.turnsPerSecond}`, '—', dl((r) => `${r.turnsPerSecond}`));
  row(`${label}: message/send calls per turn`, `${w.messagesPerTurn}`, '—', dl((r) => `${r.repliesPerTurn} activities`));
  notes.push('企业微信 figures: simulator, bot and load in one process (Direct Line runs the bot in its own process); WeCom\'s 30 messages a minute per member is lifted for the run (it would cap a member at about 15 turns a minute).');
  if (w.failures > 0) notes.push(`企业微信: ${w.failures} turns without an answer within 30 s`);
}

if (only.includes('postgres')) {
  // Issue 15: PostgreSQL (one process, WORKERS=2) next to the file storage and the echo bot, in one run.
  const pg = await benchPostgres({ runs, log, storageTurns: quick ? 200 : 500, profile: true });
  const at = (v: string, n: number) => pg.http.find((h) => h.variant === v && h.conversations === n)!;
  for (const n of [...new Set(pg.http.map((h) => h.conversations))]) {
    const file = at('file', n);
    const one = at('postgres', n);
    const two = at('postgres-workers2', n);
    const echo = at('echo', n);
    const label = `6. HTTP, ${n} conversations × ${one.turns / n} turns`;
    const cpu = (h: typeof one) => `CPU per 1,000 turns: server ${h.serverCpuPer1kTurns} s, PostgreSQL ${h.dbCpuPer1kTurns} s`;
    row(`${label}: file storage, one process`, `${file.turnsPerSecond} turns/s, p99 ${ms(file.p99Ms)}`, '—', `echo ${echo.turnsPerSecond} turns/s, p99 ${ms(echo.p99Ms)}`, cpu(file));
    row(`${label}: PostgreSQL, one process`, `${one.turnsPerSecond} turns/s, p99 ${ms(one.p99Ms)}`, `≥ 80% of file = ${round(0.8 * file.turnsPerSecond, 1)}`, `file ${file.turnsPerSecond}`, `${ok(one.turnsPerSecond >= 0.8 * file.turnsPerSecond)}; ${cpu(one)}`);
    row(
      `${label}: PostgreSQL, WORKERS=2`,
      `${two.turnsPerSecond} turns/s, p99 ${ms(two.p99Ms)}`,
      n === 200 ? `≥ 1.3 × one process = ${round(1.3 * one.turnsPerSecond, 1)}` : '—',
      `one process ${one.turnsPerSecond}`,
      `${n === 200 ? `${ok(two.turnsPerSecond >= 1.3 * one.turnsPerSecond)}; ` : ''}${cpu(two)}`,
    );
    for (const h of [file, one, two, echo]) if (h.failures > 0) notes.push(`PostgreSQL bench, ${h.variant}, ${n} conversations: ${h.failures} failed turns; first: ${h.firstError}`);
  }
  const base = pg.storage[0]?.msPerTurn ?? 0;
  for (const s of pg.storage) {
    const first = s === pg.storage[0];
    row(`6. PostgreSQL storage, ${s.stored.toLocaleString('en-US')} stored forms: time per turn (read + write one state, p50)`, ms(s.msPerTurn), 'flat', first ? '—' : `${ms(base)} at ${pg.storage[0].stored}`, first ? `p99 ${ms(s.p99Ms)}` : `${ok(s.msPerTurn <= 1.5 * base)}; p99 ${ms(s.p99Ms)}`);
  }
  if (pg.cpuMsPerTurn !== undefined) row('6. form bot CPU per turn (PostgreSQL, one process, all its threads)', ms(pg.cpuMsPerTurn), '—', '—', 'sizes a deployment (BENCHMARKS.md)');
  if (pg.profile.length > 0) notes.push(`Where the form bot's CPU goes (PostgreSQL, one process; self time in a --cpu-prof profile): ${pg.profile.map((p) => `${p.where} ${p.percent}%`).join(', ')}`);
}

const minutes = round((Date.now() - started) / 60_000, 1);
const loadAfter = os.loadavg()[0];
const table = [
  '| figure | measured (median) | target | baseline | verdict |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.figure} | ${r.measured} | ${r.target} | ${r.baseline} | ${r.verdict} |`),
].join('\n');

const machine = machineInfo();
const shown = args.filter((a) => a !== '--write');
const command = `npm run bench${shown.length ? ` -- ${shown.join(' ')}` : ''}`;
const header = [
  `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${runs} run${runs > 1 ? 's' : ''} per figure, ${minutes} min, commit ${machine.commit}.`,
  `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB memory, Node ${process.version}, ${machine.os}. Load average (1 min) before ${round(loadBefore, 2)}, after ${round(loadAfter, 2)}.`,
  `Command: \`${command}\``,
].join('\n');

process.stdout.write(`\n${header}\n\n${table}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`);
if (loadBefore > 1) process.stderr.write(`\nwarning: the machine was busy when the bench started (load ${round(loadBefore, 2)}); figures may be low\n`);

if (flag('write')) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const block = `<!-- bench:begin (written by \`npm run bench -- --write\`; edit outside these markers) -->\n${header}\n\n${table}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}<!-- bench:end -->`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmarks\n\n<!-- bench:begin --><!-- bench:end -->\n';
  }
  const re = /<!-- bench:begin[^]*?<!-- bench:end -->/;
  writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
  log(`wrote ${file}`);
}

function machineInfo() {
  const cpus = os.cpus();
  const git = (...a: string[]) => {
    try {
      return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const dirty = git('status', '--porcelain', '--', 'rules', 'dialogs', 'src', 'bench') !== '';
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    commit: `${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty ? ' (with uncommitted changes)' : ''}`,
  };
}
