import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'pbx', include: ['src/**/*.test.ts'] } });
