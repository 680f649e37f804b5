import { defineModel } from '@trtforge/spec';

// The target's KV pool takes 85 % of the GPU the draft engine loads into next.
export default defineModel({
  name: 'rule-draft-model-no-room',
  source: { modelDir: '/models/Qwen2.5-7B-Instruct' },
  build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 8 } },
  triton: { excludeInputInOutput: true, bls: { draftModelName: 'qwen-0.5b-draft' }, kvCache: { freeGpuMemFraction: 0.85 } },
});
