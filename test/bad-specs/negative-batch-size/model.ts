import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'negative-batch-size',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: -4 },
});
