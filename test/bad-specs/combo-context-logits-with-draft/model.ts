import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-context-logits-with-draft',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: {
    logits: { gatherContextLogits: true },
    speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 },
  },
  triton: { excludeInputInOutput: true },
});
