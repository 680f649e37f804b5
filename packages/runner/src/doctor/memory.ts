import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '@trtforge/spec';
import { estimateMemory, type HfModelConfig } from '../probe/memory-estimate.js';
import type { Probes } from '../probe/probes.js';
import { gib, thousands, type DoctorCheck, type DoctorOptions } from './types.js';

/**
 * Weights and KV cache per GPU, estimated from the HF config, the weight files and the GPUs'
 * memory (`estimateMemory`): fails when the weights cannot fit, warns when the KV pool holds fewer
 * full-length requests than the server batches (they then wait under guaranteed_no_evict).
 */
export async function checkMemory(probes: Probes, plan: Plan, inputs: NonNullable<DoctorOptions['inputs']>, weightFileBytes: number): Promise<DoctorCheck> {
  const name = 'GPU memory';
  if (!plan.sizing) return { name, status: 'skip', detail: 'plan has no sizing (recompile)' };
  const query = await probes.gpus();
  const memories = query.ok ? plan.parallelism.gpuIds.map((id) => query.gpus.find((g) => g.index === id)?.memoryMiB) : [];
  if (memories.length === 0 || memories.some((m) => m === undefined)) return { name, status: 'skip', detail: 'GPU memory unknown (see GPUs)' };
  let hf: HfModelConfig;
  try {
    hf = JSON.parse(await readFile(join(inputs.modelDir, 'config.json'), 'utf8')) as HfModelConfig;
  } catch {
    return { name, status: 'skip', detail: `no readable ${join(inputs.modelDir, 'config.json')} (see model dir)` };
  }
  const { tp, pp } = plan.parallelism;
  const gpuBytes = Math.min(...(memories as number[])) * 1024 ** 2;
  const estimate = estimateMemory({ hf, weightFileBytes, sizing: plan.sizing, tp, pp, gpuBytes });
  if (!estimate) return { name, status: 'skip', detail: 'config.json lacks num_hidden_layers / num_attention_heads / hidden_size' };
  const { maxBatchSize, schedulerPolicy } = plan.sizing;
  const load = `weights ≈ ${gib(estimate.weightsPerGpu)} + runtime ≈ ${gib(estimate.overhead)} per GPU of ${gib(gpuBytes)}`;
  if (estimate.kvPool <= 0 || estimate.kvTokens === 0) {
    return { name, status: 'fail', detail: `${load}: nothing left for the KV cache (rough estimate)`, fix: 'shard over more GPUs (parallelism.tp), quantize the weights (convert.useWeightOnly), or use a GPU with more memory' };
  }
  const pool = `KV pool ≈ ${gib(estimate.kvPool)} = ${thousands(estimate.kvTokens)} tokens (${(estimate.kvBytesPerToken / 1024).toFixed(0)} KiB each)`;
  const fits = `≈ ${estimate.fullRequests} full-length request${estimate.fullRequests === 1 ? '' : 's'} of ${estimate.seqLen} tokens at once`;
  const detail = `${load}; ${pool}; ${fits} (rough estimate)`;
  if (estimate.fullRequests < maxBatchSize && schedulerPolicy === 'guaranteed_no_evict') {
    return {
      name,
      status: 'warn',
      detail: `${detail} — fewer than the ${maxBatchSize} the server batches; under guaranteed_no_evict the others wait for KV blocks`,
      fix: 'shorten context.maxOutputTokens / maxInputTokens, raise triton.kvCache.freeGpuMemFraction, add GPUs (parallelism.tp), or accept the queueing',
    };
  }
  return { name, status: 'ok', detail };
}
