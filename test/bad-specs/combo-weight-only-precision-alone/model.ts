import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-weight-only-precision-alone',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  convert: { weightOnlyPrecision: 'int4' },
  triton: { excludeInputInOutput: true },
});
