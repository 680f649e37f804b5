import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type * as TS from 'typescript';
import { checkOne, specCompilerOptions } from './check-spec.js';
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
  const options = specCompilerOptions(ts);
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
