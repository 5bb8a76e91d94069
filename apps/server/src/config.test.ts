import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults: PGlite in ./data, port 3000, no admin password', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.adminPassword).toBeUndefined();
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ CC_PORT: 'abc', CC_DATABASE_URL: 'mysql://x', CC_ADMIN_PASSWORD: 'short' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ CC_PORT: 'abc', CC_DATABASE_URL: 'mysql://x', CC_ADMIN_PASSWORD: 'short' });
    } catch (err) {
      const msg = (err as Error).message;
      expect(msg).toContain('CC_PORT');
      expect(msg).toContain('CC_DATABASE_URL');
      expect(msg).toContain('CC_ADMIN_PASSWORD');
    }
  });
});
