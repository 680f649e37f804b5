// Mutation testing of the modules where a silent bug costs most (issue 14). `npm run mutation`;
// docs/mutation.md explains the run, the scores and the equivalent mutants. Slow: not part of CI.

/** Modules by path glob, so the run follows files that move or split. Keep in step with MODULES in scores.mjs. */
export const MUTATE = [
  // template fill and the pbtxt writer
  'packages/compiler/src/emit/fill-template.ts',
  'packages/pbtxt/src/writer.ts',
  'packages/pbtxt/src/text-escape.ts',
  'packages/pbtxt/src/scalars.ts',
  // flag emission
  'packages/compiler/src/emit/flags.ts',
  'packages/compiler/src/emit/steps.ts',
  // cache keys
  'packages/runner/src/store/key.ts',
  'packages/runner/src/steps/keys.ts',
  // locks (store/gpu-lock.ts has no in-process test yet: only test/runner spawns it; see docs/mutation.md)
  'packages/runner/src/store/lock.ts',
  'packages/runner/src/store/owner.ts',
  // output validation (checkpoint, engine, model repository, store integrity). steps/check-entry.ts
  // is reached only through runStep/assemble, which no in-process test calls.
  'packages/runner/src/steps/validate-output.ts',
  'packages/runner/src/repository-check.ts',
  'packages/runner/src/store/integrity.ts',
  // secret masking: the shared policy (spec), the compiler's result sanitiser and re-export, the
  // runner's step log. The CLI's startup/mask-output.ts is tested only through a spawned CLI.
  'packages/spec/src/secrets.ts',
  'packages/compiler/src/sanitize-result.ts',
  'packages/compiler/src/lints/rules/hardening/secret-patterns.ts',
  'packages/compiler/src/lints/rules/hardening/secrets.ts',
  'packages/runner/src/process/step-log.ts',
  // lint rules
  'packages/compiler/src/lints/rules/**/*.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'mutation/vitest.config.ts', related: false },
  mutate: MUTATE,
  // In place: tests read NVIDIA's templates from ../shared beside the repository, which a sandbox
  // copy (two folders deeper) would not find. Stryker restores every file when it ends.
  inPlace: true,
  // Vitest does not type-check, and in place this option would rewrite every test file (and lose
  // file modes on restore): leave files that are not mutated alone.
  disableTypeChecks: false,
  coverageAnalysis: 'perTest',
  // Module-level mutants (a constant table) would rerun every test for each of them: an hour on
  // this machine for about a dozen mutants. They are listed as ignored in the report.
  ignoreStatic: true,
  // The machine has 2 cores, shared.
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'progress', 'clear-text'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
