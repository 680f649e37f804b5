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
      'packages/spec/test/**/*.test.ts',
      'packages/pbtxt/test/**/*.test.ts',
      'packages/compiler/test/**/*.test.ts',
      'packages/runner/test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // Each test file imports the source afresh, so code that runs at import time (a rule's
    // definition, a table such as SECRET_SHAPES) is seen by Stryker as *static* coverage and, with
    // `ignoreStatic`, reported as ignored instead of "no coverage" (docs/mutation.md). With
    // `isolate: false` modules stay loaded across files and that code is attributed to no test.
    isolate: true,
  },
});
