import { basename, dirname, relative } from 'node:path';
import type { ModelSpec } from '@trtforge/spec';
import { loadBackendData, supportedBackendVersions } from './backend/backend-data.js';
import { CompileCache } from './compile-cache.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import type { FileMap } from './emit/file-map.js';
import { defaultCacheDir } from './load/cache-dir.js';
import { loadSpecs, type LoadedSpec } from './load/load-specs.js';
import { sanitizeResult } from './lints/rules/hardening/sanitize-result.js';
import { runLints } from './lints/run-lints.js';
import { resolve } from './resolve/resolve.js';
import type { ResolvedModelSpec } from './resolve/resolved.js';
import { synth } from './synth.js';
import { validateSchema } from './validate/schema-validate.js';

/** The outcome for one spec: its files when it compiled, and every diagnostic either way. */
export interface CompileResult {
  name: string;
  file: string;
  displayFile: string;
  source: string;
  diagnostics: Diagnostic[];
  files?: FileMap;
  resolved?: ResolvedModelSpec;
}

/**
 * load (type-check) → validate (schema) → resolve → lint → synth, for many specs in one program.
 * Never throws for a bad spec: problems come back as located diagnostics.
 */
export function compileSpecs(specFiles: readonly string[], opts: { root: string; cwd?: string; cacheDir?: string | false }): CompileResult[] {
  // The load cache (type-check + evaluation results) is on unless the caller or TRTFORGE_COMPILE_CACHE=off says no.
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir(opts.root) : opts.cacheDir || undefined;
  const loaded = loadSpecs(specFiles, opts.cwd ?? process.cwd(), cacheDir ? { cacheDir } : {});
  const cache = cacheDir ? new CompileCache(cacheDir, opts.root) : undefined;
  const compileOne = (l: LoadedSpec): CompileResult => {
    const hit = cache?.get(l);
    if (hit) return hit;
    const result = compileGuarded(l, opts.root, cache !== undefined);
    cache?.set(l, result);
    return result;
  };
  // Whatever a spec holds, what leaves the compiler is masked (tokens, control characters).
  return loaded.map((l) => sanitizeResult(compileOne(l)));
}

/** A bug reached by one spec becomes a located diagnostic instead of aborting every other spec. */
function compileGuarded(l: LoadedSpec, root: string, prebuilt: boolean): CompileResult {
  try {
    return compileLoaded(l, root, prebuilt);
  } catch (err) {
    return {
      name: basename(dirname(l.file)), file: l.file, displayFile: l.displayFile, source: l.source,
      diagnostics: [{
        severity: 'error', code: 'TRT001', file: l.displayFile, line: 1, column: 1, path: '',
        message: `internal compiler error: ${(err as Error)?.message ?? String(err)}`,
        hint: 'this is a trtforge bug: please report it with this spec',
      }],
    };
  }
}

function compileLoaded(l: LoadedSpec, root: string, prebuilt: boolean): CompileResult {
  const folder = basename(dirname(l.file));
  const base = { name: folder, file: l.file, displayFile: l.displayFile, source: l.source };
  if (l.value === undefined) return { ...base, diagnostics: l.diagnostics };

  const schemaErrors = validateSchema(l.value, l.displayFile, l.locations, { prebuilt });
  // The schema error names the field, the expectation and a hint; drop TypeScript's twin of it.
  const covered = new Set(schemaErrors.map((d) => d.path));
  const typeErrors = l.diagnostics.filter((d) => !covered.has(d.path) && ![...covered].some((p) => p && d.path.startsWith(`${p}.`)));
  const diagnostics = [...typeErrors, ...schemaErrors];
  if (hasErrors(diagnostics)) return { ...base, diagnostics };

  const raw = l.value as ModelSpec;
  const version = raw.runtime?.backendVersion ?? '0.17.0';
  if (!supportedBackendVersions().includes(version)) {
    return { ...base, diagnostics: [versionError(l, version)] };
  }
  const resolved = resolve(raw);
  const backend = loadBackendData(resolved.runtime.backendVersion);
  const lintDiagnostics = runLints({ spec: resolved, backend, folder }, l.displayFile, l.locations);
  const all = [...diagnostics, ...lintDiagnostics];
  if (hasErrors(all)) return { ...base, diagnostics: all, resolved };
  const specPath = relative(root, l.file).split('\\').join('/');
  const { files } = synth(resolved, specPath, lintDiagnostics.filter((d) => d.severity === 'warning'));
  return { ...base, name: resolved.name, diagnostics: all, files, resolved };
}

function versionError(l: LoadedSpec, version: string): Diagnostic {
  const loc = l.locations.locate(['runtime', 'backendVersion']);
  return {
    severity: 'error', code: 'TRT012', file: l.displayFile, ...loc, path: 'runtime.backendVersion',
    message: `no data for tensorrtllm_backend "${version}"`, hint: `supported: ${supportedBackendVersions().join(', ')}`,
  };
}
