import { createRequire, SourceMap } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createContext, runInContext, Script, type Context } from 'node:vm';
import type * as TS from 'typescript';
import * as specApi from '@trtforge/spec';
import type { Diagnostic } from '../diagnostics.js';
import type { LocationMap, SourceLocation } from './locations.js';

/** Modules a spec may import. Specs are data: anything else is rejected with a clear error. */
const ALLOWED_IMPORTS: Record<string, unknown> = { '@trtforge/spec': specApi };

/** A spec that computes longer than this is stopped (a loop or a getter that never ends). */
export const EVAL_TIMEOUT_MS = 2000;
/** How long a spec that timed out is run again under the CPU profiler, to find the line it spins on. */
const SPIN_PROBE_MS = 300;

const HINT = "a spec is data: import only '@trtforge/spec' and compute nothing that can throw";

export interface EvaluateInput {
  ts: typeof TS;
  source: string;
  file: string;
  displayFile: string;
  sourceFile: TS.SourceFile;
  locations: LocationMap;
}

/** What the sandbox reports back: the phase it was in and, while copying, the field being read. */
interface Progress {
  phase: 'module' | 'copy';
  path: Array<string | number>;
}

/**
 * Runs the transpiled spec in a fresh context with a `require` that only knows the spec API, and
 * copies its default export to plain data. A failure is located where it happened in model.ts
 * (the evaluated code's stack, mapped back through the transpiler's source map), with the field
 * being computed or read when that is known.
 */
export function evaluateSpec(input: EvaluateInput): { value: unknown } | { error: Diagnostic } {
  const { ts, file } = input;
  // The source map only serves to locate a failure: made then, from the same transpiler output.
  const js = transpile(input, false).js;
  const progress: Progress = { phase: 'module', path: [] };
  let exported: Exported;
  try {
    exported = run(js, file, progress, EVAL_TIMEOUT_MS);
  } catch (err) {
    const { sourceMapText } = transpile(input, true);
    // A timeout says nothing about where: run it again briefly under the profiler to find the line it spins on.
    const spin = isTimeout(err) ? spinLocation(js, file, sourceMapText) : undefined;
    return { error: locateFailure(err, progress, input, sourceMapText, spin) };
  }
  if (!exported.has) {
    const firstExport = input.sourceFile.statements.find((s) => hasExportModifier(ts, s));
    return {
      error: diagnostic(input, 'TRT003', firstExport ? at(input.sourceFile, firstExport.getStart(input.sourceFile)) : { line: 1, column: 1 }, '',
        'model.ts has no default export', 'end the file with `export default defineModel({ ... })`'),
    };
  }
  if (exported.isFunction) {
    const assignment = input.sourceFile.statements.find((s) => ts.isExportAssignment(s) || (ts.isFunctionDeclaration(s) && hasExportModifier(ts, s)));
    return {
      error: diagnostic(input, 'TRT003', assignment ? at(input.sourceFile, assignment.getStart(input.sourceFile)) : { line: 1, column: 1 }, '',
        'the default export is a function, not a spec', 'export the spec itself: `export default defineModel({ ... })` (call a helper that builds it, do not export the helper)'),
    };
  }
  return { value: exported.value };
}

interface Exported { has: boolean; isFunction: boolean; value: unknown }

/** model.ts as CommonJS for the sandbox (the same code with or without its source map). */
function transpile({ ts, source, file }: EvaluateInput, sourceMap: boolean): { js: string; sourceMapText: string | undefined } {
  const out = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap },
  });
  return { js: stripSourceMapComment(out.outputText), sourceMapText: out.sourceMapText };
}

/** PLAIN_COPY compiled once per process (it runs in every spec's fresh context). */
let plainCopy: Script | undefined;

/** Evaluates the module, then copies its default export to plain data, each under `timeoutMs`, in a fresh context. */
function run(js: string, file: string, progress: Progress, timeoutMs: number): Exported {
  const sandbox = makeSandbox(progress);
  runInContext(js, sandbox, { filename: file, timeout: timeoutMs });
  progress.phase = 'copy';
  plainCopy ??= new Script(PLAIN_COPY, { filename: 'trtforge:plain-copy' });
  return plainCopy.runInContext(sandbox, { timeout: timeoutMs }) as Exported;
}

function makeSandbox(progress: Progress): Context {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (id in ALLOWED_IMPORTS) return ALLOWED_IMPORTS[id];
    throw new SpecImportError(id);
  };
  // Promise jobs run inside the timeout too ('afterEvaluate'), so `.then(() => { for (;;); })` cannot hang us.
  return createContext({ module, exports: module.exports, require, progress }, { microtaskMode: 'afterEvaluate' });
}

function isTimeout(err: unknown): boolean {
  return (err as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Where a spec that never finishes spends its time: the model.ts line with the most CPU profiler
 * samples during a short second run (in-process inspector session; only for specs that timed out).
 */
function spinLocation(js: string, file: string, sourceMapText: string | undefined): SourceLocation | undefined {
  if (!sourceMapText) return undefined;
  const { Session } = createRequire(import.meta.url)('node:inspector') as typeof import('node:inspector');
  const session = new Session();
  session.connect();
  const url = pathToFileURL(file).href;
  let hottest: number | undefined;
  try {
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 200 });
    // A loaded machine may give the probe little CPU: probe longer until the spec's own code shows up.
    for (let probeMs = SPIN_PROBE_MS; hottest === undefined && probeMs <= 4 * SPIN_PROBE_MS; probeMs *= 2) {
      session.post('Profiler.start');
      try {
        run(js, file, { phase: 'module', path: [] }, probeMs);
      } catch { /* the timeout being probed */ }
      let profile: { nodes: Array<{ callFrame: { url: string }; positionTicks?: Array<{ line: number; ticks: number }> }> } | undefined;
      // The in-process session answers synchronously.
      session.post('Profiler.stop', (err, result) => {
        if (!err) profile = result.profile as typeof profile;
      });
      const ticks = new Map<number, number>();
      for (const node of profile?.nodes ?? []) {
        if (node.callFrame.url !== url && node.callFrame.url !== file) continue;
        for (const t of node.positionTicks ?? []) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks);
      }
      hottest = [...ticks].sort((a, b) => b[1] - a[1])[0]?.[0];
    }
  } finally {
    session.disconnect();
  }
  if (hottest === undefined) return undefined;
  const jsLine = js.split('\n')[hottest - 1] ?? '';
  return mapPosition(new SourceMap(JSON.parse(sourceMapText) as ConstructorParameters<typeof SourceMap>[0]), hottest, jsLine.search(/\S|$/) + 1);
}

/**
 * Copies the default export to plain data *inside* the sandbox, under the same timeout: getters,
 * proxies and cycles in a spec run here, not later in the validator where nothing bounds them.
 * `progress.path` names the field being read, so a getter that throws or never returns is reported there.
 */
const PLAIN_COPY = `(() => {
  const seen = [];
  const path = progress.path;
  const copy = (v, depth) => {
    if (v === null || typeof v !== 'object') return v;
    if (depth > 32 || seen.includes(v)) throw new Error('the exported value is cyclic or nested too deeply');
    seen.push(v);
    let out;
    if (Array.isArray(v)) {
      out = [];
      for (let i = 0; i < v.length; i++) { path.push(i); out.push(copy(v[i], depth + 1)); path.pop(); }
    } else {
      out = {};
      for (const k of Object.keys(v)) {
        path.push(k);
        Object.defineProperty(out, k, { value: copy(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
        path.pop();
      }
    }
    seen.pop();
    return out;
  };
  const exp = module.exports;
  const has = exp !== null && (typeof exp === 'object' || typeof exp === 'function') && 'default' in exp;
  const isFunction = has && typeof exp.default === 'function';
  return { has, isFunction, value: has && !isFunction ? copy(exp.default, 0) : undefined };
})()`;

/** The diagnostic for an evaluation that threw or timed out, at the line in model.ts that failed. */
function locateFailure(err: unknown, progress: Progress, input: EvaluateInput, sourceMapText: string | undefined, spin: SourceLocation | undefined): Diagnostic {
  const fieldPath = progress.phase === 'copy' ? [...progress.path] : [];
  const frames = specFrames(err, input.file, sourceMapText);
  if (err instanceof SpecImportError) {
    // `import` statements are found by their text; a `require(...)` call by the stack.
    return diagnostic(input, 'TRT002', importLocation(input, err.id) ?? frames[0] ?? { line: 1, column: 1 }, '', `cannot import '${err.id}'`, HINT);
  }
  const message = (err as Error)?.message ?? String(err);
  if (isTimeout(err)) {
    const seconds = EVAL_TIMEOUT_MS / 1000;
    if (fieldPath.length > 0) {
      return diagnostic(input, 'TRT002', spin ?? input.locations.locate(fieldPath), fieldPath.join('.'),
        `evaluating the spec failed: reading ${fieldPath.join('.')} did not finish within ${seconds} s (a getter that never returns?)`, HINT);
    }
    return diagnostic(input, 'TRT002', spin ?? exportLocation(input), spin ? input.locations.pathAt(offsetOf(input.sourceFile, spin)) : '',
      `evaluating the spec failed: it did not finish within ${seconds} s (an endless loop?)`, HINT);
  }
  const failed = frames[0];
  // The outermost frame in model.ts is the one building the spec: it says which field was being computed.
  const caller = frames[frames.length - 1];
  const path = fieldPath.length > 0 ? fieldPath.join('.') : caller ? input.locations.pathAt(offsetOf(input.sourceFile, caller)) : '';
  const where = failed ?? (fieldPath.length > 0 ? input.locations.locate(fieldPath) : exportLocation(input));
  return diagnostic(input, 'TRT002', where, path, `evaluating the spec failed: ${message}`, HINT);
}

/** model.ts positions (1-based) of the stack frames in the spec file, innermost first. */
function specFrames(err: unknown, file: string, sourceMapText: string | undefined): SourceLocation[] {
  const stack = (err as { stack?: unknown })?.stack;
  if (typeof stack !== 'string' || !sourceMapText) return [];
  const map = new SourceMap(JSON.parse(sourceMapText) as ConstructorParameters<typeof SourceMap>[0]);
  const frames: SourceLocation[] = [];
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:.*? \()?(.*):(\d+):(\d+)\)?$/.exec(line);
    if (!m || m[1] !== file) continue;
    const loc = mapPosition(map, Number(m[2]), Number(m[3]));
    if (loc) frames.push(loc);
  }
  return frames;
}

/** A 1-based position in the transpiled JavaScript → its 1-based position in model.ts. */
function mapPosition(map: SourceMap, line: number, column: number): SourceLocation | undefined {
  const entry = map.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

function importLocation(input: EvaluateInput, id: string): SourceLocation | undefined {
  const { ts, sourceFile } = input;
  for (const s of sourceFile.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === id) {
      return at(sourceFile, s.moduleSpecifier.getStart(sourceFile));
    }
  }
  return undefined;
}

function exportLocation(input: EvaluateInput): SourceLocation {
  const { ts, sourceFile } = input;
  const assignment = sourceFile.statements.find((s) => ts.isExportAssignment(s));
  return assignment ? at(sourceFile, assignment.getStart(sourceFile)) : { line: 1, column: 1 };
}

function hasExportModifier(ts: typeof TS, node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function offsetOf(file: TS.SourceFile, loc: SourceLocation): number {
  return file.getPositionOfLineAndCharacter(loc.line - 1, loc.column - 1);
}

function at(file: TS.SourceFile, offset: number): SourceLocation {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

function stripSourceMapComment(js: string): string {
  return js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

function diagnostic(input: EvaluateInput, code: string, loc: SourceLocation, path: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code, file: input.displayFile, line: loc.line, column: loc.column, path, message, hint };
}

class SpecImportError extends Error {
  constructor(readonly id: string) {
    super(`cannot import ${id}`);
  }
}
