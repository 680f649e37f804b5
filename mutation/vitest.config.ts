import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The test run Stryker mutates against (`npm run mutation`, see docs/mutation.md). Not part of
 * `npm test`: every package's own vitest config still runs these files against the built dist.
 *
 * Stryker mutates `packages/<pkg>/src`, so every `@trtforge/<pkg>` import is pointed at the
 * package's source here; through the dist a mutant would never be seen. Only in-process tests
 * are listed: a test that spawns the CLI runs the dist in a child process, where no mutant is active.
 */
const src = (pkg: string) => fileURLToPath(new URL(`../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: {
    alias: ['spec', 'compiler', 'pbtxt', 'runner', 'client'].map((pkg) => ({ find: `@trtforge/${pkg}`, replacement: src(pkg) })),
  },
  test: {
    include: [
      'packages/pbtxt/test/**/*.test.ts',
      'packages/compiler/test/**/*.test.ts',
      'packages/runner/test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // Stryker switches mutants at run time (schemata), so modules need not be reloaded for each run.
    isolate: false,
  },
});
