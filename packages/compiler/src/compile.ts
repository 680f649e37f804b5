import { basename, dirname, relative } from 'node:path';
import type { ModelSpec } from '@trtforge/spec';
import { loadBackendData } from './backend/backend-data.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import type { FileMap } from './emit/file-map.js';
import { defaultCacheDir } from './load/cache-dir.js';
import { loadSpecs, type LoadedSpec } from './load/load-specs.js';
import { runLints } from './lints/run-lints.js';
import { checkWorkspace } from './lints/rules/workspace-identity.js';
import { resolve } from './resolve/resolve.js';
import type { ResolvedModelSpec } from './resolve/resolved.js';
import { sanitizeResult } from './sanitize-result.js';
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
  /** Where a dotted field path is written in the spec (repository-level rules report through it). */
  locate?: (path: string) => { line: number; column: number };
}

/**
 * load (type-check) → validate (schema) → resolve → lint → synth, for many specs in one program.
 * Never throws for a bad spec: problems come back as located diagnostics.
 */
export function compileSpecs(specFiles: readonly string[], opts: { root: string; cwd?: string; cacheDir?: string | false }): CompileResult[] {
  // The load cache (type-check + evaluation results, pure functions of the spec text and the
  // declarations it was checked against) is on unless the caller or TRTFORGE_COMPILE_CACHE=off says no.
  // What follows (validate, resolve, lints, synth) always runs: lints read the workspace files, the
  // filesystem and the other specs, none of which a per-spec result cache could key soundly.
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir(opts.root) : opts.cacheDir || undefined;
  const loaded = loadSpecs(specFiles, opts.cwd ?? process.cwd(), cacheDir ? { cacheDir } : {});
  // Whatever a spec holds, what leaves the compiler is masked (tokens, control characters).
  return loaded.map((l) => sanitizeResult(compileGuarded(l, opts.root, cacheDir !== undefined)));
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
  const base = { name: folder, file: l.file, displayFile: l.displayFile, source: l.source, locate: (path: string) => l.locations.locate(path ? path.split('.') : []) };
  if (l.value === undefined) return { ...base, diagnostics: l.diagnostics };

  const schemaErrors = validateSchema(l.value, l.displayFile, l.locations, { prebuilt });
  // The schema error names the field, the expectation and a hint; drop TypeScript's twin of it.
  const covered = new Set(schemaErrors.map((d) => d.path));
  const typeErrors = l.diagnostics.filter((d) => !covered.has(d.path) && ![...covered].some((p) => p && d.path.startsWith(`${p}.`)));
  const diagnostics = [...typeErrors, ...schemaErrors];
  if (hasErrors(diagnostics)) return { ...base, diagnostics };

  const resolved = resolve(l.value as ModelSpec);
  const backend = loadBackendData(resolved.runtime.backendVersion);
  const lintDiagnostics = runLints({ spec: resolved, backend, folder, root }, l.displayFile, l.locations);
  const all = [...diagnostics, ...lintDiagnostics, ...checkWorkspace(l.file, l.displayFile, folder)];
  if (hasErrors(all)) return { ...base, diagnostics: all, resolved };
  const specPath = relative(root, l.file).split('\\').join('/');
  const { files } = synth(resolved, specPath, lintDiagnostics.filter((d) => d.severity === 'warning'));
  return { ...base, name: resolved.name, diagnostics: all, files, resolved };
}
