import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'e2e/vitest.config.ts',
      // The server's integration suites again, on a real PostgreSQL (each suite creates and drops a database).
      {
        extends: './apps/server/vitest.config.ts',
        test: { name: 'server-pg', root: './apps/server', env: { CC_TEST_DATABASE: 'postgres' } },
      },
    ],
  },
});
