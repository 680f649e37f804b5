import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'prefix-caching-conflict',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  prefixCaching: true,
  build: { plugins: { usePagedContextFmha: false } },
  triton: { excludeInputInOutput: true },
});
