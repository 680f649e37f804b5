import { defineModel } from '@trtforge/spec';

export const spec = defineModel({
  name: 'no-default-export',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});
