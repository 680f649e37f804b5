import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { typescriptCodeCacheDir } from './cache-dir.js';
import { writeCacheFile } from './cache-file.js';
import { codeCacheKey } from './module-code-cache.js';

/** A CommonJS file run from source with V8's code cache; save() keeps what V8 compiled for the next process. */
export interface CodeCachedModule<T> {
  exports: T;
  /** Writes the code cache when there was none (or V8 rejected it). Call it after the module has done its work, so the functions it compiled lazily are in it too. */
  save(): void;
}

/**
 * Node ≥ 22.1 caches compiled code itself once bin/trtforge.js turns module.enableCompileCache on;
 * Node 20 does not, and compiling TypeScript's 9 MB of JavaScript is then the largest part of a
 * type-check. This does what that cache does, for one file: the module's source runs in the same
 * wrapper require() uses, with V8's cached data from `cacheDir/v8/` (V8 checks the data against the
 * source and its own version and flags, and ignores it when they differ: then it is written anew).
 * Returns undefined when Node's own cache is on (require() is then as fast).
 */
export function requireCodeCached<T>(id: string, from: string, cacheDir: string): CodeCachedModule<T> | undefined {
  if ((module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.()) return undefined;
  const filename = createRequire(from).resolve(id);
  const { size, mtimeMs } = statSync(filename);
  const stem = basename(filename, '.js');
  const dir = typescriptCodeCacheDir(cacheDir);
  const cachePath = join(dir, `${stem}-${codeCacheKey(filename, size, mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch { /* first run, or the cache was cleared */ }
  const bytes = readFileSync(filename);
  // typescript.js is ASCII: read as latin1 it is the same string, decoded in less time than as UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new Script(module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
  const cjs = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(cjs.exports, createRequire(filename), cjs, filename, dirname(filename));
  const save = (): void => {
    if (cachedData && !script.cachedDataRejected) return;
    // Only an optimisation: a read-only or full cache directory never fails the compile.
    if (!writeCacheFile(cachePath, () => script.createCachedData())) return;
    // The cache of an older typescript.js (or Node) is never read again.
    try {
      for (const name of readdirSync(dir)) if (name.startsWith(`${stem}-`) && name.endsWith('.bin') && name !== basename(cachePath)) rmSync(join(dir, name), { force: true });
    } catch { /* removed by a concurrent run */ }
  };
  return { exports: cjs.exports, save };
}
