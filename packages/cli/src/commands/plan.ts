import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { FileMap } from '@trtforge/compiler';
import { CliError } from '../cli-error.js';
import { findRoot, specFiles } from '../repo.js';
import { reportDiagnostics } from '../report.js';
import { compile } from './run/compile-specs.js';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('compile a model in memory and print its plan (PLAN.md, or plan.json with --json)')
    .argument('<model>', 'model name')
    .option('--json', 'print plan.json')
    .action(async (model: string, opts: { json?: boolean }, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      const [result] = await compile(root, specFiles(root, [model]), { wholeRepository: false });
      const { errors } = await reportDiagnostics(result ? [result] : []);
      if (!result?.files || errors > 0) throw new CliError(`${model}: ${errors} error(s)`);
      const files = result.files as FileMap;
      process.stdout.write(opts.json ? files['plan.json']! : files['PLAN.md']!);
      warnIfStale(root, model, files);
    });
}

/** The plan printed is the spec's; say so when generated/ on disk says something else. */
function warnIfStale(root: string, model: string, files: FileMap): void {
  try {
    if (readFileSync(join(root, 'generated', model, 'plan.json'), 'utf8') !== files['plan.json']) {
      process.stderr.write(`note: generated/${model}/ differs from the spec; run \`trtforge compile ${model}\`\n`);
    }
  } catch {
    process.stderr.write(`note: generated/${model}/ does not exist yet; run \`trtforge compile ${model}\`\n`);
  }
}
