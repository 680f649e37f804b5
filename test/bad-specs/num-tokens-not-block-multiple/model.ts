import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'num-tokens-not-block-multiple',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxNumTokens: 8100 },
  triton: { excludeInputInOutput: true },
});
