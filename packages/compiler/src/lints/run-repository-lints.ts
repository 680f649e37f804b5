import type { CompileResult } from '../compile.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { RULES } from './catalogue.js';
import type { RepositorySpec } from './rule.js';

/**
 * The repository-level rules (what `turbo run serve` would start together), run over every spec
 * that compiled on its own: a spec that already has errors is left out, its values are not
 * trustworthy. A spec that gains an error here loses its files, so nothing is written for it.
 * `trtforge compile` runs this when it compiles every spec.
 */
export function checkRepository(results: readonly CompileResult[]): CompileResult[] {
  const compiled = results.filter((r) => r.resolved && r.files && !hasErrors(r.diagnostics));
  const specs: RepositorySpec[] = compiled.map((r) => ({ name: r.name, spec: r.resolved! }));
  const added = new Map<string, Diagnostic[]>();
  for (const rule of RULES) {
    if (!rule.checkRepository) continue;
    for (const { name, finding } of rule.checkRepository(specs)) {
      const r = compiled.find((c) => c.name === name)!;
      if (rule.silenceable !== false && r.resolved!.lints.silence[rule.id]?.trim()) continue;
      const at = r.locate?.(finding.path) ?? { line: 1, column: 1 };
      const d: Diagnostic = { severity: rule.severity, code: rule.id, file: r.displayFile, ...at, path: finding.path, message: finding.message, hint: finding.hint };
      added.set(name, [...(added.get(name) ?? []), d]);
    }
  }
  return results.map((r) => {
    const more = added.get(r.name);
    if (!more) return r;
    const diagnostics = [...r.diagnostics, ...more];
    return hasErrors(more) ? { ...r, diagnostics, files: undefined } : { ...r, diagnostics };
  });
}
