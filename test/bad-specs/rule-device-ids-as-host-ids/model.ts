import { defineModel } from '@trtforge/spec';

// Copied from a host where tritonserver saw all eight GPUs: gpu_device_ids as the host numbers them.
export default defineModel({
  name: 'rule-device-ids-as-host-ids',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { tp: 2, gpuIds: [2, 3] },
  triton: { excludeInputInOutput: true, gpuDeviceIds: [2, 3] },
});
