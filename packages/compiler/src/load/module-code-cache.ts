import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { writeCacheFile } from './cache-file.js';

/** Entries kept in the modules' cache directory after a prune (a compile loads ~200 CommonJS files). */
const KEEP_ENTRIES = 2000;

interface Internals {
  _compile(content: string, filename: string): unknown;
}
interface ModuleStatics {
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  getCompileCacheDir?: () => string | undefined;
}
const statics = Module as unknown as ModuleStatics;

/**
 * What Node ≥ 22.1's module.enableCompileCache does, for Node 20: every CommonJS module required
 * while this is installed is compiled with V8's cached data from `dir` (validated by V8 against the
 * source length and its own version and flags; the file name carries the module's path, size and
 * mtime, so an edited module gets a fresh entry). A compile loads cdk8s, protobufjs, nunjucks and
 * the schema validator, ~200 files whose compiling is a large part of its time. `save()` writes the
 * entries that were missing or rejected — after the work, so the functions V8 compiled lazily while
 * running are in them too — and uninstalls. Returns undefined when Node's own cache is on.
 */
export function cacheCompiledModules(dir: string): { save(): void } | undefined {
  if (statics.getCompileCacheDir?.()) return undefined;
  const proto = Module.prototype as unknown as Internals;
  const original = proto._compile;
  const fresh: Array<{ path: string; script: Script }> = [];
  const installed = function compileWithCache(this: Module, content: string, filename: string): unknown {
    // import() needs the loader's callback, which a vm.Script gets only experimentally on Node 20: such modules compile as usual.
    const path = content.includes('import(') ? undefined : entryPath(dir, filename);
    if (!path) return original.call(this, content, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(path);
    } catch { /* not cached yet */ }
    const script = new Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) fresh.push({ path, script });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
  proto._compile = installed;
  return {
    save(): void {
      if (proto._compile === installed) proto._compile = original;
      // Only an optimisation: an entry that cannot be written is compiled from source again next time.
      for (const { path, script } of fresh.splice(0)) writeCacheFile(path, () => script.createCachedData(), KEEP_ENTRIES);
    },
  };
}

/** What V8's cached data of a file is kept under: its path, size and mtime, and the Node that compiled it (also load/code-cache.ts). */
export function codeCacheKey(filename: string, size: number, mtimeMs: number): string {
  return createHash('sha256').update(JSON.stringify([process.version, process.arch, filename, size, mtimeMs])).digest('hex').slice(0, 32);
}

/** The module's entry; undefined when it cannot be stat'ed. */
function entryPath(dir: string, filename: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(filename);
    return join(dir, `${codeCacheKey(filename, size, mtimeMs)}.bin`);
  } catch {
    return undefined;
  }
}

/** The `require` Node gives a module: its own require, resolve (with .paths), main, extensions and cache. */
function requireFor(mod: Module): NodeJS.Require {
  const resolve = Object.assign((request: string, options?: unknown) => statics._resolveFilename(request, mod, false, options), {
    paths: (request: string) => statics._resolveLookupPaths(request, mod),
  });
  return Object.assign((id: string) => mod.require(id), {
    resolve,
    main: process.mainModule,
    extensions: statics._extensions,
    cache: statics._cache,
  }) as unknown as NodeJS.Require;
}
