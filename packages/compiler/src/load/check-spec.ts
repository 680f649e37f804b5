import { relative } from 'node:path';
import type * as TS from 'typescript';
import type { Diagnostic } from '../diagnostics.js';
import { evaluateSpec } from './evaluate.js';
import { LocationMap } from './locations.js';
import type { LoadedSpec } from './loaded-spec.js';

// One spec's type-check inside a TypeScript program, apart from how TypeScript is loaded and the
// program made (typecheck.ts; bench/snapshot/ holds a prototype that makes it from a startup snapshot).

/** The compiler options every spec is checked with. */
export function specCompilerOptions(ts: typeof TS): TS.CompilerOptions {
  return {
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
}

/** One spec file of `program`: its type errors located at the field they concern, then its evaluated default export. */
export function checkOne(ts: typeof TS, sf: TS.SourceFile, program: TS.Program, checker: TS.TypeChecker, file: string, cwd: string): LoadedSpec {
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
