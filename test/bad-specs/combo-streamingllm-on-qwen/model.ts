import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-streamingllm-on-qwen',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { plugins: { streamingllm: true } },
  triton: { excludeInputInOutput: true },
});
