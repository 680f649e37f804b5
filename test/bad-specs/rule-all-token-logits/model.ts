import { defineModel } from '@trtforge/spec';

// A logit per vocabulary entry per token: 16384 × 151936 values taken from the KV cache's memory.
export default defineModel({
  name: 'rule-all-token-logits',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxNumTokens: 16384, logits: { gatherAllTokenLogits: true } },
  triton: { excludeInputInOutput: true },
});
