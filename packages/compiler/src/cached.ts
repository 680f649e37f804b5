import { relative, resolve } from 'node:path';
import { ResultCache } from './cache/result-cache.js';
import { baseResult, type CompileResult } from './compile-result.js';
import { defaultCacheDir } from './load/cache-dir.js';
import { LoadCache } from './load/load-cache.js';
import { readSource } from './load/read-source.js';
import { sanitizeResult } from './sanitize-result.js';

/**
 * The fast path of compileSpecs (`@trtforge/compiler/cached`): when every spec is in the load cache
 * and its result in the result cache (with every host fact still holding), the results, exactly as
 * compileSpecs would return them; otherwise undefined, having loaded neither TypeScript nor the
 * validate → synth stages, and the caller compiles. This module imports only the caches, so an
 * unchanged spec costs a hash, two reads and the facts' checks.
 */
export function reuseCompiled(specFiles: readonly string[], opts: { root: string; cwd?: string; cacheDir?: string | false }): CompileResult[] | undefined {
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir(opts.root) : opts.cacheDir || undefined;
  if (!cacheDir) return undefined;
  const cwd = opts.cwd ?? process.cwd();
  const loads = new LoadCache(cacheDir);
  const compiled = new ResultCache(cacheDir);
  const out: CompileResult[] = [];
  for (const f of specFiles) {
    const file = resolve(cwd, f);
    const source = readSource(file);
    const loaded = source === undefined ? undefined : loads.get(file, relative(cwd, file) || file, source);
    const parts = loaded && loaded.value !== undefined ? compiled.get(loaded, opts.root, cwd) : undefined;
    if (!loaded || !parts) return undefined;
    out.push(sanitizeResult({ ...baseResult(loaded), ...parts }));
  }
  return out;
}
