import { defineModel } from '@trtforge/spec';

// The v0.17.0 BLS speculates only for non-streaming requests.
export default defineModel({
  name: 'rule-draft-with-streaming',
  source: { modelDir: '/models/Qwen2.5-7B-Instruct' },
  streaming: true,
  build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 5 } },
  triton: { excludeInputInOutput: true, bls: { draftModelName: 'qwen-0.5b-draft' }, kvCache: { freeGpuMemFraction: 0.45 } },
});
