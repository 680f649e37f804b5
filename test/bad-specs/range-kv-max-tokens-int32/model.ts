import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-kv-max-tokens-int32',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, kvCache: { maxTokens: 4_000_000_000 } },
});
