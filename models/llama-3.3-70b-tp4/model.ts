import { defineModel } from '@trtforge/spec';

/**
 * Llama-3.3-70B-Instruct with tensor parallelism 4 (bfloat16 weights, ≈ 35 GB per GPU: 80 GB
 * GPUs). From its config.json: 64 attention heads and 8 KV heads (tp 4 splits both: 16 and 2 per
 * rank; the runner checks this against the weights before converting), vocabulary 128256,
 * 131072 positions. GPUs 8–11: the repository's models together need more GPUs than one 8-GPU
 * node has, and `turbo run serve` starts them all, so each model keeps its own ids (TRT147).
 */
export default defineModel({
  name: 'llama-3.3-70b-tp4',
  source: {
    modelDir: '/models/Llama-3.3-70B-Instruct',
    hfRepo: 'meta-llama/Llama-3.3-70B-Instruct',
    family: 'llama',
  },
  parallelism: { tp: 4, gpuIds: [8, 9, 10, 11] },
  streaming: true,
  prefixCaching: true,
  convert: { dtype: 'bfloat16' },
  context: { maxInputTokens: 16384, maxOutputTokens: 4096 },
  build: {
    maxBatchSize: 32,
    plugins: { gemmPlugin: 'bfloat16' },
  },
  triton: {
    excludeInputInOutput: true,
    maxQueueSize: 128,
    kvCache: { freeGpuMemFraction: 0.85 },
  },
  serve: { ports: { http: 8400, grpc: 8401, metrics: 8402, openai: 9400 } },
});
