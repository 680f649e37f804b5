import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan, PlanPrecision } from '@trtforge/spec';
import type { RunContext } from '../context.js';
import { computeCapabilityOf } from '../probe/gpu.js';
import type { Probes } from '../probe/probes.js';
import type { DoctorCheck } from './types.js';

// Quantized engines ask things of the host: FP8 needs an Ada/Hopper-class GPU, and a pre-quantized
// checkpoint must be what the spec says. Both fail here, before a calibration or build starts.

/** "8.9" → 89, "9.0" → 90, "10.0" → 100: compute capabilities compared as numbers. */
export function capabilityValue(cap: string): number {
  const [major, minor = '0'] = cap.trim().split('.');
  return Number(major) * 10 + Number(minor);
}

/** The requirements `cap` fails, each as one sentence. */
export function unmetRequirements(precision: PlanPrecision, cap: string): string[] {
  return precision.requirements.flatMap((r) => {
    if (r.minComputeCapability && capabilityValue(cap) < capabilityValue(r.minComputeCapability)) return [`${r.what} need${r.what.endsWith('s') ? '' : 's'} compute capability ≥ ${r.minComputeCapability} (${r.why})`];
    if (r.computeCapabilities && !r.computeCapabilities.includes(cap)) return [`${r.what} runs only on compute capability ${r.computeCapabilities.join(' or ')} (${r.why})`];
    return [];
  });
}

export async function checkPrecisionGpus(probes: Probes, plan: Plan): Promise<DoctorCheck | undefined> {
  const precision = plan.precision;
  if (!precision) return undefined;
  const name = 'precision';
  const what = `${precision.format}${precision.kvCacheDtype === 'auto' ? '' : ` + ${precision.kvCacheDtype} KV cache`}`;
  const query = await probes.gpus();
  if (!query.ok) return { name, status: 'skip', detail: `${what}: no GPU to check it against` };
  const cap = computeCapabilityOf(query.gpus, plan.parallelism.gpuIds);
  if (!cap.ok) return { name, status: 'skip', detail: `${what}: ${cap.reason}` };
  const unmet = unmetRequirements(precision, cap.computeCap);
  const gpus = [...new Set(plan.parallelism.gpuIds.map((id) => query.gpus.find((g) => g.index === id)!.name))].join(', ');
  if (unmet.length === 0) return { name, status: 'ok', detail: `${what} on compute ${cap.computeCap} (${gpus})` };
  return {
    name,
    status: 'fail',
    detail: `GPU ${plan.parallelism.gpuIds.join(', ')} (${gpus}) has compute capability ${cap.computeCap}: ${unmet.join('; ')}`,
    fix: `run on GPUs that have it (set parallelism.gpuIds in ${plan.spec}), or change quantization / build.plugins.useFp8ContextFmha there`,
  };
}

interface HfQuantConfig {
  quantization?: { quant_algo?: string | null; kv_cache_quant_algo?: string | null };
}

/** For a pre-quantized source: the model directory's hf_quant_config.json must say what the spec says. */
export async function checkPrequantized(plan: Plan, inputs: RunContext['inputs']): Promise<DoctorCheck | undefined> {
  const precision = plan.precision;
  if (!precision || precision.from !== 'checkpoint' || !precision.marker) return undefined;
  const name = 'pre-quantized weights';
  const file = join(inputs.modelDir, precision.marker);
  let config: HfQuantConfig;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as HfQuantConfig;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      name,
      status: 'fail',
      detail: missing ? `${file} does not exist: ${inputs.modelDir} is not a ModelOpt checkpoint` : `${file} is not valid JSON`,
      fix: `download a ModelOpt ${precision.format} checkpoint (e.g. an nvidia/*-FP8 repository) into ${inputs.modelDir}, or remove source.checkpoint from ${plan.spec} to quantize the unquantized weights`,
    };
  }
  const found = { quant: config.quantization?.quant_algo ?? null, kv: config.quantization?.kv_cache_quant_algo ?? null };
  const wrong: string[] = [];
  if (found.quant !== precision.quantAlgo) wrong.push(`quant_algo ${JSON.stringify(found.quant)}, the spec says ${precision.quantAlgo} (quantization.format ${precision.format})`);
  if (found.kv !== precision.kvCacheQuantAlgo) wrong.push(`kv_cache_quant_algo ${JSON.stringify(found.kv)}, the spec says ${JSON.stringify(precision.kvCacheQuantAlgo)} (quantization.kvCacheDtype ${precision.kvCacheDtype})`);
  if (wrong.length === 0) return { name, status: 'ok', detail: `${file}: ${precision.quantAlgo}${precision.kvCacheQuantAlgo ? `, KV ${precision.kvCacheQuantAlgo}` : ''}` };
  return { name, status: 'fail', detail: `${file} has ${wrong.join('; ')}`, fix: `make quantization in ${plan.spec} say what the checkpoint holds` };
}

/** For the quantize step: the calibration dataset directory must exist and hold files (it is mounted and hashed). */
export async function checkCalibDataset(plan: Plan, inputs: RunContext['inputs']): Promise<DoctorCheck | undefined> {
  if (!inputs.calibDataset) return undefined;
  const name = 'calibration dataset';
  const names = await readdir(inputs.calibDataset).catch(() => undefined);
  if (names === undefined) {
    return { name, status: 'fail', detail: `${inputs.calibDataset} does not exist`, fix: `download it (e.g. huggingface-cli download --repo-type dataset abisee/cnn_dailymail --local-dir ${inputs.calibDataset}), or fix quantization.calibDataset in ${plan.spec}` };
  }
  if (names.length === 0) return { name, status: 'fail', detail: `${inputs.calibDataset} is empty`, fix: `download the dataset into it, or fix quantization.calibDataset in ${plan.spec}` };
  return { name, status: 'ok', detail: `${inputs.calibDataset} (${names.length} entr${names.length === 1 ? 'y' : 'ies'})` };
}
