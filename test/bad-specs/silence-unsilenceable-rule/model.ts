import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'silence-unsilenceable-rule',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  lints: { silence: { TRT020: 'folders are hard to rename' } },
});
