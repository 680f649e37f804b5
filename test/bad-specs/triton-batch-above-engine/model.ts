import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'triton-batch-above-engine',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 8 },
  triton: { excludeInputInOutput: true, maxBatchSize: 64 },
});
