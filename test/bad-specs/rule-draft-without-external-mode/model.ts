import { defineModel } from '@trtforge/spec';

// The BLS sends draft tokens to an engine not built to accept them.
export default defineModel({
  name: 'rule-draft-without-external-mode',
  source: { modelDir: '/models/Qwen2.5-7B-Instruct' },
  triton: { excludeInputInOutput: true, bls: { draftModelName: 'qwen-0.5b-draft' }, kvCache: { freeGpuMemFraction: 0.4 } },
});
