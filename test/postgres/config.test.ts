// The PostgreSQL and WORKERS settings are checked at start like every other: a bad or missing value
// stops the server with a message naming the variable (a database password is never echoed).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/tmp');
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
};

describe('STORAGE=postgres and WORKERS', () => {
  it('gives the database settings with their defaults', () => {
    const config = loadConfig({ STORAGE: 'postgres', DATABASE_URL: 'postgres://jixiao:secret@db.example.cn:5432/jixiao', WORKERS: '4' }, '/tmp');
    expect(config.storage).toBe('postgres');
    expect(config.workers).toBe(4);
    expect(config.database).toEqual({ url: 'postgres://jixiao:secret@db.example.cn:5432/jixiao', poolMax: 10, statementTimeoutMs: 5000, migrate: 'check' });
    const tuned = loadConfig({ STORAGE: 'postgres', DATABASE_URL: 'postgresql://h/db', PG_POOL_MAX: '30', PG_STATEMENT_TIMEOUT_MS: '2000', DB_MIGRATE: 'auto' }, '/tmp');
    expect(tuned.database).toEqual({ url: 'postgresql://h/db', poolMax: 30, statementTimeoutMs: 2000, migrate: 'auto' });
    expect(loadConfig({}, '/tmp')).toMatchObject({ storage: 'file', workers: 1 });
    expect(loadConfig({}, '/tmp').database).toBeUndefined();
  });

  it('STORAGE=postgres without DATABASE_URL names the variable', () => {
    const err = problems({ STORAGE: 'postgres' });
    expect(err?.issues.map((i) => i.variable)).toEqual(['DATABASE_URL']);
  });

  it('WORKERS above 1 without a shared store is refused, saying why in Chinese and English', () => {
    for (const storage of ['file', 'memory']) {
      const err = problems({ STORAGE: storage, WORKERS: '2' });
      expect(err?.issues).toHaveLength(1);
      expect(err?.issues[0].variable).toBe('WORKERS');
      expect(err?.message).toMatch(/需要共享存储.*STORAGE=postgres/);
      expect(err?.message).toMatch(/needs a shared store/);
    }
  });

  it('names bad values, and never echoes the database URL (it holds the password)', () => {
    const err = problems({ STORAGE: 'postgres', DATABASE_URL: 'mysql://root:hunter2@db/x', PG_POOL_MAX: '0', PG_STATEMENT_TIMEOUT_MS: 'soon', WORKERS: '100', DB_MIGRATE: 'yes' });
    expect(err?.issues.map((i) => i.variable).sort()).toEqual(['DATABASE_URL', 'DB_MIGRATE', 'PG_POOL_MAX', 'PG_STATEMENT_TIMEOUT_MS', 'WORKERS']);
    expect(err?.message).not.toContain('hunter2');
  });
});
