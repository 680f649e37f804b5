import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-kv-block-table-overflow',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  context: { maxInputTokens: 1_000_000, maxOutputTokens: 1_000_000 },
  build: { maxBatchSize: 100_000 },
  triton: { excludeInputInOutput: true },
});
