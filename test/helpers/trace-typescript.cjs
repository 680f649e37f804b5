// Preloaded (node --require) by tests that must prove a run never loaded TypeScript: every
// require('typescript') appends a line to $TRTFORGE_TRACE_TYPESCRIPT.
const Module = require('node:module');
const { appendFileSync } = require('node:fs');

const original = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'typescript' && process.env.TRTFORGE_TRACE_TYPESCRIPT) appendFileSync(process.env.TRTFORGE_TRACE_TYPESCRIPT, `${request}\n`);
  return original.call(this, request, ...rest);
};
