import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'as-any-field',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 'lots' as any },
  triton: { excludeInputInOutput: true },
});
