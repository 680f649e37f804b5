import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'context-vs-explicit-lengths',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  context: { maxInputTokens: 4096, maxOutputTokens: 1024 },
  build: { maxInputLen: 2048, maxSeqLen: 8192 },
  triton: { excludeInputInOutput: true },
});
