import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'wrong-type-batch-size',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: '8' },
});
