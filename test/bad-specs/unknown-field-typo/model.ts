import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'unknown-field-typo',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSise: 8 },
});
