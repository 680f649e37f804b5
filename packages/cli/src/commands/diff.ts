import type { Command } from 'commander';
import { findRoot } from '../repo.js';
import { compareWithBase } from '../diff/compare.js';
import { renderDiffMarkdown } from '../diff/markdown.js';

interface DiffOptions { base?: string; json?: boolean }

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what a spec change does: config.pbtxt fields, command lines, effective parameters, and which steps re-run (markdown for a PR comment)')
    .argument('[models...]', 'model names (default: every changed, added or removed model)')
    .option('--base <ref>', 'git ref to compare with (default: the merge base with the default branch)')
    .option('--json', 'print the diff as JSON')
    .action(async (models: string[], opts: DiffOptions, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      const report = await compareWithBase(root, opts.base, models);
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderDiffMarkdown(report)}\n`);
    });
}
