#!/usr/bin/env node
// Regenerates the examples from the real command (never typed by hand): `node examples/generate.mjs`
// from the project root. With --check it only compares and exits 1 when an example is out of date
// (test/cli/examples.test.ts runs that).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 'examples/seed-form.txt';

export const RUNS = [
  { out: 'seed-audit.txt', args: ['audit', SEED] },
  { out: 'seed-audit.json', args: ['audit', SEED, '--json'] },
  { out: 'seed-explain.txt', args: ['explain', SEED, '预算执行率'] },
];

export function run(args) {
  const r = spawnSync('node', ['bin/jixiao.js', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`jixiao ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function readme(outputs) {
  const json = JSON.parse(outputs['seed-audit.json']);
  const excerpt = {
    ruleSet: json.ruleSet,
    total: json.total,
    maxTotal: json.maxTotal,
    selfTotal: json.selfTotal,
    indicators: `[${json.indicators.length} 项，每项含 category, name, target, actual, weight, selfScore, score, explanation …]`,
    findings: json.findings.map((f) => ({ severity: f.severity, code: f.code, subject: f.subject })),
  };
  const fence = (text, lang = '') => `\`\`\`${lang}\n${text.trimEnd()}\n\`\`\``;
  return `# 示例：审核样表

\`seed-form.txt\` 是一份真实填写的 2021 年苏州市级财政支出项目绩效自评表的文本导出（与
\`shared/seed/000_1710a498a8f8337b.txt\` 相同）。下面的输出都由 \`node examples/generate.mjs\`
运行真实命令生成，没有手工改动；\`test/cli/examples.test.ts\` 会检查它们是否仍与命令的输出一致。

在项目根目录执行 \`npm ci\` 之后：

## 审核报告

${fence(`$ npx jixiao ${RUNS[0].args.join(' ')}`, 'console')}

${fence(outputs['seed-audit.txt'])}

## 一项指标的说明

${fence(`$ npx jixiao ${RUNS[2].args.join(' ')}`, 'console')}

${fence(outputs['seed-explain.txt'])}

## JSON

${fence(`$ npx jixiao ${RUNS[1].args.join(' ')}`, 'console')}

完整输出见 [seed-audit.json](seed-audit.json)。摘要（金额和分数都是字符串）：

${fence(JSON.stringify(excerpt, null, 2), 'json')}

退出码：0 表示已审核（无论有没有问题）；2 表示文件读不了或命令写错，原因写在 stderr。
`;
}

export function generate() {
  const outputs = Object.fromEntries(RUNS.map((r) => [r.out, run(r.args)]));
  return { ...outputs, 'README.md': readme(outputs) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = Object.entries(generate());
  if (process.argv.includes('--check')) {
    const stale = files.filter(([name, text]) => {
      const path = join(root, 'examples', name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    });
    if (stale.length > 0) {
      process.stderr.write(`examples out of date: ${stale.map(([n]) => n).join(', ')}. Run: node examples/generate.mjs\n`);
      process.exit(1);
    }
  } else {
    for (const [name, text] of files) writeFileSync(join(root, 'examples', name), text);
    process.stdout.write('examples/ regenerated\n');
  }
}
