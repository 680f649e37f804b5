import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-reduce-fusion-single-gpu',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { plugins: { reduceFusion: true } },
  triton: { excludeInputInOutput: true },
});
