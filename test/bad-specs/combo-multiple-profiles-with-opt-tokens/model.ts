import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-multiple-profiles-with-opt-tokens',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { optNumTokens: 2048, plugins: { multipleProfiles: true } },
  triton: { excludeInputInOutput: true },
});
