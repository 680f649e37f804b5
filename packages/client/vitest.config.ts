import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The infer-command tests import the CLI's source, which imports '@trtforge/client': point it
    // at this package's source so the tests never run against a stale dist/.
    alias: { '@trtforge/client': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Every test talks to a local stand-in server; these bound a hung socket, not normal runs —
    // wide enough that a machine at load 20+ (2 cores, parallel turbo tasks) never trips them.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
