// `npm run chat`: lines piped into the terminal chat, the same data folder reused by a second run.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SEED_PATH } from '../fixtures/seedPath.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
let dataDir = '';

function chat(lines: string[], user = 'tester'): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/chat/terminal.ts'], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, JIXIAO_USER: user }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the terminal chat', () => {
  it('runs the conversation from piped lines, prints buttons and cards as text, and resumes from the data folder', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jixiao-chat-'));
    const first = await chat(['苏州项目A', '2021', '工信局', '1900', 'abc']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('我是绩效自评助手');
    expect(first.out).toContain('已记录项目名称：苏州项目A');
    expect(first.out).toContain('[按钮] 跳过');
    expect(first.out).toContain('【基本信息 · 已填完】\n项目名称：苏州项目A'); // the card, as text
    expect(first.out).toContain('「当年使用上年结余、结转及当年调整预算数」需要一个数字');
    expect(first.out).toContain('再见！进度已保存'); // end of input (Ctrl-D)

    const second = await chat(['进度', '退出', '这一行不会被读到']);
    expect(second.code).toBe(0);
    expect(second.out).toContain('欢迎回来！上次填的是「苏州项目A（2021）」');
    expect(second.out).toContain('现在在：市级预算执行情况（万元） —— 当年使用上年结余、结转及当年调整预算数');
    expect(second.out).not.toContain('这一行不会被读到');

    const other = await chat(['退出'], 'someone-else');
    expect(other.out).toContain('我是绩效自评助手');
    expect(other.out).not.toContain('欢迎回来');
  }, 60_000);

  it('sends a file with “发送文件 路径” and audits it', async () => {
    const seedPath = SEED_PATH;
    const run = await chat([`发送文件 ${seedPath}`, '否'], 'auditor');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`已读取「${basename(SEED_PATH)}」：苏州市智能制造融合发展中心项目（2021），共 13 项指标`);
    expect(run.out).toContain('按规则得分 70.00 / 80');
    expect(run.out).toContain('好的，不保存这个文件的内容');
  }, 60_000);
});
