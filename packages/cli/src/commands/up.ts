import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { CliError } from '../cli-error.js';
import { findRoot } from '../repo.js';
import { runCompile } from './compile.js';

/**
 * `trtforge up <model>` — the README's main job: compile the spec, show the plan, ask the doctor
 * whether this host can run it, and if so convert → build → serve. On a host without a GPU or a
 * container runtime it stops after the plan (exit 0) with the doctor's list of what is missing.
 */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description('compile, print the plan, and — when this host has a GPU and a container runtime — convert, build and serve')
    .argument('<model>', 'model name')
    .action(async (model: string, _opts: unknown, cmd: Command) => {
      const root = findRoot(cmd.optsWithGlobals<{ root?: string }>().root);
      await runCompile(root, [model], { quiet: true });
      process.stdout.write(readFileSync(join(root, 'generated', model, 'PLAN.md'), 'utf8'));
      process.stdout.write(`\n${pc.bold(`trtforge doctor ${model}`)} — can this host run it?\n`);
      // The sub-commands are the real ones: same checks, same output, same exit codes.
      const { main } = await import('../main.js');
      if ((await main(['node', 'trtforge', '--root', root, 'doctor', model])) !== 0) {
        process.stdout.write(`\n${pc.yellow('stopping after the plan:')} this host cannot convert, build and serve ${model} (see ✗ above).\n`
          + `generated/${model}/ is ready; on a host with an NVIDIA GPU and docker or podman, \`npm start\` serves it.\n`);
        return;
      }
      const code = await main(['node', 'trtforge', '--root', root, 'serve', model]);
      if (code !== 0) throw new CliError('', code);
    });
}
