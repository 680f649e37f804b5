import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-accumulate-tokens-with-beams',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: true,
  build: { maxBeamWidth: 4 },
  triton: { excludeInputInOutput: true, bls: { accumulateTokens: true } },
});
