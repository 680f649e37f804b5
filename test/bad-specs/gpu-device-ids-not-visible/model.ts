import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'gpu-device-ids-not-visible',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { tp: 2, gpuIds: [4, 5] },
  triton: { excludeInputInOutput: true, gpuDeviceIds: [6, 7] },
});
