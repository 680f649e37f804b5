import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'silence-unknown-rule',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  lints: { silence: { TRT999: 'typo of a rule id' } },
});
