import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rendering (vega, resvg) is CPU-bound: seconds on an idle machine, a minute or more on a
    // 2-core machine shared with other test runs. Generous, so load never fails a test.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
