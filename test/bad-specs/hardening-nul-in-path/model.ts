import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-nul-in-path',
  source: { modelDir: '/models/qwen\u0000.safetensors' },
  triton: { excludeInputInOutput: true },
});
