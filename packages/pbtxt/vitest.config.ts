import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // protoc is spawned once per case; leave room on slow CI machines.
    testTimeout: 20_000,
  },
});
