import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-url-model-dir',
  source: { modelDir: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});
