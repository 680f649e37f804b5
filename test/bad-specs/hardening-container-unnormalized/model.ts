import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-container-unnormalized',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { paths: { modelRepo: '/trtforge//model_repo/', tokenizerDir: '/trtforge/hf/../tokenizer' } },
  triton: { excludeInputInOutput: true },
});
