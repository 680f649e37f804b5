import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'seq-shorter-than-input',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxInputLen: 4096, maxSeqLen: 2048 },
  triton: { excludeInputInOutput: true },
});
