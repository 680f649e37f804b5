import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-hub-id-model-dir',
  source: { modelDir: 'Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});
