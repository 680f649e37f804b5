import { join, relative } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { FileMap } from '@trtforge/compiler';
import { CliError } from '../cli-error.js';
import { findRoot, specFiles } from '../repo.js';
import { reportDiagnostics } from '../report.js';
import { compile } from './run/compile-specs.js';
import { orphanedGenerated, semanticStaleLines } from '../diff/check-summary.js';

interface CompileOptions { check?: boolean; quiet?: boolean }

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('type-check, validate and compile models/<name>/model.ts into generated/<name>/')
    .argument('[models...]', 'model names (default: every model)')
    .option('--check', 'write nothing; exit 1 with a diff summary when generated/ is stale')
    .option('-q, --quiet', 'print only problems')
    .action(async (models: string[], opts: CompileOptions, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      await runCompile(root, models, opts);
    });
}

/** All specs compile, or nothing is written. */
export async function runCompile(root: string, models: readonly string[], opts: CompileOptions): Promise<void> {
  const results = await compile(root, specFiles(root, models), { wholeRepository: models.length === 0 });
  const { diffFiles, isClean, readGenerated, UnsafeOutputError, writeGenerated } = await import('@trtforge/compiler/write');
  const { errors } = await reportDiagnostics(results);
  if (errors > 0) {
    const failed = results.filter((r) => !r.files).map((r) => r.name);
    throw new CliError(`${errors} error(s) in ${failed.join(', ')}; generated/ left unchanged`);
  }
  const outputs = results.map((r) => ({ name: r.name, files: r.files as FileMap }));
  const generatedDir = join(root, 'generated');
  if (opts.check) {
    const stale = outputs.map((o) => diffFiles(o.name, o.files, readGenerated(join(generatedDir, o.name)))).filter((d) => !isClean(d));
    // Only a whole-repository check can tell a deleted model's leftovers from a model not asked about.
    const orphans = models.length === 0 ? orphanedGenerated(root) : [];
    if (stale.length === 0 && orphans.length === 0) {
      if (!opts.quiet) process.stdout.write(`${pc.green('✓')} generated/ is up to date (${outputs.length} model(s))\n`);
      return;
    }
    const lines: string[] = [];
    for (const d of stale) {
      lines.push(`generated/${d.name}/ is stale:`, ...d.changed.map((f) => `  changed  ${f}`), ...d.added.map((f) => `  missing  ${f}`), ...d.removed.map((f) => `  extra    ${f}`));
      const out = outputs.find((o) => o.name === d.name)!;
      const have = readGenerated(join(generatedDir, d.name));
      const semantic = have ? await semanticStaleLines(out.files, have) : [];
      if (semantic.length > 0) lines.push('  what it changes:', ...semantic);
    }
    for (const o of orphans) lines.push(`generated/${o}/ is orphaned: there is no models/${o}/model.ts (remove it with \`git rm -r generated/${o}\`)`);
    throw new CliError(`${lines.join('\n')}\n${stale.length > 0 ? 'run `trtforge compile` and commit generated/' : 'remove the orphaned directories from generated/'}`);
  }
  let changed: string[];
  try {
    changed = writeGenerated(generatedDir, outputs);
  } catch (err) {
    if (err instanceof UnsafeOutputError) throw new CliError(err.message);
    throw err;
  }
  if (!opts.quiet) {
    for (const o of outputs) {
      const mark = changed.includes(o.name) ? pc.green('wrote') : pc.dim('unchanged');
      process.stdout.write(`${mark} ${relative(process.cwd(), join(generatedDir, o.name)) || '.'}/ (${Object.keys(o.files).length} files)\n`);
    }
  }
}
