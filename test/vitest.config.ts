import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'bad-specs/**/model.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // 2-core CI machine: process-spawning tests share it with the compiler's type-checks.
    pool: 'forks',
    maxWorkers: 2,
  },
});
