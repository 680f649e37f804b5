import type { PlanSizing } from '@trtforge/spec';
import type { BackendData } from '../backend/backend-data.js';
import { effectiveKvFraction, effectiveSchedulerPolicy } from '../backend/semantics.js';
import type { ResolvedModelSpec } from '../resolve/resolved.js';

const DTYPE_BYTES: Record<string, number> = { float16: 2, bfloat16: 2, float32: 4 };
const WEIGHT_ONLY_BYTES: Record<string, number> = { int8: 1, int4: 0.5, int4_gptq: 0.5 };

/**
 * The spec's side of the memory estimate. Weight-only quantization shrinks the linear layers
 * (most of the weights; embeddings stay in the model dtype, so the estimate is slightly low);
 * an INT8 KV cache stores one byte per element; otherwise the KV cache has the weights' dtype.
 */
export function sizingOf(spec: ResolvedModelSpec, backend: BackendData): PlanSizing {
  const { convert, build, triton, serve } = spec;
  const modelBytes = convert.dtype && convert.dtype !== 'auto' ? DTYPE_BYTES[convert.dtype]! : null;
  const weightBytes = convert.useWeightOnly ? WEIGHT_ONLY_BYTES[convert.weightOnlyPrecision ?? 'int8']! : modelBytes;
  // trtllm-serve 0.17 takes only the memory fraction and batches up to the engine's max_batch_size.
  const underTriton = serve.mode !== 'trtllm-serve';
  return {
    weightBytes,
    kvBytes: convert.int8KvCache ? 1 : modelBytes,
    maxBatchSize: underTriton ? triton.maxBatchSize : build.maxBatchSize,
    maxInputLen: build.maxInputLen,
    maxSeqLen: build.maxSeqLen ?? null,
    kvFreeGpuMemFraction: effectiveKvFraction(spec, backend.version).value,
    maxKvTokens: underTriton ? triton.kvCache?.maxTokens ?? null : null,
    // The TRT-LLM 0.17 LLM API (trtllm-serve) schedules with GUARANTEED_NO_EVICT.
    schedulerPolicy: underTriton ? effectiveSchedulerPolicy(spec, backend.version) : 'guaranteed_no_evict',
  };
}
