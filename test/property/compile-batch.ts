import { spawnSync } from 'node:child_process';
import { compileSpecs, type CompileResult } from '@trtforge/compiler';
import { ROOT } from '../helpers/paths.js';
import { TempRepo } from '../helpers/temp-repo.js';

export { modelSource } from '../lints/compile-inline.js';

/** Writes models/<name>/model.ts for every source and returns the files, in the given order. */
export function writeSpecs(repo: TempRepo, sources: ReadonlyArray<{ name: string; source: string }>): string[] {
  return sources.map(({ name, source }) => repo.addModel(name, source));
}

/** compileSpecs over a batch (one type-check for all): the way `trtforge compile` runs. */
export function compileBatch(repo: TempRepo, files: readonly string[]): CompileResult[] {
  return compileSpecs(files, { root: repo.dir, cwd: repo.dir });
}

/** protoc's verdict on a config.pbtxt: '' when it encodes as inference.ModelConfig. */
export function protocErrors(text: string): string {
  const r = spawnSync('protoc', ['--encode=inference.ModelConfig', `--proto_path=${ROOT}packages/pbtxt/vendor/triton`, 'model_config.proto'], { input: text });
  return r.status === 0 ? '' : `${r.stderr.toString()}(exit ${String(r.status)})`;
}

export const describeDiagnostics = (r: CompileResult): string =>
  r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.path}: ${d.message}`).join('\n');
