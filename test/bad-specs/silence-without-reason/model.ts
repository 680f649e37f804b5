import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'silence-without-reason',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  lints: { silence: { TRT110: '' } },
});
