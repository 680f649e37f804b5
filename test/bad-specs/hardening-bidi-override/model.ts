import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-bidi-override',
  source: { modelDir: '/models/qwen', revision: 'v1\u202Eevil' },
  triton: { excludeInputInOutput: true },
});
