import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-swiglu-without-fused-mlp',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { plugins: { gemmSwigluPlugin: 'fp8', useFusedMlp: false } },
  triton: { excludeInputInOutput: true },
});
