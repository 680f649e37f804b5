import { defineModel } from '@trtforge/spec';

// 32768 KV tokens hold 4 requests of 8192 tokens; under guaranteed_no_evict the other 4 slots idle.
export default defineModel({
  name: 'rule-kv-cap-below-batch',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 8, maxSeqLen: 8192 },
  triton: { excludeInputInOutput: true, maxBatchSize: 8, kvCache: { maxTokens: 32768 } },
});
