import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // vega + resvg load once per file; leave room on a loaded 2-core machine.
    testTimeout: 30_000,
  },
});
