import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'zero-context-budget',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  context: { maxInputTokens: 0, maxOutputTokens: 512 },
});
