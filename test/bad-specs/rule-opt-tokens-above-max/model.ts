import { defineModel } from '@trtforge/spec';

// trtllm-build clamps opt_num_tokens to max_num_tokens with only a log line.
export default defineModel({
  name: 'rule-opt-tokens-above-max',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxNumTokens: 2048, optNumTokens: 3072 },
  triton: { excludeInputInOutput: true },
});
