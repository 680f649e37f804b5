import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'as-any-spec',
  source: { modelDir: 42, tokenizer: '/models/tok' },
  triton: { excludeInputInOutput: 'yes' },
} as any);
