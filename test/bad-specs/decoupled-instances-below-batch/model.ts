import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'decoupled-instances-below-batch',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: true,
  build: { maxBatchSize: 8 },
  triton: {
    excludeInputInOutput: true,
    instances: { preprocessing: 1, postprocessing: 1, bls: 1 },
  },
});
