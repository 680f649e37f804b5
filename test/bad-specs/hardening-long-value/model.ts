import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-long-value',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', revision: Array(5001).join('a') },
  triton: { excludeInputInOutput: true },
});
