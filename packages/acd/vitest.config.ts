import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'acd', include: ['src/**/*.test.ts'] } });
