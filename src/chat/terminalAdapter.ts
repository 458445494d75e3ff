// A small in-process BotAdapter for the terminal: turns typed lines into message activities and
// prints what the bot sends (suggestions as "[按钮] a | b", files as paths).
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

export type TerminalIdentity = { userId: string; userName?: string; conversationId: string };

export class TerminalAdapter extends BotAdapter {
  private seq = 0;
  /** Distinguishes this run's activity ids from those of earlier runs on the same conversation. */
  private readonly run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly identity: TerminalIdentity,
    private readonly write: (text: string) => void,
  ) {
    super();
  }

  private reference(): Partial<ConversationReference> {
    return {
      channelId: 'terminal',
      serviceUrl: 'terminal://local',
      conversation: { id: this.identity.conversationId, isGroup: false, conversationType: 'personal', name: 'terminal' },
      user: { id: this.identity.userId, name: this.identity.userName ?? this.identity.userId },
      bot: { id: 'jixiao-bot', name: '绩效自评助手' },
    };
  }

  private activity(partial: Partial<Activity>): Partial<Activity> {
    const ref = this.reference();
    return {
      channelId: ref.channelId,
      serviceUrl: ref.serviceUrl,
      conversation: ref.conversation as Activity['conversation'],
      from: ref.user,
      recipient: ref.bot,
      // unique across runs: the bot applies an activity id at most once per conversation
      id: `${this.run}-${++this.seq}`,
      timestamp: new Date(),
      locale: 'zh-CN',
      ...partial,
    };
  }

  /** One typed line (with optional attachments) as a turn. */
  async say(text: string, logic: (context: TurnContext) => Promise<void>, attachments?: Activity['attachments']): Promise<void> {
    const context = new TurnContext(this, this.activity({ type: ActivityTypes.Message, text, ...(attachments ? { attachments } : {}) }));
    await this.runMiddleware(context, logic);
  }

  /** The user joins: membersAdded (the welcome). */
  async join(logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const ref = this.reference();
    const context = new TurnContext(this, this.activity({ type: ActivityTypes.ConversationUpdate, membersAdded: [ref.user!] }));
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) {
      if (a.type !== ActivityTypes.Message && a.type !== undefined) continue;
      const lines: string[] = [];
      if (a.text) lines.push(a.text);
      for (const att of a.attachments ?? []) {
        if (att.contentType.startsWith('application/vnd.microsoft.card')) lines.push('[卡片]');
        else lines.push(`[文件] ${att.name ?? ''}：${att.contentUrl ?? ''}`);
      }
      const actions = a.suggestedActions?.actions ?? [];
      if (actions.length) lines.push(`[按钮] ${actions.map((x) => x.title ?? String(x.value)).join(' | ')}`);
      this.write(`${lines.join('\n')}\n\n`);
    }
    return activities.map(() => ({ id: String(++this.seq) }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('the terminal cannot update a printed message');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('the terminal cannot delete a printed message');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
