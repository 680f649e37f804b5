import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-image-option',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { image: '--privileged' },
  triton: { excludeInputInOutput: true },
});
