import type { Plan, PlanStep } from '@trtforge/spec';
import { RunnerError } from '../errors.js';
import { computeCapabilityOf } from '../probe/gpu.js';
import { composeKey, type StepKey } from '../store/key.js';
import { weightsIdentity } from '../store/weights.js';
import { datasetIdentity } from '../store/dataset.js';
import type { RunContext } from '../context.js';

/** Refs of the NVIDIA checkouts a step mounts: a different convert_checkpoint.py is a different converter. */
export function sourceRefs(plan: Plan, step: PlanStep): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const mount of step.mounts) if (mount.source.kind === 'source') refs[mount.source.name] = plan.sources[mount.source.name].ref;
  return refs;
}

/**
 * convert = image (ref + local id) + TRT-LLM version + mounted source refs + weights identity +
 * (quantize step) the calibration dataset's files + the compiler's cacheKey. Nothing about serving, and nothing host-specific but the image.
 */
export async function convertKey(ctx: RunContext): Promise<StepKey> {
  const step = ctx.plan.steps.convert;
  return composeKey({
    step: 'convert',
    image: await ctx.probes.image(step.image),
    tensorrtllm: ctx.plan.versions.tensorrtllm,
    sources: sourceRefs(ctx.plan, step),
    weights: await weightsIdentity(ctx.inputs.modelDir, ctx.inputs.revision, ctx.memo, ctx.signal),
    // The quantize step calibrates on a dataset: its files are part of what the checkpoint is.
    ...(ctx.inputs.calibDataset ? { calibration: await datasetIdentity(ctx.inputs.calibDataset, ctx.memo, ctx.signal) } : {}),
    cacheKey: step.cacheKey ?? {},
  });
}

/** The compute capability of the GPUs a step runs on, or a RunnerError naming what is missing. */
export async function stepComputeCapability(ctx: RunContext, step: PlanStep): Promise<string> {
  const ids = step.gpus === 'none' ? ctx.plan.parallelism.gpuIds : step.gpus;
  const query = await ctx.probes.gpus();
  if (!query.ok) throw new RunnerError('no-gpu', `cannot build an engine without a GPU: ${query.reason}`, { hint: 'run `trtforge doctor` on a host with an NVIDIA GPU' });
  const cap = computeCapabilityOf(query.gpus, ids);
  if (!cap.ok) throw new RunnerError('gpu-mismatch', cap.reason, { hint: 'set parallelism.gpuIds in the spec to GPUs this host has' });
  return cap.computeCap;
}

/**
 * build = convert key + the compiler's cacheKey + the image it runs in + GPU compute capability.
 * The convert key carries weights, TRT-LLM version and converter; serve inputs never enter.
 */
export async function buildKey(ctx: RunContext, convert: string): Promise<StepKey> {
  const step = ctx.plan.steps.build;
  return composeKey({
    step: 'build',
    convert,
    image: await ctx.probes.image(step.image),
    sources: sourceRefs(ctx.plan, step),
    gpu: { computeCap: await stepComputeCapability(ctx, step) },
    cacheKey: step.cacheKey ?? {},
  });
}
