#!/usr/bin/env node
// Thin launcher: all logic lives in dist/main.js so `npm i -g` and workspace bins behave the same.
// Node ≥ 22.1 can cache V8's compiled code between runs; compiling the bundled TypeScript
// compiler is most of a cold `trtforge compile`, so turn the cache on before loading anything.
import { existsSync } from 'node:fs';
import module from 'node:module';

module.enableCompileCache?.();
// A fresh clone installed with --ignore-scripts (or a deleted dist/) has nothing to run yet: say so
// in one line instead of a module-not-found stack trace. `npm ci` builds it (the root `prepare` script).
if (!existsSync(new URL('../dist/bundle/main.js', import.meta.url))) {
  process.stderr.write('✗ trtforge is not built yet (packages/cli/dist is missing): run `npm run build` at the repository root\n');
  process.exit(1);
}
// Before anything slow loads: Ctrl-C ends with the usual one line and exit 130, and secret values never reach the terminal.
const { installEarlyInterrupt } = await import('../dist/startup/early-interrupt.js');
installEarlyInterrupt();
const { maskOwnOutput } = await import('../dist/startup/mask-output.js');
maskOwnOutput(process.env);
// dist/main.js with its own modules joined in (scripts/bundle.mjs): one load instead of ~30.
const { main } = await import('../dist/bundle/main.js');
main(process.argv).then((code) => { process.exitCode = code; });
