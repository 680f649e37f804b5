import { join } from 'node:path';
import type { CompileResult, CompiledSide, ModelDiff } from '@trtforge/compiler';
import { CliError } from '../cli-error.js';
import { reportDiagnostics } from '../report.js';
import { checkoutBaseModels, readModels, resolveBase, type BaseRef, type ModelFolder } from './git-base.js';

export interface DiffReport {
  base: { ref: string; commit: string };
  models: ModelDiff[];
  /** Base specs that did not compile there (compared as if absent). */
  notes: string[];
}

const sameFolder = (a: ModelFolder | undefined, b: ModelFolder | undefined): boolean =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

const side = (r: CompileResult | undefined): CompiledSide | undefined => (r?.files && r.resolved ? { files: r.files, resolved: r.resolved } : undefined);

/**
 * Compiles each changed, added or removed spec on both sides — the base read from git into a temp
 * dir (nothing is written into the repository), the working tree as it is, uncommitted edits
 * included — and diffs the outputs semantically. The working tree's specs must compile (their
 * diagnostics are printed, exit 1); a base spec that did not compile counts as absent, with a note.
 */
export async function compareWithBase(root: string, baseRef: string | undefined, names: readonly string[]): Promise<DiffReport> {
  const base: BaseRef = resolveBase(root, baseRef);
  const current = readModels(root);
  const checkout = checkoutBaseModels(root, base.commit);
  try {
    const all = [...new Set([...checkout.models.keys(), ...current.keys()])].sort();
    for (const n of names) if (!all.includes(n)) throw new CliError(`no model "${n}" in the working tree or at ${base.label}`);
    const changed = (names.length > 0 ? [...names] : all).filter((n) => !sameFolder(checkout.models.get(n), current.get(n)));
    const { compileSpecs, diffCompiled } = await import('@trtforge/compiler');
    const spec = (dir: string, n: string) => join(dir, 'models', n, 'model.ts');
    const afterNames = changed.filter((n) => current.has(n));
    const beforeNames = changed.filter((n) => checkout.models.has(n));
    const after = afterNames.length > 0 ? compileSpecs(afterNames.map((n) => spec(root, n)), { root }) : [];
    const { errors } = await reportDiagnostics(after.filter((r) => !r.files));
    if (errors > 0) throw new CliError(`${errors} error(s) in ${after.filter((r) => !r.files).map((r) => r.name).join(', ')}: fix the working tree's specs first`);
    const before = beforeNames.length > 0 ? compileSpecs(beforeNames.map((n) => spec(checkout.root, n)), { root: checkout.root, cwd: checkout.root, cacheDir: false }) : [];
    const notes = before.filter((r) => !r.files).map((r) => `${r.name}: the base spec does not compile (${r.diagnostics.filter((d) => d.severity === 'error').length} error(s)); compared as if it did not exist`);
    const models = changed.map((n) => diffCompiled(n, side(before[beforeNames.indexOf(n)]), side(after[afterNames.indexOf(n)])));
    return { base: { ref: base.label, commit: base.commit }, models, notes };
  } finally {
    checkout.dispose();
  }
}
