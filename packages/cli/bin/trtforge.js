#!/usr/bin/env node
// Thin launcher: all logic lives in dist/ so `npm i -g` and workspace bins behave the same.
// CommonJS (bin/package.json): `trtforge --help` then never starts Node's ES module loader (scripts/bundle.mjs says why).
'use strict';
const { existsSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

// Node ≥ 22.1 can cache V8's compiled code between runs; compiling the bundled TypeScript
// compiler is most of a cold `trtforge compile`, so turn the cache on before loading anything.
require('node:module').enableCompileCache?.();
const dist = join(__dirname, '..', 'dist');
const read = (file) => {
  try {
    return readFileSync(join(dist, file));
  } catch {
    return undefined;
  }
};
// dist/bundle/ holds the CLI in two CommonJS files (scripts/bundle.mjs): one load instead of ~30. The
// bundle is only a faster copy: it runs while dist/bundle/built-from.json holds (the CLI's build stamp,
// dist/.tsbuildinfo, is the one it was built from, and no package joined into it was rebuilt since);
// after a plain `tsc -b` (no bundle, or an older one) dist/main.js itself runs.
const bundleIsCurrent = (() => {
  const manifest = read('bundle/built-from.json');
  if (manifest === undefined) return false;
  const { own, joined } = JSON.parse(manifest);
  const ownStamp = read(join('bundle', own.stamp));
  if (ownStamp === undefined || !ownStamp.equals(read(join('bundle', own.copy)) ?? Buffer.alloc(0))) return false;
  const builtAt = statSync(join(dist, 'bundle', 'built-from.json')).mtimeMs;
  return joined.every((stamp) => (statSync(join(dist, 'bundle', stamp), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) <= builtAt);
})();
const plainExists = existsSync(join(dist, 'main.js'));
// A fresh clone installed with --ignore-scripts (or a deleted dist/) has nothing to run yet: say so
// in one line instead of a module-not-found stack trace. `npm ci` builds it (the root `prepare` script).
if (!plainExists && !existsSync(join(dist, 'bundle', 'main.cjs'))) {
  process.stderr.write('✗ trtforge is not built yet (packages/cli/dist is missing): run `npm run build` at the repository root\n');
  process.exit(1);
}
const exit = (code) => {
  process.exitCode = code;
};
if (bundleIsCurrent || !plainExists) {
  // Before anything slow loads: Ctrl-C ends with the usual one line and exit 130, and secret values never reach the terminal.
  const { installEarlyInterrupt, maskOwnOutput, printPrecomputedHelp, startEarlyGpuQuery } = require('../dist/bundle/startup.cjs');
  installEarlyInterrupt();
  maskOwnOutput(process.env);
  // serve/build/up: nvidia-smi runs while the CLI loads (src/startup/early-gpu-query.ts).
  startEarlyGpuQuery(process.argv, process.env);
  if (printPrecomputedHelp(process.argv, process.env, join(dist, 'bundle', 'help.txt'))) exit(0);
  else require('../dist/bundle/main.cjs').main(process.argv).then(exit);
} else {
  (async () => {
    const { installEarlyInterrupt } = await import('../dist/startup/early-interrupt.js');
    installEarlyInterrupt();
    const { maskOwnOutput } = await import('../dist/startup/mask-output.js');
    maskOwnOutput(process.env);
    (await import('../dist/startup/early-gpu-query.js')).startEarlyGpuQuery(process.argv, process.env);
    const { main } = await import('../dist/main.js');
    exit(await main(process.argv));
  })();
}
