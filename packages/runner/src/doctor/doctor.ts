import { RunnerError } from '../errors.js';
import type { RunContext } from '../context.js';
import { createProbes } from '../probe/probes.js';
import { checkGpus, checkNvidiaSupport, checkRuntime } from './host.js';
import { checkMemory } from './memory.js';
import { checkCalibDataset, checkPrecisionGpus } from './precision.js';
import { checkDisk, checkImage, checkModelDir, checkSources, weightBytes } from './model.js';
import type { CheckStatus, DoctorCheck, DoctorOptions, DoctorReport } from './types.js';
import { checkWeightsConfig } from './weights.js';

export type { CheckStatus, DoctorCheck, DoctorOptions, DoctorReport } from './types.js';

/**
 * Every check, each with what is missing and how to fix it. The checks after the runtime's read the
 * host only (probes, stat, readdir), so they run at once and the report keeps their order: the GPU
 * query (nvidia-smi, tens to hundreds of ms) no longer holds up the disk, weights and source checks.
 */
export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  const { check: runtimeCheck, runtime } = await checkRuntime(options);
  const probes = options.probes ?? (runtime ? createProbes(runtime, options.env) : undefined);
  const { plan, inputs } = options;
  const weights = inputs ? weightBytes(inputs.modelDir) : Promise.resolve(undefined);
  const pending: Array<Promise<DoctorCheck | DoctorCheck[] | undefined> | DoctorCheck | undefined> = [
    checkNvidiaSupport(runtime, options.env),
    probes ? checkGpus(probes, plan, options.needsGpu ?? true) : { name: 'GPUs', status: 'skip', detail: 'no runtime' },
    plan && probes ? checkImage(runtimeCheck.status === 'ok' ? runtime : undefined, probes, plan) : undefined,
    weights.then((bytes) => checkDisk(options.storeRoot, bytes)),
    plan && inputs ? weights.then((bytes) => checkModelDir(inputs, bytes ?? 0)) : undefined,
    plan && inputs ? checkWeightsConfig(plan, inputs.modelDir) : undefined,
    plan && inputs && probes ? weights.then((bytes) => checkMemory(probes, plan, inputs, bytes ?? 0)) : undefined,
    plan ? checkSources(options, plan) : undefined,
    // Quantized plans only: FP8 against the GPUs' compute capability (a ModelOpt checkpoint against the spec is checkWeightsConfig's).
    plan && probes ? checkPrecisionGpus(probes, plan) : undefined,
    plan && inputs ? checkCalibDataset(plan, inputs) : undefined,
  ];
  const checks = [runtimeCheck, ...(await Promise.all(pending)).flat().filter((check): check is DoctorCheck => check !== undefined)];
  return {
    ok: checks.every((c) => c.status !== 'fail'),
    ...(plan ? { model: plan.model } : {}),
    ...(runtime ? { runtime: runtime.name } : {}),
    checks,
  };
}

const MARK: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '!', skip: '-' };

export function formatDoctorReport(report: DoctorReport, paint: Partial<Record<CheckStatus, (s: string) => string>> = {}): string[] {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [`trtforge doctor${report.model ? ` ${report.model}` : ''}${report.runtime ? ` (runtime: ${report.runtime})` : ''}`];
  for (const check of report.checks) {
    const mark = (paint[check.status] ?? ((s: string) => s))(MARK[check.status]);
    lines.push(`  ${mark} ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`    ${' '.repeat(width)}  fix: ${check.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? 'all checks passed' : `${failed} check${failed > 1 ? 's' : ''} failed`);
  return lines;
}

/**
 * Fails fast, before any hashing or container start, with the doctor's full report when this
 * host cannot run `what` (no runtime, no GPU, image missing, model dir incomplete…).
 */
export async function preflight(ctx: RunContext, what: string, options: { needsGpu: boolean }): Promise<DoctorReport> {
  const report = await doctor({
    env: ctx.env,
    runtime: ctx.runtime,
    storeRoot: ctx.store.root,
    plan: ctx.plan,
    inputs: ctx.inputs,
    probes: ctx.probes,
    needsGpu: options.needsGpu,
    sources: ctx.sourceOverrides,
  });
  if (!report.ok) {
    throw new RunnerError('doctor', `cannot ${what} on this host: ${report.checks.filter((c) => c.status === 'fail').map((c) => c.name).join(', ')}`, {
      details: formatDoctorReport(report),
    });
  }
  return report;
}
