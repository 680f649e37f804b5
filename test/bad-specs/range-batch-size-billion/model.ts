import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-batch-size-billion',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 1_000_000_000 },
  triton: { excludeInputInOutput: true },
});
