import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'reuse-without-paged-context-fmha',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, kvCache: { enableReuse: true } },
});
