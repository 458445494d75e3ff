// `npm run wecom:sim`: a local 企业微信 (src/wecom/simulator.ts) and the bot, wired as `npm start`
// wires them, so a developer can chat through the 企业微信 channel in the terminal: every line
// typed goes to the bot as an encrypted callback; what the "phone" receives is printed (cards with
// numbered buttons, files saved to out/wecom-sim/).
//   #2            tap button 2 of the last card
//   /file <path>  send a file (the seed text layout, form JSON, a DOCX this bot produced)
//   /expire       force the access_token to expire (the bot must refresh it)
//   /quit or Ctrl-D
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/server/logger.js';
import { startServer } from '../src/server/main.js';
import { WecomSimulator, type Received } from '../src/wecom/simulator.js';
import type { TemplateCard } from '../src/wecom/text.js';

const USER = process.env.WECOM_SIM_USER ?? 'ZhangSan';
const corp = { corpId: 'wwsimulator0000001', agentId: '1000002', secret: randomBytes(16).toString('hex'), token: randomBytes(8).toString('hex'), encodingAesKey: randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 43) };
const sim = new WecomSimulator(corp);
const apiBase = await sim.start();
const config = loadConfig({
  STORAGE: 'memory',
  LOG_LEVEL: 'warn',
  ...process.env,
  PORT: process.env.WECOM_SIM_PORT ?? '0',
  WECOM_CORP_ID: corp.corpId,
  WECOM_AGENT_ID: corp.agentId,
  WECOM_SECRET: corp.secret,
  WECOM_TOKEN: corp.token,
  WECOM_ENCODING_AES_KEY: corp.encodingAesKey,
  WECOM_API_BASE: apiBase,
});
const logger = createLogger(config.logLevel);
const running = await startServer(config, logger);
sim.callbackUrl = `${running.url}/api/wecom`;
const outDir = resolve('out/wecom-sim');
let lastCard: TemplateCard | undefined;

const print = (text: string) => process.stdout.write(`${text}\n`);
sim.onReceive = (r: Received) => {
  if (r.content !== undefined) print(`\n【绩效自评助手】\n${r.content}${r.truncated ? '\n（超过 2048 字节，被截断）' : ''}`);
  else if (r.card) {
    lastCard = r.card;
    const title = [r.card.main_title?.title, r.card.main_title?.desc, r.card.sub_title_text].filter(Boolean).join('\n');
    print(`\n【卡片】${title}\n${r.card.button_list.map((b, i) => `  #${i + 1} ${b.text}`).join('\n')}`);
  } else if (r.file) {
    mkdirSync(outDir, { recursive: true });
    const path = join(outDir, basename(r.file.name));
    writeFileSync(path, r.file.bytes);
    print(`\n【文件】${r.file.name}（${r.file.bytes.length} 字节）已保存到 ${path}`);
  }
};

const check = await sim.verifyUrl();
print(`企业微信模拟器：${apiBase}；机器人回调：${sim.callbackUrl}（URL 验证 ${check.status === 200 && check.body === check.echo ? '通过' : `失败 ${check.status}`}）`);
print(`你是成员 ${USER}。直接输入文字发送；#数字 点卡片按钮；/file 路径 发送文件；/expire 让 access_token 过期；/quit 退出。`);
await sim.sendEvent(USER, 'enter_agent');

const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
rl.setPrompt('\n你> ');
rl.prompt();
const stop = async () => {
  rl.close();
  await running.wecom?.idle();
  await running.stop();
  await sim.close();
  process.exit(0);
};
for await (const raw of rl) {
  const line = raw.trim();
  try {
    if (line === '/quit' || line === '退出') break;
    if (!line) {
      // nothing
    } else if (/^#\d$/.test(line)) {
      const button = lastCard?.button_list[Number(line.slice(1)) - 1];
      if (!lastCard || !button) print('没有这个按钮。');
      else await sim.clickButton(USER, lastCard, button.text);
    } else if (line.startsWith('/file ')) {
      const path = line.slice(6).trim();
      await sim.sendFile(USER, basename(path), readFileSync(path));
    } else if (line === '/expire') {
      sim.expireTokens();
      print('access_token 已过期。');
    } else await sim.sendText(USER, line);
    await running.wecom?.idle();
  } catch (error) {
    print(`出错：${error instanceof Error ? error.message : String(error)}`);
  }
  rl.prompt();
}
await stop();
