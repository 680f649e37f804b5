import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'fraction-out-of-range',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, kvCache: { freeGpuMemFraction: 1.5 } },
});
