import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-instance-count-int32',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 8 },
  triton: { excludeInputInOutput: true, instances: { bls: 3_000_000_000 } },
});
