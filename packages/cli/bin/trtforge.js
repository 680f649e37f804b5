#!/usr/bin/env node
// Thin launcher: all logic lives in dist/main.js so `npm i -g` and workspace bins behave the same.
// Node ≥ 22.1 can cache V8's compiled code between runs; compiling the bundled TypeScript
// compiler is most of a cold `trtforge compile`, so turn the cache on before loading anything.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/main.js');
main(process.argv).then((code) => { process.exitCode = code; });
