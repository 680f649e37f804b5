import { defineModel } from '@trtforge/spec';

/**
 * Qwen2.5-32B-Instruct with tensor parallelism 4 on GPUs 4–7 (the seed's multi-GPU section):
 * the converter shards into 4 ranks, the engine has 4 rank files, and tritonserver runs under
 * `mpirun` with 4 ranks — all derived from `parallelism`.
 */
export default defineModel({
  name: 'qwen2.5-32b-tp4',
  source: {
    modelDir: '/models/Qwen2.5-32B-Instruct',
    hfRepo: 'Qwen/Qwen2.5-32B-Instruct',
  },
  parallelism: { tp: 4, gpuIds: [4, 5, 6, 7] },
  streaming: true,
  prefixCaching: true,
  convert: { dtype: 'float16' },
  context: { maxInputTokens: 8192, maxOutputTokens: 2048 },
  build: {
    maxBatchSize: 32,
    plugins: { gemmPlugin: 'float16' },
  },
  triton: {
    excludeInputInOutput: true,
    maxQueueSize: 128,
    kvCache: { freeGpuMemFraction: 0.85 },
    tokenizer: { skipSpecialTokens: true },
  },
  // Its own ports: `turbo run serve` starts qwen2.5-0.5b on the defaults (8000–8002) at the same time (TRT146).
  serve: { ports: { http: 8100, grpc: 8101, metrics: 8102, openai: 9100 } },
});
