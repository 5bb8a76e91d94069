import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'sip', include: ['src/**/*.test.ts'] } });
