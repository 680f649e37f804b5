import { defineModel } from '@trtforge/spec';

// Streaming to 16 clients through a single detokenizing postprocessing instance (NVIDIA's examples use 1).
export default defineModel({
  name: 'rule-streaming-single-postprocessor',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: true,
  build: { maxBatchSize: 16 },
  triton: { excludeInputInOutput: true, maxBatchSize: 16, instances: { postprocessing: 1 } },
});
