#!/usr/bin/env node
// Thin launcher: all logic lives in dist/main.js so `npm i -g` and workspace bins behave the same.
// Node ≥ 22.1 can cache V8's compiled code between runs; compiling the bundled TypeScript
// compiler is most of a cold `trtforge compile`, so turn the cache on before loading anything.
import { statSync } from 'node:fs';
import module from 'node:module';

module.enableCompileCache?.();
const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
// dist/main.js with its own modules joined in (scripts/bundle.mjs): one load instead of ~30. The bundle is
// only a faster copy: after a plain `tsc -b` (no bundle, or an older one) dist/main.js itself runs.
const built = mtime('../dist/main.js');
const bundled = mtime('../dist/bundle/main.js');
const entry = bundled !== undefined && (built === undefined || bundled >= built) ? '../dist/bundle/main.js' : '../dist/main.js';
// A fresh clone installed with --ignore-scripts (or a deleted dist/) has nothing to run yet: say so
// in one line instead of a module-not-found stack trace. `npm ci` builds it (the root `prepare` script).
if (built === undefined && bundled === undefined) {
  process.stderr.write('✗ trtforge is not built yet (packages/cli/dist is missing): run `npm run build` at the repository root\n');
  process.exit(1);
}
// Before anything slow loads: Ctrl-C ends with the usual one line and exit 130, and secret values never reach the terminal.
const { installEarlyInterrupt } = await import('../dist/startup/early-interrupt.js');
installEarlyInterrupt();
const { maskOwnOutput } = await import('../dist/startup/mask-output.js');
maskOwnOutput(process.env);
const { main } = await import(entry);
main(process.argv).then((code) => { process.exitCode = code; });
