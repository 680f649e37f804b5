import type { Command } from 'commander';
import { Option } from 'commander';
import pc from 'picocolors';
import type { ServeModeName } from '@trtforge/spec';
import { runner, spec } from '../runner.js';
import { SERVE_MODE_CHOICES } from './run/serve-modes.js';
import { addRunOptions, flagsOf, type RunFlags } from './run/options.js';
import { positiveNumber } from './run/number-options.js';
import { print, printSummary } from './run/output.js';
import { runSession } from './run/session.js';
import { curlExamples, smokeRequest } from './run/smoke.js';

export interface ServeFlags extends RunFlags {
  mode?: ServeModeName;
  untilStarted?: boolean;
  readyTimeout: number;
  smoke?: boolean;
}

/** Default of --ready-timeout: a first engine load can take many minutes. */
export const READY_TIMEOUT_S = 1200;

/**
 * `trtforge serve <model>`: convert → build → assemble the model repository → start the plan's
 * server (tritonserver, under mpirun when tp×pp > 1), wait for its readiness probe, print the
 * endpoints, and forward SIGINT/SIGTERM to it.
 */
export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('build what is missing, assemble the Triton model repository and start the server')
    .argument('<model>', 'model name (generated/<model>/plan.json)')
    .addOption(new Option('--mode <mode>', "serve mode (default: the plan's serve.selected)").choices(SERVE_MODE_CHOICES))
    .option('--until-started', 'stop the server and exit as soon as its process has started (benchmarks, smoke tests)')
    .option('--ready-timeout <seconds>', 'how long to wait for the readiness probe', positiveNumber, READY_TIMEOUT_S)
    .option('--no-smoke', 'skip the short request sent once the server is ready');
  addRunOptions(command).action((model: string) => runServe(command, model, flagsOf<ServeFlags>(command)));
}

/** The body of `trtforge serve <model>` (also run by `trtforge up`); failures end `command`. */
export async function runServe(command: Command, model: string, flags: ServeFlags): Promise<void> {
  await runSession(command, model, flags, { verb: 'serve', needsGpu: () => true }, async ({ ctx, progress }) => {
    const { assembleRepository, prepareServe, runStep, selectServeStep, startServer } = runner();
    const { formatArgv } = spec();
    const step = selectServeStep(ctx, flags.mode);
    const usesRepo = step.mounts.some((m) => m.source.kind === 'modelRepo');
    // Settle the cached steps under progress; prepareServe then finds them settled.
    await progress.run([
      { id: 'convert', title: ctx.plan.steps.convert.title, run: () => runStep(ctx, 'convert') },
      { id: 'build', title: ctx.plan.steps.build.title, run: () => runStep(ctx, 'build') },
      ...(usesRepo ? [{ id: 'repo' as const, title: 'assemble the Triton model repository', run: async () => assembleRepository(ctx, step, (await runStep(ctx, 'build')).output) }] : []),
    ]);
    const prep = await prepareServe(ctx, flags.mode);
    if (!flags.dryRun) {
      printSummary(`trtforge serve ${model} (runtime ${ctx.runtime.name})`, prep.outcomes, ctx.root);
      print(`${pc.bold('starting')} ${step.title}: ${pc.dim(formatArgv(step.argv))}`);
    }
    const result = await startServer(ctx, prep, {
      untilStarted: flags.untilStarted ?? false,
      readyTimeoutMs: flags.readyTimeout * 1000,
      onOutput: (line) => print(line),
      onStarted: (pid) => flags.untilStarted && print(`server process started (pid ${pid}); --until-started: stopping it`),
      onReady: (serveStep) => {
        print(pc.green(`✓ ${serveStep.title} is ready (log: ${ctx.logPath('serve')})`));
        for (const endpoint of serveStep.endpoints) print(`  ${endpoint.kind.padEnd(16)} ${endpoint.url}`);
        print(pc.dim('try it:'));
        for (const line of curlExamples(serveStep)) print(`  ${line}`);
        print(`  trtforge infer ${model} "What is TensorRT-LLM?"`);
        print(`  trtforge bench ${model}${flags.mode && flags.mode !== ctx.plan.serve.selected ? ` --mode ${flags.mode}` : ''}    # genai-perf load test`);
        if (flags.smoke !== false) void smokeRequest(serveStep, ctx.inputs.tokenizerDir, ctx.signal).then((smoke) => [smoke.line, ...smoke.warnings].forEach((l) => print(l)));
      },
    });
    if (result.status === 'stopped') print(`server stopped (exit ${result.exitCode ?? 0})`);
  });
}
