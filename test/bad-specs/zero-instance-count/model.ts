import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'zero-instance-count',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, instances: { preprocessing: 0 } },
});
