import { defineProject } from 'vitest/config';

/** Browser tests: the built console served by a real server, driven by Debian's Chromium through Playwright. */
export default defineProject({
  test: { name: 'e2e', include: ['**/*.e2e.ts'], testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false },
});
