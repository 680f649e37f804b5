import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'world-size-vs-gpu-ids',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { tp: 2, pp: 2, gpuIds: [0, 1] },
  triton: { excludeInputInOutput: true },
});
