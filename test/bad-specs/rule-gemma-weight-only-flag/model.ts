import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'rule-gemma-weight-only-flag',
  source: { modelDir: '/models/gemma-2-9b-it', family: 'gemma' },
  convert: { dtype: 'bfloat16', useWeightOnly: true, weightOnlyPrecision: 'int4_gptq' },
  triton: { excludeInputInOutput: true },
});
