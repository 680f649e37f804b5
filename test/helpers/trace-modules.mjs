// Preloaded (node --import) by tests that must prove which modules a run loaded: every ES module
// file loaded appends its URL to $TRTFORGE_TRACE_MODULES (a loader hook running off the main thread),
// and at exit every CommonJS file loaded is appended too (the require cache: the CLI's own bundle is
// CommonJS, and loader hooks do not see require() on Node 20).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const trace = process.env.TRTFORGE_TRACE_MODULES;
if (trace) {
  register('data:text/javascript,' + encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      if (url.startsWith('file:')) appendFileSync(${JSON.stringify(trace)}, url + '\\n');
      return next(url, context);
    }
  `));
  const requireCache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const files = Object.keys(requireCache).filter((f) => f.startsWith('/'));
    if (files.length > 0) appendFileSync(trace, files.map((f) => `${pathToFileURL(f).href}\n`).join(''));
  });
}
