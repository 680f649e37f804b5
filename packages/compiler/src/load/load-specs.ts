import { relative, resolve } from 'node:path';
import { LoadCache } from './load-cache.js';
import type { LoadedSpec } from './loaded-spec.js';
import { LocationMap } from './locations.js';
import { ownSpecApiFor } from './own-spec-api.js';
import { parsePlainSpec } from './plain-spec.js';
import { readSource } from './read-source.js';
import { typecheckSpecs } from './typecheck.js';

export type { LoadedSpec } from './loaded-spec.js';

export interface LoadOptions {
  /**
   * Directory of the persistent load cache (type-check and evaluation results keyed by the spec's
   * text and everything the result depends on); none: every spec is type-checked.
   */
  cacheDir?: string;
  /**
   * Accepts a spec written as plain data (load/plain-spec.ts) without a type-check: given its value
   * and field locations, true when its type-check could report nothing — the caller's JSON Schema,
   * generated from the same types, finds no error. Omitted: every spec that misses the cache is type-checked.
   */
  fitsWithoutTypecheck?: (spec: LoadedSpec) => boolean;
}

/**
 * Loads model.ts files: type errors located at the field they concern, and the evaluated default
 * export. Specs whose result is in the cache cost a hash and a read; plain-data specs that fit the
 * schema are read without TypeScript; the rest are type-checked in one TypeScript program, which is
 * only loaded when some spec needs it.
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
    const plain = !hit && source !== undefined && options.fitsWithoutTypecheck ? readPlain(file, displayFile, source, options.fitsWithoutTypecheck) : undefined;
    if (hit) results.set(file, hit);
    else if (plain) {
      results.set(file, plain.loaded);
      const key = cache?.set(plain.loaded, plain.dependencies);
      if (key) plain.loaded.cacheKey = key;
    } else misses.push(file);
  }
  if (misses.length > 0) {
    // TypeScript itself is required only here: a run of cache hits and plain specs never loads it.
    const checked = typecheckSpecs(misses, cwd, options.cacheDir);
    checked.forEach((c, i) => {
      results.set(misses[i]!, c.loaded);
      const key = cache && c.cacheable ? cache.set(c.loaded, c.dependencies) : undefined;
      if (key) c.loaded.cacheKey = key;
    });
  }
  return absolute.map((f) => results.get(f)!);
}

/** A plain-data spec whose import is this compiler's spec API and whose value `fits`: loaded with no type error to report. */
function readPlain(file: string, displayFile: string, source: string, fits: (spec: LoadedSpec) => boolean): { loaded: LoadedSpec; dependencies: string[] } | undefined {
  const plain = parsePlainSpec(source);
  const dependencies = plain ? ownSpecApiFor(file) : undefined;
  if (!plain || !dependencies) return undefined;
  const loaded: LoadedSpec = { file, displayFile, source, value: plain.value, locations: LocationMap.fromData(plain.locations), diagnostics: [] };
  return fits(loaded) ? { loaded, dependencies } : undefined;
}
