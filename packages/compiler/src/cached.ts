import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { CompileCache } from './compile-cache.js';
import type { CompileResult } from './compile.js';
import { sanitizeResult } from './lints/rules/hardening/sanitize-result.js';
import { defaultCacheDir } from './load/cache-dir.js';
import { LoadCache } from './load/load-cache.js';

/**
 * The fast path of `compileSpecs` (subpath `@trtforge/compiler/cached`): the results of every spec
 * from the load and compile caches, or undefined as soon as one misses. This module loads neither
 * TypeScript nor the compiler's later stages, so an unchanged spec costs node's start-up, a few
 * hashes and reads. The results are the ones compileSpecs stored: same diagnostics, same files.
 */
export function compileFromCache(specFiles: readonly string[], opts: { root: string; cwd?: string; cacheDir?: string | false }): CompileResult[] | undefined {
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir(opts.root) : opts.cacheDir || undefined;
  if (!cacheDir) return undefined;
  const cwd = opts.cwd ?? process.cwd();
  const loads = new LoadCache(cacheDir);
  const compiles = new CompileCache(cacheDir, opts.root);
  const results: CompileResult[] = [];
  for (const f of specFiles) {
    const file = resolve(cwd, f);
    let source: string;
    try {
      source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return undefined;
    }
    const loaded = loads.get(file, relative(cwd, file) || file, source);
    const result = loaded && compiles.get(loaded);
    if (!result) return undefined;
    results.push(sanitizeResult(result));
  }
  return results;
}
