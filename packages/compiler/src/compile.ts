import { basename, dirname, resolve as resolvePath } from 'node:path';
import type { ModelSpec } from '@trtforge/spec';
import { loadBackendData } from './backend/backend-data.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { ResultCache, type CompiledParts } from './cache/result-cache.js';
import { baseResult, type CompileResult } from './compile-result.js';
import { RecordingHost, type HostFacts } from './host/host-facts.js';
import { defaultCacheDir, moduleCodeCacheDir } from './load/cache-dir.js';
import { specPathOf, startKubernetesThread, stopKubernetesThread } from './emit/k8s/kube-thread.js';
import { cacheCompiledModules } from './load/module-code-cache.js';
import { typecheckAlways } from './load/typecheck-mode.js';
import { loadSpecs, type LoadedSpec } from './load/load-specs.js';
import { runLints } from './lints/run-lints.js';
import { checkWorkspace } from './lints/rules/workspace-identity.js';
import { resolve } from './resolve/resolve.js';
import { sanitizeResult } from './sanitize-result.js';
import { synth } from './synth.js';
import { validateSchema } from './validate/schema-validate.js';

export type { CompileResult } from './compile-result.js';

export interface CompileOptions {
  root: string;
  cwd?: string;
  /** The caches' directory; false: none (default: $TRTFORGE_COMPILE_CACHE, else node_modules/.cache/trtforge). */
  cacheDir?: string | false;
  /** 'always': type-check every spec that misses the cache, plain-data ones too (default: $TRTFORGE_TYPECHECK, else 'when-needed'). */
  typecheck?: 'always' | 'when-needed';
  /**
   * What a short-lived CLI process wants and a library caller may not: cdk8s loaded on a second
   * thread while the specs are read and checked, and (Node 20) the CommonJS modules it loads
   * compiled with V8's code cache kept in the cache directory.
   */
  cliProcess?: boolean;
}

/**
 * load (type-check) → validate (schema) → resolve → lint → synth, for many specs in one program.
 * Never throws for a bad spec: problems come back as located diagnostics.
 */
export function compileSpecs(specFiles: readonly string[], opts: CompileOptions): CompileResult[] {
  // The caches (load: type-check + evaluation; result: validate → synth, checked against the host
  // facts the lints read) are on unless the caller or TRTFORGE_COMPILE_CACHE=off says no.
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir(opts.root) : opts.cacheDir || undefined;
  if (!opts.cliProcess) return compileAll(specFiles, opts, cacheDir);
  startKubernetesThread(opts.root, specFiles.map((f) => resolvePath(opts.cwd ?? process.cwd(), f)), cacheDir);
  const codeCache = cacheDir ? cacheCompiledModules(moduleCodeCacheDir(cacheDir)) : undefined;
  try {
    return compileAll(specFiles, opts, cacheDir);
  } finally {
    codeCache?.save();
    stopKubernetesThread();
  }
}

function compileAll(specFiles: readonly string[], opts: CompileOptions, cacheDir: string | undefined): CompileResult[] {
  const cwd = opts.cwd ?? process.cwd();
  const prebuilt = cacheDir !== undefined;
  // A plain-data spec that the schema (generated from the spec's types) accepts has no type error
  // to report: it skips the type-check. One the schema rejects is type-checked, for TypeScript's view too.
  const fitsWithoutTypecheck = (opts.typecheck ? opts.typecheck === 'always' : typecheckAlways())
    ? undefined
    : (l: LoadedSpec) => !hasErrors(validateSchema(l.value, l.displayFile, l.locations, { prebuilt }));
  const loaded = loadSpecs(specFiles, cwd, { ...(cacheDir ? { cacheDir } : {}), ...(fitsWithoutTypecheck ? { fitsWithoutTypecheck } : {}) });
  const results = cacheDir ? new ResultCache(cacheDir) : undefined;
  // Whatever a spec holds, what leaves the compiler is masked (tokens, control characters): on every
  // run, cached or not, because what counts as a secret comes from this run's environment.
  return loaded.map((l) => sanitizeResult(compileOrReuse(l, opts.root, cwd, results)));
}

function compileOrReuse(l: LoadedSpec, root: string, cwd: string, cache: ResultCache | undefined): CompileResult {
  const base = baseResult(l);
  if (l.value === undefined) return { ...base, diagnostics: l.diagnostics };
  const hit = cache?.get(l, root, cwd);
  if (hit) return { ...base, ...hit };
  const host = new RecordingHost();
  const parts = compileGuarded(l, root, cache !== undefined, host);
  if (cache && !hasErrors(parts.diagnostics)) cache.set(l, root, cwd, parts, host.facts);
  return { ...base, ...parts };
}

/** A bug reached by one spec becomes a located diagnostic instead of aborting every other spec. */
function compileGuarded(l: LoadedSpec, root: string, prebuilt: boolean, host: HostFacts): CompiledParts {
  try {
    return compileLoaded(l, root, prebuilt, host);
  } catch (err) {
    return {
      name: basename(dirname(l.file)),
      diagnostics: [{
        severity: 'error', code: 'TRT001', file: l.displayFile, line: 1, column: 1, path: '',
        message: `internal compiler error: ${(err as Error)?.message ?? String(err)}`,
        hint: 'this is a trtforge bug: please report it with this spec',
      }],
    };
  }
}

/** validate (schema) → resolve → lint → synth, for a spec that loaded. */
function compileLoaded(l: LoadedSpec, root: string, prebuilt: boolean, host: HostFacts): CompiledParts {
  const folder = basename(dirname(l.file));
  const schemaErrors = validateSchema(l.value, l.displayFile, l.locations, { prebuilt });
  // The schema error names the field, the expectation and a hint; drop TypeScript's twin of it.
  const covered = new Set(schemaErrors.map((d) => d.path));
  const typeErrors = l.diagnostics.filter((d) => !covered.has(d.path) && ![...covered].some((p) => p && d.path.startsWith(`${p}.`)));
  const diagnostics = [...typeErrors, ...schemaErrors];
  if (hasErrors(diagnostics)) return { name: folder, diagnostics };

  const resolved = resolve(l.value as ModelSpec);
  const backend = loadBackendData(resolved.runtime.backendVersion);
  const lintDiagnostics = runLints({ spec: resolved, backend, folder, root, host }, l.displayFile, l.locations);
  const all = [...diagnostics, ...lintDiagnostics, ...checkWorkspace(l.file, l.displayFile, folder, host)];
  if (hasErrors(all)) return { name: folder, diagnostics: all, resolved };
  const specPath = specPathOf(root, l.file);
  const { files } = synth(resolved, specPath, lintDiagnostics.filter((d) => d.severity === 'warning'));
  return { name: resolved.name, diagnostics: all, files, resolved };
}
