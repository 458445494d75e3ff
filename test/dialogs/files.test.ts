// A file sent in the chat starts an audit (fake importer), and export is blocked by errors until
// they are fixed or kept with a reason (fake exporter).
import { describe, expect, it } from 'vitest';
import type { DocumentExporter, DocumentImporter, ExportedFile, ImportResult, IncomingFile } from '../../dialogs/ports.js';
import { scoreForm, type Form, type FormScore } from '../../rules/index.js';
import { seedForm } from '../fixtures/seedForm.js';
import { Chat, filledSeed, fixedClock, started, transcript } from './helpers.js';

const file: IncomingFile = { name: '自评表.txt', contentType: 'text/plain', bytes: new TextEncoder().encode('…') };

class FakeImporter implements DocumentImporter {
  seen: IncomingFile[] = [];
  constructor(private readonly result: ImportResult | Error) {}
  async importFile(f: IncomingFile): Promise<ImportResult> {
    this.seen.push(f);
    if (this.result instanceof Error) throw this.result;
    return this.result;
  }
}

class FakeExporter implements DocumentExporter {
  calls: FormScore[] = [];
  async exportForm(_form: Form, score: FormScore): Promise<ExportedFile[]> {
    this.calls.push(score);
    return [{ name: 'a.docx', contentType: 'application/octet-stream', bytes: new Uint8Array([1]) }];
  }
}

describe('a file sent in the chat', () => {
  it('is audited, and can be continued as a new form from what needs fixing', async () => {
    const importer = new FakeImporter({ ok: true, form: seedForm(), issues: [{ line: 12, message: '合计行与子项不符' }], format: 'text' });
    const chat = await started({ clock: fixedClock, importer });
    await chat.run(['我的项目', '2021']);
    const out = await chat.say('', [file]);
    expect(importer.seen).toEqual([file]);
    expect(out).toContain('已读取「自评表.txt」：苏州市智能制造融合发展中心项目（2021），共 13 项指标');
    expect(out).toContain('按规则得分 70.00 / 80（表中自评 80.00）');
    expect(out).toContain('「资金节约率」的实际完成值“15%及其以下”不是具体数值');
    expect(out).toContain('报告中写的 11723人次 与表中「参观人数」的实际完成值 8757人次 不一致');
    expect(out).toContain('第 12 行：合计行与子项不符');
    expect(out).toContain('要把它作为一份新表单继续填写吗');
    expect(chat.last.some((r) => r.card?.kind === 'scoreTable')).toBe(true);
    await transcript(chat, [
      ['是', ['已作为新表单「苏州市智能制造融合发展中心项目（2021）」打开', '请输入「资金节约率」的实际完成值（目标 15%及其以下）']],
      // The file's own self-score for 预算执行率 (8) differs from the rules (0): kept only with a reason.
      ['10%', ['「资金节约率」得 2.00 分', '「预算执行率」自评分 8.00 分，按规则得 0.00 分，相差 8.00 分。请说明自评分不同的原因']],
      ['支付在次年1月完成，已与财政局沟通', ['已记录「预算执行率」自评分与规则得分不同的原因', '请填写「项目总目标」']],
      ['表单', ['1. 我的项目（2021）', '2. 苏州市智能制造融合发展中心项目（2021） —— 填到 项目基本情况（当前）']],
    ]);
    expect(scoreForm(chat.form).total).toBe('72.00');
    expect(chat.state.forms).toHaveLength(2);
  });

  it('否 keeps nothing; an importer failure and no importer give clear messages', async () => {
    const chat = await started({ clock: fixedClock, importer: new FakeImporter({ ok: true, form: seedForm(), issues: [], format: 'json' }) });
    await chat.say('', [file]);
    await transcript(chat, [['否', ['好的，不保存这个文件的内容', '请输入项目名称']]]);
    expect(chat.state.forms).toHaveLength(1);

    const refused = await started({ clock: fixedClock, importer: new FakeImporter({ ok: false, message: '这个文件不是自评表。' }) });
    expect(await refused.say('', [file])).toContain('没能读取这个文件：这个文件不是自评表。');
    const broken = await started({ clock: fixedClock, importer: new FakeImporter(new Error('boom')) });
    expect(await broken.say('', [file])).toContain('读取文件时出错了');
    const none = await started();
    expect(await none.say('', [file])).toContain('这里暂时不能读取文件');
  });
});

describe('导出 / export', () => {
  it('is blocked by an error, listed with its number; 保留 N with a reason unblocks it', async () => {
    const exporter = new FakeExporter();
    const chat = await filledSeed({ clock: fixedClock, exporter });
    // An error: the sub-items' actuals no longer add up to 实际支付数.
    await transcript(chat, [['基本维护的实际数改成 400', ['子项实际数合计 788.632358 万元，与实际支付数 812.101021 万元不等']]]);
    await transcript(chat, [
      ['导出', ['还不能导出，有 1 个错误', '1. 子项实际数合计 788.632358 万元，与实际支付数 812.101021 万元不等', '保留 序号 原因']],
      ['保留 1', ['请说明保留']],
      ['', ['没有收到内容']],
      ['子项差额为以前年度已支付部分', ['已记录保留原因，这个问题不再阻止导出']],
      ['export', ['已生成：a.docx']],
    ]);
    expect(exporter.calls).toHaveLength(1);
    expect(exporter.calls[0].findings.find((f) => f.code === 'subitems.actual-sum')?.overridden).toBe('子项差额为以前年度已支付部分');
  });

  it('fixing the error also unblocks it, and 保留 with a reason inline works', async () => {
    const exporter = new FakeExporter();
    const chat = await filledSeed({ clock: fixedClock, exporter });
    await chat.say('基本维护的实际数改成 400');
    await transcript(chat, [
      ['导出', ['还不能导出']],
      ['基本维护的实际数改成 423.468663', ['✓ 已解决：子项实际数合计 = 实际支付数']],
      ['导出', ['已生成：a.docx']],
    ]);
    await chat.say('基本维护的实际数改成 400');
    await transcript(chat, [['保留 1 已核对', ['已记录保留原因']], ['导出', ['已生成']]]);
  });

  it('says so when there is no exporter, and a missing category blocks export', async () => {
    const chat = new Chat({ clock: fixedClock });
    await chat.run(['你好', '苏州项目A', '2021']);
    await transcript(chat, [['导出', ['还不能导出', '产出类还没有指标']]]);
    const done = await filledSeed();
    await transcript(done, [['导出', ['这里暂时不能生成文件']]]);
  });
});
