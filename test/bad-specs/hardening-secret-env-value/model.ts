import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-secret-env-value',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct/wb-9f8e7d6c5b4a' },
  triton: { excludeInputInOutput: true },
});
