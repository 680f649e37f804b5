import type { Command } from 'commander';
import type { StepOutcome } from '@trtforge/runner';
import { runner } from '../runner.js';
import { addRunOptions, flagsOf, type RunFlags } from './run/options.js';
import { printSummary } from './run/output.js';
import { runSession } from './run/session.js';

/** `trtforge build <model>`: checkpoint (convert, if needed) → engine for this host's GPU architecture. */
export function registerBuild(program: Command): void {
  const command = program
    .command('build')
    .description('build the TensorRT-LLM engine (converting first if needed); both cached in the store')
    .argument('<model>', 'model name (generated/<model>/plan.json)');
  addRunOptions(command).action(async (model: string) => {
    const flags = flagsOf<RunFlags>(command);
    const { runStep } = runner();
    await runSession(command, model, flags, { verb: 'build', needsGpu: () => true }, async ({ ctx, progress }) => {
      const outcomes: StepOutcome[] = await progress.run([
        { id: 'convert', title: ctx.plan.steps.convert.title, run: () => runStep(ctx, 'convert') },
        { id: 'build', title: ctx.plan.steps.build.title, run: () => runStep(ctx, 'build') },
      ]);
      if (!flags.dryRun) printSummary(`trtforge build ${model} (runtime ${ctx.runtime.name})`, outcomes, ctx.root);
    });
  });
}
