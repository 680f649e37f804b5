import { defineModel } from '@trtforge/spec';

// 99 % of the free memory for the KV cache leaves nothing for activations.
export default defineModel({
  name: 'rule-kv-fraction-all-memory',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, kvCache: { freeGpuMemFraction: 0.99 } },
});
