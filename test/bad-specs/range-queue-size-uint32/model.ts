import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-queue-size-uint32',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 8 },
  triton: { excludeInputInOutput: true, maxQueueSize: 5_000_000_000 },
});
