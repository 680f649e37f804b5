import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type * as TS from 'typescript';
import type { Diagnostic } from '../diagnostics.js';
import { evaluateSpec } from './evaluate.js';
import { LocationMap } from './locations.js';
import type { LoadedSpec } from './loaded-spec.js';
import { saveTypescriptCodeCache, typescript } from './typescript.js';

/** A type-checked spec plus what its result depends on besides its own text (for the load cache). */
export interface CheckedSpec {
  loaded: LoadedSpec;
  /** Files other than TypeScript's own lib the program read for this spec (the spec API's declarations). */
  dependencies: string[];
  /** True when the result depends only on the spec text and `dependencies` (it imports nothing but the spec API). */
  cacheable: boolean;
}

/**
 * Type-checks model.ts files with one TypeScript program (so 100 specs share one check of the
 * spec API), reports type errors located at the field they concern, and evaluates each file's
 * default export in an isolated context.
 */
export function typecheckSpecs(files: readonly string[], cwd: string, codeCacheDir?: string): CheckedSpec[] {
  const ts = typescript(codeCacheDir);
  const options: TS.CompilerOptions = {
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
  };
  // What `tsc` itself does (since TypeScript 5.3): JSDoc in .ts files is parsed only where it can
  // change a type error (@see/@link). The declarations' JSDoc is most of their text.
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({ rootNames: files, options, host });
  const libDir = dirname(ts.getDefaultLibFilePath(options));
  const specFiles = new Set(files.map((f) => ts.sys.resolvePath(f)));
  const dependencies = program.getSourceFiles()
    .map((sf) => sf.fileName)
    .filter((f) => !specFiles.has(f) && !f.startsWith(`${libDir}/`));
  const checker = program.getTypeChecker();
  const checked = files.map((f) => {
    const sf = program.getSourceFile(f);
    const loaded = sf ? checkOne(ts, sf, program, checker, f, cwd) : unreadable(f, cwd);
    const imports = sf ? sf.statements.filter(ts.isImportDeclaration).map((s) => (s.moduleSpecifier as TS.StringLiteral).text) : [];
    return { loaded, dependencies, cacheable: sf !== undefined && imports.every((id) => id === '@trtforge/spec') };
  });
  saveTypescriptCodeCache();
  return checked;
}

function checkOne(ts: typeof TS, sf: TS.SourceFile, program: TS.Program, checker: TS.TypeChecker, file: string, cwd: string): LoadedSpec {
  const displayFile = relative(cwd, file) || file;
  const source = sf.getFullText();
  const locations = LocationMap.fromSourceFile(ts, sf, checker);
  const syntactic = program.getSyntacticDiagnostics(sf);
  const base = { file, displayFile, source, locations };
  if (syntactic.length > 0) {
    return { ...base, value: undefined, diagnostics: syntactic.map((d) => fromTs(ts, d, displayFile, locations)) };
  }
  const semantic = program.getSemanticDiagnostics(sf);
  const diagnostics = semantic.map((d) => fromTs(ts, d, displayFile, locations));
  const evaluated = evaluateSpec({ ts, source, file, displayFile, sourceFile: sf, locations });
  if ('error' in evaluated) return { ...base, value: undefined, diagnostics: [...diagnostics, evaluated.error] };
  return { ...base, value: evaluated.value, diagnostics };
}

/** A file TypeScript could not read (removed between listing and loading): one clear error. */
function unreadable(file: string, cwd: string): LoadedSpec {
  const displayFile = relative(cwd, file) || file;
  let source = '';
  try {
    source = readFileSync(file, 'utf8');
  } catch { /* reported below */ }
  return {
    file, displayFile, source, value: undefined, locations: LocationMap.fromData({ root: { line: 1, column: 1 }, fields: [] }),
    diagnostics: [{ severity: 'error', code: 'TRT002', file: displayFile, line: 1, column: 1, path: '', message: 'cannot read model.ts', hint: 'check that the file exists and is readable' }],
  };
}

function fromTs(ts: typeof TS, d: TS.Diagnostic, displayFile: string, locations: LocationMap): Diagnostic {
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
