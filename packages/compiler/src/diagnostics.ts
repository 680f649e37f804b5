import { createRequire } from 'node:module';
import type * as CodeFrame from '@babel/code-frame';

/** One finding about a spec, located in its source. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Rule id (TRTnnn), or a TypeScript code (TS2322). */
  code: string;
  /** Spec file, relative to the working directory. */
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. `triton.instances.preprocessing`. Empty for file-level problems. */
  path: string;
  message: string;
  /** How to fix it. */
  hint?: string;
  /** The text `line`/`column` refer to when it is not the spec's (e.g. the model's package.json). */
  source?: string;
}

/** `models/x/model.ts:12:5 error TRT013 build.maxBatchSize: must be ≥ 1, got -4` plus hint and code frame. */
export function formatDiagnostic(d: Diagnostic, source?: string, color = false): string {
  const head = `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}${d.path ? ` ${d.path}` : ''}: ${d.message}`;
  const lines = [head];
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  if (source) {
    // Required on first use: a compile without findings never loads it.
    const { codeFrameColumns } = createRequire(import.meta.url)('@babel/code-frame') as typeof CodeFrame;
    const frame = codeFrameColumns(source, { start: { line: d.line, column: d.column } }, {
      highlightCode: color,
      linesAbove: 1,
      linesBelow: 1,
    });
    lines.push(frame.replace(/^/gm, '  '));
  }
  return lines.join('\n');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
