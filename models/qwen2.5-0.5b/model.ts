import { defineModel } from '@trtforge/spec';

/**
 * Qwen2.5-0.5B-Instruct on one GPU, as in the seed write-up — with the fixes it had to discover:
 * a paged KV cache with paged context FMHA (real in-flight concurrency), pre/post/BLS instance
 * counts matching Triton's max batch size, a queue that does not cap the intended load, and
 * answers without the echoed prompt.
 */
export default defineModel({
  name: 'qwen2.5-0.5b',
  source: {
    modelDir: '/models/Qwen2.5-0.5B-Instruct',
    hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct',
  },
  streaming: true,
  convert: {
    dtype: 'float16',
  },
  context: { maxInputTokens: 10240, maxOutputTokens: 6144 },
  build: {
    maxBatchSize: 20,
    maxNumTokens: 16384,
    kvCacheType: 'paged',
    plugins: {
      gemmPlugin: 'float16',
      usePagedContextFmha: true,
      removeInputPadding: true,
    },
  },
  triton: {
    maxBatchSize: 20,
    maxQueueSize: 64,
    excludeInputInOutput: true,
    kvCache: { freeGpuMemFraction: 0.9 },
    tokenizer: { skipSpecialTokens: true },
  },
  serve: {
    mode: 'triton',
    host: '127.0.0.1',
  },
});
