import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'duplicate-gpu-ids',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { tp: 2, gpuIds: [3, 3] },
  triton: { excludeInputInOutput: true },
});
