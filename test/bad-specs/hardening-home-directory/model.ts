import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-home-directory',
  source: { modelDir: '~' },
  triton: { excludeInputInOutput: true },
});
