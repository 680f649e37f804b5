import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'inflight-without-paged-kv',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { kvCacheType: 'continuous' },
  triton: { excludeInputInOutput: true, batchingStrategy: 'inflight_fused_batching' },
});
