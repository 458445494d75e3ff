// The smallest bot on the same restify + CloudAdapter stack: greets new members and echoes text.
// Used to test the server on its own and as the baseline in benchmarks (issue 6).
import { ActivityHandler } from 'botbuilder';

export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient?.id) await context.sendActivity('你好，我是回声机器人。');
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const files = context.activity.attachments?.length ?? 0;
      await context.sendActivity(files > 0 ? `收到 ${files} 个文件：${context.activity.attachments!.map((a) => a.name ?? '').join('、')}` : `你说：${context.activity.text ?? ''}`);
      await next();
    });
  }
}
