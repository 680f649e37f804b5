import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-container-relative',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { paths: { engineDir: 'engine' } },
  triton: { excludeInputInOutput: true },
});
