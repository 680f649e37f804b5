import { relative, resolve } from 'node:path';
import { LoadCache } from './load-cache.js';
import type { LoadedSpec } from './loaded-spec.js';
import { readSource } from './read-source.js';
import { typecheckSpecs } from './typecheck.js';

export type { LoadedSpec } from './loaded-spec.js';

export interface LoadOptions {
  /**
   * Directory of the persistent load cache (type-check and evaluation results keyed by the spec's
   * text and everything the result depends on); none: every spec is type-checked.
   */
  cacheDir?: string;
}

/**
 * Loads model.ts files: type errors located at the field they concern, and the evaluated default
 * export. Specs whose result is in the cache cost a hash and a read; the rest are type-checked in
 * one TypeScript program, which is only loaded when some spec misses.
 */
export function loadSpecs(files: readonly string[], cwd = process.cwd(), options: LoadOptions = {}): LoadedSpec[] {
  const absolute = files.map((f) => resolve(cwd, f));
  const cache = options.cacheDir ? new LoadCache(options.cacheDir) : undefined;
  const results = new Map<string, LoadedSpec>();
  const misses: string[] = [];
  for (const file of absolute) {
    const displayFile = relative(cwd, file) || file;
    const source = readSource(file);
    const hit = source !== undefined ? cache?.get(file, displayFile, source) : undefined;
    if (hit) results.set(file, hit);
    else misses.push(file);
  }
  if (misses.length > 0) {
    // TypeScript itself is required only here: a run of cache hits never loads it.
    const checked = typecheckSpecs(misses, cwd, options.cacheDir);
    checked.forEach((c, i) => {
      results.set(misses[i]!, c.loaded);
      const key = cache && c.cacheable ? cache.set(c.loaded, c.dependencies) : undefined;
      if (key) c.loaded.cacheKey = key;
    });
  }
  return absolute.map((f) => results.get(f)!);
}
