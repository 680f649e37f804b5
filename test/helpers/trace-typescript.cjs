// Preloaded (node --require) by tests that must prove a run never loaded TypeScript: every
// resolution of 'typescript' appends a line to $TRTFORGE_TRACE_TYPESCRIPT. Resolution, not
// require(): the compiler may run TypeScript's file itself with V8's code cache
// (packages/compiler/src/load/code-cache.ts), and either way it resolves the package first.
const Module = require('node:module');
const { appendFileSync } = require('node:fs');

const original = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request, ...rest) {
  if (request === 'typescript' && process.env.TRTFORGE_TRACE_TYPESCRIPT) appendFileSync(process.env.TRTFORGE_TRACE_TYPESCRIPT, `${request}\n`);
  return original.call(this, request, ...rest);
};
