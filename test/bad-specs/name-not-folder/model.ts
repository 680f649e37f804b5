import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'qwen-other',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});
