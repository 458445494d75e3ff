// The thin botbuilder wrapper. Each message runs FormDialog, which hands the turn to the pure
// engine (handleTurn); state is saved, and only then are the replies sent, so a reply never
// claims that an unsaved answer was recorded.
//
// Where the session lives: in UserState (key channel + user id), not ConversationState. A user's
// forms belong to the user: a new conversation (Web Chat reloaded, a new Teams chat) resumes the
// same forms. The dialog stack (one FormDialog, which keeps nothing of its own) is stored with them,
// so a turn reads and writes one state item, not two (no ConversationState). Turns of one user are
// serialised by SerializeTurns (added to the adapter by the caller; use `turnKey` below as its
// keyOf to serialise per user). A user's state is written with the eTag it was read with (not
// '*'), so two turns of one user that still race (two conversations at once, two processes) end
// in a rejected write — "没有保存成功", or a retry with SerializeTurns' retryOnConflict — never in
// a silently lost answer.
import {
  ActivityHandler,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TurnContext,
  UserState,
  type Activity,
  type Attachment,
  type InvokeResponse,
  type StatePropertyAccessor,
  type Storage,
} from 'botbuilder';
import { Dialog, DialogSet, DialogTurnStatus, type DialogContext, type DialogState, type DialogTurnResult } from 'botbuilder-dialogs';
import { appliedKey, lookup, readLog, record } from './applied.js';
import { renderAdaptiveCard } from './cards.js';
import { channelText, cleaningImporter, cleanUserText } from './escape.js';
import { handleTurn, startConversation, type Reply } from './engine/index.js';
import { M } from './messages/zh-CN.js';
import type { ChannelCaps, DialogDeps, ETagReportingStorage, FileProblem, IncomingFile } from './ports.js';

export type Logger = {
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
};

export type FormBotOptions = {
  storage: Storage;
  deps: DialogDeps;
  logger?: Logger;
  /**
   * Reads an attachment the user sent. Default: data: URLs up to 10 MB, nothing over the network
   * (the server wires src/attachments' fetcher). A file it cannot read throws an error carrying
   * `fileProblem` (what to tell the user); any other error is reported as a failed download.
   */
  fetchAttachment?: (attachment: Attachment) => Promise<Uint8Array | undefined>;
  /** Let eTag conflicts propagate (for SerializeTurns' retryOnConflict) instead of apologising. */
  rethrowETagConflicts?: boolean;
};

export const FORM_DIALOG_ID = 'jixiao-form';
const SESSION_PROPERTY = 'jixiaoSession';
/** The at-most-once record (dialogs/applied.ts), in the same state item as the session. */
const APPLIED_PROPERTY = 'jixiaoApplied';
const OUTBOX = Symbol('jixiao-outbox');
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const silent: Logger = { warn: () => undefined, error: () => undefined };

/** What a channel can show. Unknown channels get plain text. */
export function channelCaps(channelId: string | undefined): ChannelCaps {
  switch (channelId) {
    case 'msteams':
      return { inlineFiles: false, suggestedActions: true, adaptiveCards: true };
    case 'directline':
    case 'webchat':
    case 'emulator':
      return { inlineFiles: true, suggestedActions: true, adaptiveCards: true };
    case 'terminal':
    case 'wecom': // 企业微信: suggestions become a button card or a numbered menu (src/wecom)
      return { inlineFiles: false, suggestedActions: true, adaptiveCards: false };
    default:
      return { inlineFiles: false, suggestedActions: false, adaptiveCards: false };
  }
}

/** The queue key for SerializeTurns when sessions are per user: channel + user id. */
export function turnKey(context: TurnContext): string | undefined {
  const { channelId, from, conversation } = context.activity ?? {};
  const id = from?.id ?? conversation?.id;
  return id ? `${channelId ?? ''}\u0000${id}` : undefined;
}

function isETagConflict(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; name?: unknown };
  if (e.name === 'ETagConflictError' || e.code === 'ETAG_CONFLICT' || e.code === 412 || e.statusCode === 412) return true;
  return typeof e.message === 'string' && /etag conflict/i.test(e.message);
}

/** The shared database could not be reached (src/db/pool.ts StorageUnavailableError): nothing was saved. */
function isStorageUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'STORAGE_UNAVAILABLE';
}

/**
 * UserState that writes with the eTag the state was read with instead of '*': a write over a
 * newer version is rejected by the storage rather than overwriting it.
 */
export class SessionUserState extends UserState {
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const state = this.get(context) as Record<string, unknown> | undefined;
    if (!state) return;
    const loaded = context.turnState.get(this.hashKey) as string | undefined;
    const { eTag: _e, ...body } = state;
    const hash = JSON.stringify(body);
    if (!force && hash === loaded) return;
    const key = await this.storageKey(context);
    if (!key) return;
    // The store gives the item a new eTag; keep it, so that a second save in this turn matches. A
    // store that answers it (FileStorage) saves a read of the item back.
    const storage = this.storage as Storage & Partial<ETagReportingStorage>;
    let eTag: string | undefined;
    if (typeof storage.writeWithETags === 'function') eTag = (await storage.writeWithETags({ [key]: state }))[key];
    else {
      await storage.write({ [key]: state });
      eTag = ((await storage.read([key]))[key] as { eTag?: string } | undefined)?.eTag;
    }
    if (eTag !== undefined) state.eTag = eTag;
    else delete state.eTag;
    context.turnState.set(this.hashKey, hash);
  }

  override async load(context: TurnContext, force = false): Promise<any> {
    const cached = this.get(context);
    const state = (await super.load(context, force)) as Record<string, unknown>;
    if (force || cached === undefined) {
      const { eTag: _e, ...body } = state;
      context.turnState.set(this.hashKey, JSON.stringify(body));
    }
    return state;
  }

  private readonly hashKey = Symbol('jixiao-user-state-hash');
}

/** One dialog for the whole form: every turn goes to the engine. */
export class FormDialog extends Dialog {
  constructor(
    private readonly session: StatePropertyAccessor<unknown>,
    private readonly deps: DialogDeps,
    private readonly readFiles: (activity: Partial<Activity>) => Promise<{ files: IncomingFile[]; errors: FileProblem[] }>,
  ) {
    super(FORM_DIALOG_ID);
  }

  /** The deps with an importer whose forms come back cleaned like typed text. */
  private get inputDeps(): DialogDeps {
    this.#inputDeps ??= this.deps.importer ? { ...this.deps, importer: cleaningImporter(this.deps.importer) } : this.deps;
    return this.#inputDeps;
  }
  #inputDeps?: DialogDeps;

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.turn(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.turn(dc);
  }

  private async turn(dc: DialogContext): Promise<DialogTurnResult> {
    const context = dc.context;
    const stored = await this.session.get(context);
    const { files, errors } = await this.readFiles(context.activity);
    // In Teams group chats the text starts with "<at>绩效自评助手</at>": the mention is not an answer.
    // Text from outside is cleaned where it enters (bidi controls, invisible characters, lone surrogates: dialogs/escape.ts).
    const text = cleanUserText(messageText(context.activity));
    const named = files.map((f) => ({ ...f, name: cleanUserText(f.name) }));
    const { session, replies } = await handleTurn(stored, { text, ...(named.length ? { files: named } : {}), ...(errors.length ? { fileErrors: errors } : {}) }, this.inputDeps);
    await this.session.set(context, session);
    outbox(context).push(...replies);
    return Dialog.EndOfTurn;
  }
}

/**
 * The words of an Adaptive Card Action.Execute invoke, as if typed: its data when that is a string,
 * else data.text / data.value / data.answer, else the verb. Undefined when there is none.
 */
export function invokeText(activity: Partial<Activity>): string | undefined {
  if (activity.type !== ActivityTypes.Invoke || activity.name !== 'adaptiveCard/action') return undefined;
  const action = (activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined)?.action;
  if (!action || action.type !== 'Action.Execute') return undefined;
  const data = action.data as Record<string, unknown> | string | undefined;
  const candidates = [typeof data === 'string' ? data : undefined, ...(data && typeof data === 'object' ? [data.text, data.value, data.answer] : []), action.verb];
  const text = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return text?.trim();
}

/** The message text without an @mention of the bot (Teams group chats start with "<at>…</at>"); for a card action, its words. */
export function messageText(activity: Partial<Activity>): string {
  if (activity.type === ActivityTypes.Invoke) return invokeText(activity) ?? '';
  const text = activity.text ?? '';
  const botId = activity.recipient?.id;
  const mentioned = (activity.entities ?? []).some((x) => x.type === 'mention' && (x as { mentioned?: { id?: string } }).mentioned?.id === botId);
  if (!botId || !text || !mentioned) return text;
  return TurnContext.removeRecipientMention({ ...activity, text });
}

function outbox(context: TurnContext): Reply[] {
  let box = context.turnState.get(OUTBOX) as Reply[] | undefined;
  if (!box) {
    box = [];
    context.turnState.set(OUTBOX, box);
  }
  return box;
}

class FormBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly sessionProp: StatePropertyAccessor<unknown>;
  private readonly appliedProp: StatePropertyAccessor<unknown>;

  constructor(
    private readonly userState: UserState,
    private readonly options: FormBotOptions,
  ) {
    super();
    const logger = options.logger ?? silent;
    this.sessionProp = userState.createProperty<unknown>(SESSION_PROPERTY);
    this.appliedProp = userState.createProperty<unknown>(APPLIED_PROPERTY);
    this.dialogs = new DialogSet(userState.createProperty<DialogState>('dialogState'));
    const fetcher = options.fetchAttachment ?? defaultFetchAttachment;
    this.dialogs.add(new FormDialog(this.sessionProp, options.deps, (a) => readFiles(a, fetcher, logger)));

    this.onMessage(async (context, next) => {
      const dc = await this.dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(FORM_DIALOG_ID);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const humans = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (humans.length > 0) {
        const stored = await this.sessionProp.get(context);
        const { session, replies } = startConversation(stored, options.deps);
        await this.sessionProp.set(context, session);
        outbox(context).push(...replies);
      }
      await next();
    });
  }

  /**
   * Invoke activities. An Adaptive Card Action.Execute (`adaptiveCard/action`) is a turn like a
   * typed message (its text: `invokeText`), answered with the usual replies and an invoke response
   * of 200; one without a usable verb or data gets 400 with an error body. Any other invoke (the
   * bot offers no message extensions, task modules or sign-in) is acknowledged with 200 and no
   * body, never ActivityHandler's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return { status: 200 };
    if (invokeText(context.activity) === undefined) {
      return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Action.Execute needs a verb or data' } } };
    }
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(FORM_DIALOG_ID);
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: M.cardActionDone } };
  }

  /**
   * One turn: the handlers fill the outbox, state is saved, then the replies go out. An activity
   * already applied (same conversation and activity id: a channel's redelivery) changes nothing
   * and is answered with the replies it got the first time; the record of applied activities is
   * saved in the same write as the state the activity changed.
   */
  override async run(context: TurnContext): Promise<void> {
    const logger = this.options.logger ?? silent;
    // A fresh outbox: a turn retried after an eTag conflict must not resend the first attempt's replies.
    const box: Reply[] = [];
    context.turnState.set(OUTBOX, box);
    const key = appliedKey(context.activity);
    const log = key ? readLog(await this.appliedProp.get(context)) : undefined;
    if (key && log) {
      const seen = lookup(log, key);
      if (seen.seen) {
        logger.warn({ redelivered: true }, 'activity already applied; answered with its recorded replies');
        await sendReplies(context, seen.replies ?? [{ text: M.alreadyApplied }], this.options.deps, logger);
        return;
      }
    }
    try {
      await super.run(context);
    } catch (err) {
      logger.error({ err }, 'turn failed');
      await context.sendActivity(isStorageUnavailable(err) ? M.storageBusy : M.turnFailed);
      return;
    }
    if (key && log) await this.appliedProp.set(context, record(log, key, box));
    try {
      await this.userState.saveChanges(context);
    } catch (err) {
      if (this.options.rethrowETagConflicts && isETagConflict(err)) throw err;
      logger.warn({ err }, 'state not saved');
      await context.sendActivity(isStorageUnavailable(err) ? M.storageBusy : M.saveFailed);
      return;
    }
    await sendReplies(context, box, this.options.deps, logger);
  }
}

export function createFormBot(options: FormBotOptions): { bot: ActivityHandler; userState: UserState } {
  const userState = new SessionUserState(options.storage);
  const bot = new FormBot(userState, options);
  return { bot, userState };
}

/** Replies → activities, as the channel can show them. */
export async function sendReplies(context: TurnContext, replies: readonly Reply[], deps: DialogDeps, logger: Logger = silent): Promise<void> {
  const caps = channelCaps(context.activity.channelId);
  const activities: Partial<Activity>[] = [];
  for (const reply of replies) {
    let text = reply.text;
    let attachments: Attachment[] | undefined;
    if (reply.card && caps.adaptiveCards) {
      attachments = [CardFactory.adaptiveCard(renderAdaptiveCard(reply.card))];
      text = '';
    }
    if (reply.files && reply.files.length > 0) {
      if (!deps.files) text = [text, M.noFileDelivery].filter(Boolean).join('\n');
      else {
        try {
          const delivered = await deps.files.deliver(reply.files, { userId: context.activity.from?.id ?? '', formKey: reply.formKey ?? '' }, caps);
          attachments = [...(attachments ?? []), ...delivered.map((d) => ({ contentType: d.contentType, contentUrl: d.contentUrl, name: d.name }))];
        } catch (err) {
          logger.warn({ err }, 'file delivery failed');
          text = [text, M.exportFailed].filter(Boolean).join('\n');
        }
      }
    }
    // Replies are plain text; where the channel renders markdown it is escaped (dialogs/escape.ts),
    // so text from the user or an imported file never shows as a link, an image or HTML.
    const suggestions = (reply.suggestions ?? []).map(cleanUserText);
    let activity: Partial<Activity>;
    if (suggestions.length > 0 && caps.suggestedActions) activity = MessageFactory.suggestedActions(suggestions, channelText(text, context.activity.channelId));
    else {
      if (suggestions.length > 0) text = `${text}\n可回复：${suggestions.join(' / ')}`;
      activity = MessageFactory.text(channelText(text, context.activity.channelId));
    }
    if (attachments) activity.attachments = attachments;
    if (!activity.text) delete activity.text;
    activities.push(activity);
  }
  if (activities.length > 0) await context.sendActivities(activities);
}

/**
 * The files attached to a message (Adaptive Cards and other non-file attachments are ignored),
 * and the ones that could not be read, with why (the engine tells the user; the form is untouched).
 */
async function readFiles(
  activity: Partial<Activity>,
  fetcher: (a: Attachment) => Promise<Uint8Array | undefined>,
  logger: Logger,
): Promise<{ files: IncomingFile[]; errors: FileProblem[] }> {
  const files: IncomingFile[] = [];
  const errors: FileProblem[] = [];
  if (activity.type !== ActivityTypes.Message) return { files, errors };
  for (const a of activity.attachments ?? []) {
    if (typeof a?.contentType === 'string' && a.contentType.startsWith('application/vnd.microsoft.card')) continue;
    const name = typeof a?.name === 'string' && a.name ? a.name : 'file';
    try {
      const bytes = await fetcher(a);
      if (bytes) files.push({ name, contentType: typeof a.contentType === 'string' ? a.contentType : 'application/octet-stream', bytes });
    } catch (err) {
      const problem = (err as { fileProblem?: Omit<FileProblem, 'name'> } | undefined)?.fileProblem;
      logger.warn({ err: err instanceof Error ? err.message : String(err), reason: problem?.reason ?? 'failed' }, 'attachment not read');
      errors.push({ ...(problem ?? { reason: 'failed' }), name });
    }
  }
  return { files, errors };
}

/**
 * The default reader: inline data: URLs up to 10 MB, nothing else (dialogs/ does no network I/O;
 * the server passes src/attachments' fetcher with its allow-list, timeout and size cap).
 */
export async function defaultFetchAttachment(a: Attachment): Promise<Uint8Array | undefined> {
  const url = a.contentUrl;
  if (!url) return undefined;
  const data = /^data:[^;,]*(;base64)?,(.*)$/s.exec(url);
  if (!data) throw Object.assign(new Error('no reader for this URL'), { fileProblem: { reason: 'not-allowed' } satisfies Omit<FileProblem, 'name'> });
  if (data[2].length > MAX_FILE_BYTES * 2) throw Object.assign(new Error('too large'), { fileProblem: { reason: 'too-large', limitBytes: MAX_FILE_BYTES } satisfies Omit<FileProblem, 'name'> });
  const bytes = data[1] ? Buffer.from(data[2], 'base64') : Buffer.from(decodeURIComponent(data[2]), 'utf8');
  if (bytes.length > MAX_FILE_BYTES) throw Object.assign(new Error('too large'), { fileProblem: { reason: 'too-large', limitBytes: MAX_FILE_BYTES, sizeBytes: bytes.length } satisfies Omit<FileProblem, 'name'> });
  return new Uint8Array(bytes);
}
