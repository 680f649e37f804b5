import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-eagle-batch-above-512',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: {
    maxBatchSize: 1024,
    speculative: { speculativeDecodingMode: 'eagle', maxDraftLen: 4 },
  },
  triton: { excludeInputInOutput: true },
});
