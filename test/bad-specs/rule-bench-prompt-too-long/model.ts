import { defineModel } from '@trtforge/spec';

// Every synthetic prompt is longer than the engine's max_input_len.
export default defineModel({
  name: 'rule-bench-prompt-too-long',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxInputLen: 2048, maxSeqLen: 4096 },
  triton: { excludeInputInOutput: true },
  bench: { inputTokens: 3000, outputTokens: 200 },
});
