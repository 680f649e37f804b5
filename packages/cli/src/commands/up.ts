import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { runCompile } from './compile.js';
import { runDoctor } from './doctor.js';
import { addRunOptions, flagsOf, repositoryRoot, type RunFlags } from './run/options.js';
import { READY_TIMEOUT_S, runServe } from './serve.js';

/**
 * `trtforge up <model>` — the README's main job: compile the spec, show the plan, ask the doctor
 * whether this host can run it, and if so convert → build → serve. On a host without a GPU or a
 * container runtime it stops after the plan (exit 0) with the doctor's list of what is missing.
 */
export function registerUp(program: Command): void {
  const command = program
    .command('up')
    .description('compile, print the plan, and — when this host has a GPU and a container runtime — convert, build and serve')
    .argument('<model>', 'model name');
  // The same run options as doctor and serve (and their environment variables), passed on to both.
  addRunOptions(command, { dryRun: false }).action(async (model: string) => {
    const flags = flagsOf<RunFlags>(command);
    const root = repositoryRoot(flags);
    await runCompile(root, [model], { quiet: true });
    process.stdout.write(readFileSync(join(root, 'generated', model, 'PLAN.md'), 'utf8'));
    process.stdout.write(`\n${pc.bold(`trtforge doctor ${model}`)} — can this host run it?\n`);
    // The sub-commands' own functions: same checks, same output, same exit codes.
    if (!(await runDoctor(command, model, { ...flags, root }))) {
      process.stdout.write(`\n${pc.yellow('stopping after the plan:')} this host cannot convert, build and serve ${model} (see ✗ above).\n`
        + `generated/${model}/ is ready; on a host with an NVIDIA GPU and docker or podman, \`npm start\` serves it.\n`);
      return;
    }
    await runServe(command, model, { ...flags, root, readyTimeout: READY_TIMEOUT_S });
  });
}
