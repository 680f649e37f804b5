import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-paged-fmha-without-context-fmha',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { plugins: { contextFmha: false, usePagedContextFmha: true } },
  triton: { excludeInputInOutput: true },
});
