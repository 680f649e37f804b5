import { defineModel } from '@trtforge/spec';

// Triton rejects requests once 16 wait, although the engine would batch 32 of them.
export default defineModel({
  name: 'rule-queue-smaller-than-batch',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 32 },
  triton: { excludeInputInOutput: true, maxBatchSize: 32, maxQueueSize: 16 },
});
