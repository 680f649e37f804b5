import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-fp8-context-fmha-without-fp8',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { plugins: { useFp8ContextFmha: true } },
  triton: { excludeInputInOutput: true },
});
