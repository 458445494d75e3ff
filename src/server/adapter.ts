// The Bot Framework adapter: CloudAdapter + ConfigurationBotFrameworkAuthentication, with an
// onTurnError that logs and apologises without leaking details, and a public entry point that
// returns the invoke response and lets authentication errors surface as 401 (CloudAdapter.process
// would print them to the console).
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { botAuthSettings, type Config } from '../config.js';
import { isStorageUnavailable } from '../db/pool.js';
import { idHash, type Logger } from './logger.js';

/** botbuilder's BotFrameworkAuthentication (its package, botframework-connector, is not a direct dependency). */
export type BotAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** The request could not be authenticated; `status` is what to answer (401, 403, or 500 when the keys could not be loaded). */
export class RequestAuthError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`authentication failed (${status}): ${reason}`);
    this.name = 'RequestAuthError';
  }
}

/** Maps what token validation threw to a status: AuthenticationError carries one; jsonwebtoken's errors mean 401. */
function authFailure(error: unknown): RequestAuthError {
  const e = error as { statusCode?: unknown; name?: unknown; message?: unknown } | null;
  const reason = typeof e?.message === 'string' ? e.message : String(error);
  if (typeof e?.statusCode === 'number') return new RequestAuthError(e.statusCode, reason);
  if (e?.name === 'JsonWebTokenError' || e?.name === 'TokenExpiredError' || e?.name === 'NotBeforeError') return new RequestAuthError(401, reason);
  return new RequestAuthError(500, reason);
}

export const TURN_ERROR_REPLY = '出错了，请重试。如果一直出错，请发送“帮助”。';
export const STORAGE_BUSY_REPLY = '系统繁忙，请稍后再试：刚才这条消息没有保存，过一会儿请重发。';

export class ChannelAdapter extends CloudAdapter {
  /**
   * Authenticates the request, then runs one turn and returns the invoke response. Throws
   * RequestAuthError (and never calls `logic`) when the token is missing or invalid.
   */
  async handleIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    let auth: Awaited<ReturnType<BotAuthentication['authenticateRequest']>>;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw authFailure(error);
    }
    return this.processActivity(auth, activity, logic);
  }
}

export function botFrameworkAuthentication(config: Config): BotAuthentication {
  const settings = botAuthSettings(config);
  return new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings));
}

export function createAdapter(config: Config, logger: Logger, auth: BotAuthentication = botFrameworkAuthentication(config)): ChannelAdapter {
  const adapter = new ChannelAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    const a = context.activity;
    logger.error(
      { err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), channel: a?.channelId, conv: idHash(a?.conversation?.id), type: a?.type },
      'turn failed',
    );
    try {
      // The database is down (STORAGE=postgres): nothing was saved; say so, the user retries later.
      await context.sendActivity(isStorageUnavailable(error) ? STORAGE_BUSY_REPLY : TURN_ERROR_REPLY);
    } catch (sendError) {
      logger.warn({ err: sendError instanceof Error ? sendError.message : String(sendError), conv: idHash(a?.conversation?.id) }, 'could not send the error reply');
    }
  };
  return adapter;
}
