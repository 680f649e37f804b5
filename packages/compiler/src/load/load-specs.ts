import { relative } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import type { SourceFile, ts as TS } from 'ts-morph';
import * as specApi from '@trtforge/spec';
import type { Diagnostic } from '../diagnostics.js';
import { LocationMap } from './locations.js';
import { tsMorph } from './ts-morph.js';

const { Project, ts } = tsMorph;

/** A spec file after loading: its source, its evaluated value (if it evaluated) and its findings. */
export interface LoadedSpec {
  /** Absolute path of model.ts. */
  file: string;
  /** Path shown in diagnostics (relative to cwd). */
  displayFile: string;
  source: string;
  value: unknown;
  locations: LocationMap;
  diagnostics: Diagnostic[];
}

/** Modules a spec may import. Specs are data: anything else is rejected with a clear error. */
const ALLOWED_IMPORTS: Record<string, unknown> = { '@trtforge/spec': specApi };

/**
 * Loads model.ts files with one TypeScript program (so 100 specs share one type-check of the
 * spec API), reports type errors located at the field they concern, and evaluates each file's
 * default export in an isolated context.
 */
export function loadSpecs(files: readonly string[], cwd = process.cwd()): LoadedSpec[] {
  const project = new Project({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      // Specs are plain data: ES5 plus the ES2015+ helpers a spec plausibly uses (Array.from,
      // String#repeat, Object.entries). The full ES2022 lib would add ~0.3 s to every cold compile.
      lib: ['lib.es5.d.ts', 'lib.es2015.core.d.ts', 'lib.es2017.object.d.ts'],
      types: [],
      skipLibCheck: true,
      noUnusedLocals: false,
      allowJs: false,
    },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: false,
  });
  const sourceFiles = files.map((f) => project.addSourceFileAtPath(f));
  const program = project.getProgram().compilerObject;
  return sourceFiles.map((sf) => loadOne(sf, program, cwd));
}

function loadOne(sf: SourceFile, program: TS.Program, cwd: string): LoadedSpec {
  const file = sf.getFilePath();
  const displayFile = relative(cwd, file) || file;
  const source = sf.getFullText();
  const locations = LocationMap.fromSourceFile(sf);
  const tsFile = program.getSourceFile(file);
  const syntactic = tsFile ? program.getSyntacticDiagnostics(tsFile) : [];
  const base = { file, displayFile, source, locations };
  if (syntactic.length > 0) {
    return { ...base, value: undefined, diagnostics: syntactic.map((d) => fromTs(d, displayFile, locations)) };
  }
  const semantic = tsFile ? program.getSemanticDiagnostics(tsFile) : [];
  const diagnostics = semantic.map((d) => fromTs(d, displayFile, locations));
  const evaluated = evaluate(source, file, displayFile);
  if ('error' in evaluated) return { ...base, value: undefined, diagnostics: [...diagnostics, evaluated.error] };
  return { ...base, value: evaluated.value, diagnostics };
}

function fromTs(d: TS.Diagnostic, displayFile: string, locations: LocationMap): Diagnostic {
  const start = d.start ?? 0;
  const pos = d.file ? d.file.getLineAndCharacterOfPosition(start) : { line: 0, character: 0 };
  const chain = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n');
  const message = chain[0] ?? '';
  const rest = chain.slice(1).map((l) => l.trim()).filter(Boolean);
  return {
    severity: 'error',
    code: `TS${d.code}`,
    file: displayFile,
    line: pos.line + 1,
    column: pos.character + 1,
    path: locations.pathAt(start),
    message,
    hint: rest.length > 0 ? rest.join('; ') : typeHint(d.code),
  };
}

function typeHint(code: number): string | undefined {
  if (code === 2307) return "a spec may import only '@trtforge/spec'";
  if (code === 2322 || code === 2353) return 'see the JSDoc of the field (hover it in your editor) for its type and default';
  return undefined;
}

/** Runs the transpiled spec in a fresh context with a `require` that only knows the spec API. */
function evaluate(source: string, file: string, displayFile: string): { value: unknown } | { error: Diagnostic } {
  const js = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (id in ALLOWED_IMPORTS) return ALLOWED_IMPORTS[id];
    throw new SpecImportError(id);
  };
  // Promise jobs run inside the timeout too ('afterEvaluate'), so `.then(() => { for (;;); })` cannot hang us.
  const sandbox = createContext({ module, exports: module.exports, require }, { microtaskMode: 'afterEvaluate' });
  let exported: { has: boolean; value: unknown };
  try {
    runInContext(js, sandbox, { filename: file, timeout: 2000 });
    exported = runInContext(PLAIN_COPY, sandbox, { timeout: 2000 }) as { has: boolean; value: unknown };
  } catch (err) {
    const message = err instanceof SpecImportError
      ? `cannot import '${err.id}'`
      : `evaluating the spec failed: ${(err as Error).message ?? String(err)}`;
    return { error: fileError(displayFile, 'TRT002', message, "a spec is data: import only '@trtforge/spec' and compute nothing that can throw") };
  }
  if (!exported.has) {
    return { error: fileError(displayFile, 'TRT003', 'model.ts has no default export', 'end the file with `export default defineModel({ ... })`') };
  }
  return { value: exported.value };
}

/**
 * Copies the default export to plain data *inside* the sandbox, under the same timeout: getters,
 * proxies and cycles in a spec run here, not later in the validator where nothing bounds them.
 */
const PLAIN_COPY = `(() => {
  const seen = [];
  const copy = (v, depth) => {
    if (v === null || typeof v !== 'object') return v;
    if (depth > 32 || seen.includes(v)) throw new Error('the exported value is cyclic or nested too deeply');
    seen.push(v);
    let out;
    if (Array.isArray(v)) out = Array.from(v, (x) => copy(x, depth + 1));
    else {
      out = {};
      for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: copy(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    seen.pop();
    return out;
  };
  const exp = module.exports;
  const has = exp !== null && (typeof exp === 'object' || typeof exp === 'function') && 'default' in exp;
  return { has, value: has ? copy(exp.default, 0) : undefined };
})()`;

class SpecImportError extends Error {
  constructor(readonly id: string) {
    super(`cannot import ${id}`);
  }
}

function fileError(file: string, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code, file, line: 1, column: 1, path: '', message, hint };
}
