// Configuration from the environment: defaults, local vs authenticated mode, and errors that name
// the bad variable. .env.example documents every variable and loads as it is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/jixiao');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to local mode on 127.0.0.1:3978', () => {
    expect(loadConfig({}, '/srv/jixiao')).toEqual({
      appId: '',
      appPassword: '',
      appType: 'MultiTenant',
      tenantId: '',
      localMode: true,
      port: 3978,
      host: '127.0.0.1',
      dataDir: '/srv/jixiao/data',
      publicBaseUrl: 'http://localhost:3978',
      publicBaseUrlSet: false,
      ruleSet: 'suzhou-2021',
      region: '苏州',
      logLevel: 'info',
      fileLinkTtlHours: 24,
      maxBodyBytes: 262144,
      uploadMaxBytes: 10485760,
      attachmentHosts: [],
      attachmentTimeoutMs: 15000,
      uploadDir: '/srv/jixiao/data/uploads',
      uploadTtlMinutes: 30,
      uploadMaxFiles: 10,
      uploadConversationMaxBytes: 41943040,
      storage: 'file',
      webchat: true,
      directLineMaxConversations: 1000,
      directLineIdleMinutes: 120,
      shutdownTimeoutMs: 10000,
      workers: 1,
      importTimeoutMs: 15000,
      importHeapMb: 96,
    });
  });

  it('with an app id: authenticated, 0.0.0.0, no local web chat', () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', PUBLIC_BASE_URL: 'https://bot.example.com/' });
    expect(config).toMatchObject({ localMode: false, host: '0.0.0.0', webchat: false, publicBaseUrl: 'https://bot.example.com', publicBaseUrlSet: true });
  });

  it('keeps HOST when set, and follows PORT in the default public URL', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' })).toMatchObject({ host: '0.0.0.0', port: 8080, publicBaseUrl: 'http://localhost:8080' });
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ MicrosoftAppId: '  ', PORT: '', LOG_LEVEL: '' })).toMatchObject({ localMode: true, port: 3978, logLevel: 'info' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /whole number between 0 and 65535 \(got "abc"\)/],
    [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
    [{ MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId', /GUID/],
    [{ MicrosoftAppType: 'Personal' }, 'MicrosoftAppType', /one of MultiTenant, SingleTenant, UserAssignedMSI/],
    [{ PUBLIC_BASE_URL: 'bot.example.com' }, 'PUBLIC_BASE_URL', /absolute http\(s\) URL/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error/],
    [{ STORAGE: 'sqlite' }, 'STORAGE', /one of file, memory/],
    [{ FILE_LINK_TTL_HOURS: '0' }, 'FILE_LINK_TTL_HOURS', /positive number/],
    [{ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES', /between 1024/],
    [{ RULE_SET: 'beijing-2030' }, 'RULE_SET', /unknown rule set "beijing-2030"; known: suzhou-2021/],
    [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword', /required when MicrosoftAppId is set/],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId', /required when MicrosoftAppType is SingleTenant/],
    [{ MicrosoftAppPassword: 'orphan' }, 'MicrosoftAppId', /empty but MicrosoftAppPassword/],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', WEBCHAT: 'on' }, 'WEBCHAT', /needs local mode/],
  ])('%j → names %s', (env, variable, message) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.issues).toEqual([{ variable, message: expect.stringMatching(message) }]);
    expect(error.message).toContain(`${variable}: `);
    expect(error.message).toMatch(/^配置错误 \/ invalid configuration:/);
  });

  it('reports every bad variable at once', () => {
    expect(errorOf({ PORT: '-1', LOG_LEVEL: 'x', STORAGE: 'y' }).issues.map((i) => i.variable)).toEqual(['PORT', 'LOG_LEVEL', 'STORAGE']);
  });

  it('UserAssignedMSI needs no password', () => {
    expect(loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: APP_ID }).appType).toBe('UserAssignedMSI');
  });
});

describe('.env.example', () => {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const lines = text.split('\n');

  it('lists every variable the server reads, each after a comment', () => {
    for (const variable of CONFIG_VARIABLES) {
      const at = lines.findIndex((l) => l.startsWith(`${variable}=`));
      expect(at, `${variable} missing from .env.example`).toBeGreaterThan(0);
      expect(lines[at - 1], `${variable} needs a comment above it`).toMatch(/^#/);
    }
  });

  it('loads as it is, giving the defaults', () => {
    const env: Record<string, string> = {};
    for (const line of lines) {
      const m = /^([A-Za-z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
    expect(loadConfig(env, '/srv/jixiao')).toEqual(loadConfig({}, '/srv/jixiao'));
  });
});
