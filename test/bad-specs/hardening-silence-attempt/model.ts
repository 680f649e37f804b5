import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-silence-attempt',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', revision: 'main && make' },
  triton: { excludeInputInOutput: true },
  lints: { silence: { TRT203: 'we trust this revision' } },
});
