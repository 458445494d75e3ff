// With MicrosoftAppId set, /api/messages needs a valid Bot Framework token: missing, garbage and
// forged tokens get 401 and never reach the bot.
// Two servers: one with the production settings (public cloud; only checks that need no key
// download), and one whose "cloud" is the local fake channel — same CloudAdapter and
// ConfigurationBotFrameworkAuthentication, but the OpenID metadata and signing keys come from
// 127.0.0.1 — for forged signatures. There a token signed with the published key passes, which
// shows that the 401s come from the check and not from the setup.
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { botAuthSettings } from '../../src/config.js';
import { createAdapter } from '../../src/server/adapter.js';
import { createServer, type AppServer } from '../../src/server/app.js';
import { silentLogger } from '../../src/server/logger.js';
import { fakeChannel, jwt, message, postJson, signingKey, testConfig, type FakeChannel, type SigningKey } from './helpers.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';

/** Records turns and does not reply (a reply would need a token from Azure AD). */
class QuietBot {
  calls = 0;
  async run(_context: TurnContext) {
    this.calls++;
  }
}

let channel: FakeChannel;
let production: AppServer;
let localCloud: AppServer;
let published: SigningKey;
let attacker: SigningKey;
const bot = new QuietBot();

beforeAll(async () => {
  channel = await fakeChannel();
  published = signingKey('channel-key-1');
  attacker = signingKey('attacker-key');
  channel.jwks.keys.push(published.jwk);
  const config = testConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' });
  production = createServer({ config, bot, logger: silentLogger() });
  await production.listen(0, '127.0.0.1');

  const settings = {
    ...botAuthSettings(config),
    ToBotFromChannelTokenIssuer: ISSUER,
    ToBotFromChannelOpenIdMetadataUrl: channel.openIdUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: channel.openIdUrl,
    ToChannelFromBotLoginUrl: `${channel.url}/login`,
    ToChannelFromBotOAuthScope: ISSUER,
    OAuthUrl: channel.url,
    ValidateAuthority: true,
  };
  const auth = new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(botAuthSettings(config)));
  localCloud = createServer({ config, bot, adapter: createAdapter(config, silentLogger(), auth), logger: silentLogger() });
  await localCloud.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await production?.close();
  await localCloud?.close();
  await channel?.close();
});

beforeEach(() => {
  bot.calls = 0;
});

const post = (authorization?: string, server = localCloud, activity = message(channel.url, '你好')) =>
  postJson(`${server.url()}/api/messages`, activity, authorization ? { Authorization: authorization } : {});

const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: APP_ID, serviceurl: channel.url, ...extra });

describe('POST /api/messages with an app id', () => {
  it('binds to 0.0.0.0 by default when an app id is set', () => {
    expect(testConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' }).host).toBe('0.0.0.0');
  });

  it('answers 401 without an Authorization header (production settings)', async () => {
    const res = await post(undefined, production);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'unauthorized', message: 'a valid Bot Framework token is required' });
    expect(bot.calls).toBe(0);
  });

  it('answers 401 to a bearer that is not a JWT or a token from an unknown issuer (production settings)', async () => {
    expect((await post('Bearer not-a-token', production)).status).toBe(401);
    expect((await post('Basic dXNlcjpwYXNz', production)).status).toBe(401);
    expect((await post(`Bearer ${jwt(attacker, claims({ iss: 'https://evil.example.com' }))}`, production)).status).toBe(401);
    expect(bot.calls).toBe(0);
  });

  it('answers 401 to a forged JWT signed with an unpublished key', async () => {
    const res = await post(`Bearer ${jwt(attacker, claims())}`);
    expect(res.status).toBe(401);
    expect(bot.calls).toBe(0);
  });

  it('answers 401 to a forged JWT that names the published key id but is signed with another key', async () => {
    // botbuilder's JwtTokenExtractor prints one line on a bad signature; this test expects exactly that.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await post(`Bearer ${jwt({ kid: published.kid, privateKey: attacker.privateKey }, claims())}`);
    expect(res.status).toBe(401);
    expect(bot.calls).toBe(0);
    expect(printed.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/Error finding key for token/)]);
  });

  it('answers 401 to a genuine token for another bot or another serviceUrl', async () => {
    expect((await post(`Bearer ${jwt(published, claims({ aud: '99999999-2222-3333-4444-555555555555' }))}`)).status).toBe(401);
    expect((await post(`Bearer ${jwt(published, claims({ serviceurl: 'https://evil.example.com' }))}`)).status).toBe(401);
    expect((await post(`Bearer ${jwt(published, claims({ iss: 'https://evil.example.com' }))}`)).status).toBe(401);
    expect(bot.calls).toBe(0);
  });

  it('lets a token signed with the published key through to the bot', async () => {
    const res = await post(`Bearer ${jwt(published, claims())}`);
    expect(res.status).toBe(200);
    expect(bot.calls).toBe(1);
  });

  it('does not serve the unauthenticated web chat or Direct Line', async () => {
    const base = production.url();
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await postJson(`${base}/v3/directline/tokens/generate`, {})).status).toBe(404);
    expect((await fetch(`${base}/healthz`).then((r) => r.json())) as { mode: string }).toMatchObject({ mode: 'authenticated' });
  });
});
