import pc from 'picocolors';
import type { CompileResult } from '@trtforge/compiler';

/** Prints every diagnostic of every spec (errors and warnings) to stderr with a code frame. */
export async function reportDiagnostics(results: readonly CompileResult[]): Promise<{ errors: number; warnings: number }> {
  // The formatter (and @babel/code-frame behind it) loads only when there is something to print: a clean `plan` never needs it.
  if (results.every((r) => r.diagnostics.length === 0)) return { errors: 0, warnings: 0 };
  const { formatDiagnostic } = await import('@trtforge/compiler/diagnostics');
  const color = pc.isColorSupported;
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
      const text = formatDiagnostic(d, d.source ?? r.source, color);
      process.stderr.write(`${d.severity === 'error' ? text : text.replace(/ warning /, ` ${pc.yellow('warning')} `)}\n\n`);
    }
  }
  return { errors, warnings };
}
