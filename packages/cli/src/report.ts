import pc from 'picocolors';
import { formatDiagnostic, type CompileResult } from '@trtforge/compiler';

/** Prints every diagnostic of every spec (errors and warnings) to stderr with a code frame. */
export function reportDiagnostics(results: readonly CompileResult[]): { errors: number; warnings: number } {
  const color = pc.isColorSupported;
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
      const text = formatDiagnostic(d, r.source, color);
      process.stderr.write(`${d.severity === 'error' ? text : text.replace(/ warning /, ` ${pc.yellow('warning')} `)}\n\n`);
    }
  }
  return { errors, warnings };
}
