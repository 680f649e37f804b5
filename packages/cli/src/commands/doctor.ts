import type { Command } from 'commander';
import { Option } from 'commander';
import type { doctor, DoctorReport } from '@trtforge/runner';
import { runner } from '../runner.js';
import { join, resolve } from 'node:path';
import { fail } from './run/fail.js';
import { addRunOptions, flagsOf, toRunOptions, type RunFlags } from './run/options.js';
import { print, printDoctor } from './run/output.js';

/**
 * `trtforge doctor [model]`: can this host convert, build and serve? Runtime, NVIDIA container
 * support, GPUs vs tp×pp, image, disk, model dir, NVIDIA sources — each ✓/✗ with the fix.
 */
export function registerDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .description('check that this host can convert, build and serve (runtime, GPUs, image, disk, model files)')
    .argument('[model]', 'model name: also check its image, GPU ids, model dir and sources')
    .addOption(new Option('--json', 'print the report as JSON'));
  addRunOptions(command, { dryRun: false, push: false }).action(async (model: string | undefined) => {
    if (!(await runDoctor(command, model, flagsOf<RunFlags & { json?: boolean }>(command)))) command.error('', { exitCode: 1, code: 'trtforge.doctor' });
  });
}

/** Prints the doctor's report; true when this host can run `model`. A doctor that cannot run ends `command` (exit 1). */
export async function runDoctor(command: Command, model: string | undefined, flags: RunFlags & { json?: boolean }): Promise<boolean> {
  let report: DoctorReport;
  try {
    const { createRuntime, defaultStoreRoot, doctor, loadPlan, parseRuntimeName, resolveInputs } = runner();
    const runtime = parseRuntimeName(flags.runtime ?? 'auto');
    const storeRoot = resolve(flags.store ?? defaultStoreRoot(process.env));
    let options: Parameters<typeof doctor>[0] = { env: process.env, runtime: runtime === 'auto' ? 'auto' : createRuntime(runtime, { env: process.env }), storeRoot };
    if (model) {
      const run = toRunOptions(model, flags);
      const plan = await loadPlan(run.planPath ?? join(run.root, 'generated', model, 'plan.json'), model);
      options = { ...options, plan, inputs: resolveInputs(plan, run, process.env), sources: run.sources ?? {} };
    }
    report = await doctor(options);
  } catch (error) {
    return fail(command, error, flags.debug);
  }
  if (flags.json) print(JSON.stringify(report, null, 2));
  else printDoctor(report);
  return report.ok;
}
