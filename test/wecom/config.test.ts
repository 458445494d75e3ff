// WECOM_* configuration: the channel is on only with all five variables, a partial or malformed set
// stops the start with a message naming the variable (never echoing a secret).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const FULL = {
  WECOM_CORP_ID: 'ww5823bf96d3bd56c7',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret-value',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};
const load = (env: Record<string, string>) => loadConfig({ STORAGE: 'memory', ...env }, '/tmp');
const problem = (env: Record<string, string>): ConfigError => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('WECOM_* configuration', () => {
  it('is off without the variables, on with all of them (public API and cards by default)', () => {
    expect(load({}).wecom).toBeUndefined();
    expect(load(FULL).wecom).toEqual({
      corpId: FULL.WECOM_CORP_ID,
      agentId: '1000002',
      secret: FULL.WECOM_SECRET,
      token: 'QDG6eK',
      encodingAesKey: FULL.WECOM_ENCODING_AES_KEY,
      apiBase: 'https://qyapi.weixin.qq.com',
      cards: true,
      maxSkewSeconds: 300,
    });
  });

  it('takes a 政务微信 address, cards off and another clock window', () => {
    const c = load({ ...FULL, WECOM_API_BASE: 'https://zwwx.example.gov.cn/', WECOM_CARDS: 'off', WECOM_MAX_SKEW_SECONDS: '60' }).wecom!;
    expect(c.apiBase).toBe('https://zwwx.example.gov.cn');
    expect(c.cards).toBe(false);
    expect(c.maxSkewSeconds).toBe(60);
  });

  it('a partial set names every missing variable', () => {
    const { WECOM_SECRET: _s, WECOM_TOKEN: _t, ...partial } = FULL;
    const e = problem(partial);
    expect(e.issues.map((i) => i.variable).sort()).toEqual(['WECOM_SECRET', 'WECOM_TOKEN']);
    expect(e.message).toMatch(/WECOM_SECRET/);
  });

  it('a malformed value names the variable, and a secret is never echoed', () => {
    const key = 'tooShortButSecret';
    const e = problem({ ...FULL, WECOM_ENCODING_AES_KEY: key, WECOM_AGENT_ID: 'abc', WECOM_API_BASE: 'ftp://x' });
    expect(e.issues.map((i) => i.variable).sort()).toEqual(['WECOM_AGENT_ID', 'WECOM_API_BASE', 'WECOM_ENCODING_AES_KEY']);
    expect(e.message).toMatch(/43/);
    expect(e.message).not.toContain(key);
  });
});
