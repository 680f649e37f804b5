import type { PlanSizing } from '@trtforge/spec';
import type { BackendData } from '../backend/backend-data.js';
import { backendDefault } from '../lints/backend-semantics.js';
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
  const fallbackFraction = Number(backendDefault(backend.version, 'kv_cache_free_gpu_mem_fraction') ?? 0.9);
  // trtllm-serve 0.17 takes only the memory fraction; its scheduler is the LLM API default.
  const underTriton = serve.mode !== 'trtllm-serve';
  return {
    weightBytes,
    kvBytes: convert.int8KvCache ? 1 : modelBytes,
    maxBatchSize: serve.mode === 'trtllm-serve' ? build.maxBatchSize : triton.maxBatchSize,
    maxInputLen: build.maxInputLen,
    maxSeqLen: build.maxSeqLen ?? null,
    kvFreeGpuMemFraction: triton.kvCache?.freeGpuMemFraction ?? fallbackFraction,
    maxKvTokens: underTriton ? triton.kvCache?.maxTokens ?? null : null,
    schedulerPolicy: (underTriton ? triton.batchSchedulerPolicy : undefined) ?? String(backendDefault(backend.version, 'batch_scheduler_policy') ?? 'guaranteed_no_evict'),
  };
}
