// Preloaded (node --import) by tests that must prove which modules a run loaded: every ES module
// file loaded appends its URL to $TRTFORGE_TRACE_MODULES (a loader hook running off the main thread).
import { register } from 'node:module';

if (process.env.TRTFORGE_TRACE_MODULES) {
  register('data:text/javascript,' + encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      if (url.startsWith('file:')) appendFileSync(${JSON.stringify(process.env.TRTFORGE_TRACE_MODULES)}, url + '\\n');
      return next(url, context);
    }
  `));
}
