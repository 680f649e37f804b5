import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hf-repo-not-a-repo-id',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});
