import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'kv-tokens-below-sequence',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxSeqLen: 8192 },
  triton: { excludeInputInOutput: true, kvCache: { maxTokens: 4096 } },
});
