import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-hub-id-tokenizer-dir',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', tokenizerDir: 'Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});
