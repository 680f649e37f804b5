import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'logits-dtype-mismatch',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { logits: { logitsDtype: 'float16' } },
  triton: { excludeInputInOutput: true, logitsDatatype: 'TYPE_FP32' },
});
