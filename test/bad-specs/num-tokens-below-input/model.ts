import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'num-tokens-below-input',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxInputLen: 16384, maxSeqLen: 20480, maxNumTokens: 8192 },
  triton: { excludeInputInOutput: true },
});
