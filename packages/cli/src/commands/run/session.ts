import type { Command } from 'commander';
import pc from 'picocolors';
import type { Progress, RunContext, RunEvent } from '@trtforge/runner';
import { runner } from '../../runner.js';
import { abortOnSignals, fail } from './fail.js';
import { toRunOptions, type RunFlags } from './options.js';
import { dryRunPrinter, isTty, print } from './output.js';

export interface Session {
  ctx: RunContext;
  progress: Progress;
}

/**
 * The frame every running command shares: SIGINT/SIGTERM → abort (the runner stops children,
 * cleans temp dirs, forwards the signal to a server), the run context, a doctor report
 * instead of a bare error when this host cannot run the command, progress or dry-run output, and
 * one clean error message at the end.
 */
export async function runSession(
  command: Command,
  model: string,
  flags: RunFlags,
  what: { verb: string; needsGpu: (ctx: RunContext) => boolean; preflight?: boolean; /** No progress display: stdout is for a JSON document. */ silent?: boolean },
  body: (session: Session) => Promise<void>,
): Promise<void> {
  const { createRunContext, defaultStoreRoot, doctor, formatDoctorReport, isRunnerError, preflight, Progress, RunnerError } = runner();
  const signals = abortOnSignals();
  const progress = new Progress(flags.dryRun || what.silent ? 'silent' : isTty() ? 'interactive' : 'plain');
  const printDryRun = dryRunPrinter();
  const onEvent = (event: RunEvent): void => (flags.dryRun ? printDryRun(event) : progress.onEvent(event));
  try {
    const options = toRunOptions(model, flags);
    let ctx: RunContext;
    try {
      ctx = await createRunContext({ ...options, signal: signals.signal, onEvent });
    } catch (error) {
      if (!isRunnerError(error) || error.code !== 'no-runtime') throw error;
      // No runtime at all: say everything else that is missing too.
      const report = await doctor({ env: process.env, runtime: 'auto', storeRoot: options.store ?? defaultStoreRoot(process.env) });
      throw new RunnerError('doctor', `cannot ${what.verb} on this host: no container runtime`, { details: formatDoctorReport(report) });
    }
    if (flags.dryRun) print(pc.dim(`# trtforge ${what.verb} ${model} --dry-run (runtime ${ctx.runtime.name}, store ${ctx.store.root})`));
    else if (what.preflight !== false) {
      // Warnings do not stop the run, but they are said before it (memory estimate, first clone…).
      const report = await preflight(ctx, what.verb, { needsGpu: what.needsGpu(ctx) });
      for (const check of report.checks.filter((c) => c.status === 'warn')) {
        print(pc.yellow(`! ${check.name}: ${check.detail}`));
        if (check.fix) print(pc.dim(`  fix: ${check.fix}`));
      }
    }
    await body({ ctx, progress });
  } catch (error) {
    fail(command, error, flags.debug);
  } finally {
    signals.dispose();
  }
}
