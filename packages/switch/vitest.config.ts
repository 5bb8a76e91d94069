import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'switch', include: ['src/**/*.test.ts'] } });
