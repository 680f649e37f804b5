import { defineModel } from '@trtforge/spec';

/**
 * Qwen2.5-1.5B-Instruct on tensorrtllm_backend 0.19.0 (TensorRT-LLM 0.19.0, Triton 25.03 image,
 * derived from the release), with the seed's concurrency fixes: a paged KV cache with paged
 * context FMHA, instance counts matching Triton's batch, a queue that does not cap the load.
 */
export default defineModel({
  name: 'qwen2.5-1.5b-trtllm-0.19',
  source: {
    modelDir: '/models/Qwen2.5-1.5B-Instruct',
    hfRepo: 'Qwen/Qwen2.5-1.5B-Instruct',
  },
  runtime: { backendVersion: '0.19.0' },
  // Its own GPU and ports: `turbo run serve` starts every model of the repository.
  parallelism: { gpuIds: [12] },
  streaming: true,
  convert: {
    dtype: 'bfloat16',
  },
  context: { maxInputTokens: 8192, maxOutputTokens: 2048 },
  build: {
    maxBatchSize: 16,
    kvCacheType: 'paged',
    plugins: {
      gemmPlugin: 'bfloat16',
      usePagedContextFmha: true,
      removeInputPadding: true,
    },
  },
  triton: {
    maxBatchSize: 16,
    maxQueueSize: 64,
    excludeInputInOutput: true,
    kvCache: { freeGpuMemFraction: 0.85 },
    tokenizer: { skipSpecialTokens: true },
  },
  serve: {
    mode: 'triton',
    host: '127.0.0.1',
    ports: { http: 8700, grpc: 8701, metrics: 8702, openai: 9700 },
  },
});
