import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'node-base', include: ['src/**/*.test.ts'] } });
