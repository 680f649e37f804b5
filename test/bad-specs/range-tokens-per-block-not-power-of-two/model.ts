import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-tokens-per-block-not-power-of-two',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { tokensPerBlock: 48, maxNumTokens: 9600 },
  triton: { excludeInputInOutput: true },
});
