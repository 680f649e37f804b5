import pc from 'picocolors';
import type { CompileResult } from '@trtforge/compiler';

/** Prints every diagnostic of every spec (errors and warnings) to stderr with a code frame. */
export async function reportDiagnostics(results: readonly CompileResult[]): Promise<{ errors: number; warnings: number }> {
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
