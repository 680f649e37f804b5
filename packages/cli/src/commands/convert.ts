import type { Command } from 'commander';
import { runner } from '../runner.js';
import { addRunOptions, flagsOf, type RunFlags } from './run/options.js';
import { printSummary } from './run/output.js';
import { runSession } from './run/session.js';

/** `trtforge convert <model>`: HF weights → TRT-LLM checkpoint in the store (reused when its inputs are unchanged). */
export function registerConvert(program: Command): void {
  const command = program
    .command('convert')
    .description('convert the Hugging Face weights into a TensorRT-LLM checkpoint (cached in the store)')
    .argument('<model>', 'model name (generated/<model>/plan.json)');
  addRunOptions(command).action(async (model: string) => {
    const flags = flagsOf<RunFlags>(command);
    const { runStep } = runner();
    await runSession(command, model, flags, { verb: 'convert', needsGpu: (ctx) => ctx.plan.steps.convert.gpus !== 'none' }, async ({ ctx, progress }) => {
      const [outcome] = await progress.run([{ id: 'convert', title: ctx.plan.steps.convert.title, run: () => runStep(ctx, 'convert') }]);
      if (!flags.dryRun) printSummary(`trtforge convert ${model} (runtime ${ctx.runtime.name})`, [outcome!], ctx.root);
    });
  });
}
