import { defineModel } from '@trtforge/spec';

// tp × pp = 6 does not fill nodes of 4 GPUs evenly.
export default defineModel({
  name: 'rule-world-over-three-gpu-nodes',
  source: { modelDir: '/models/Qwen2.5-7B-Instruct', hfRepo: 'Qwen/Qwen2.5-7B-Instruct' },
  parallelism: { tp: 2, pp: 3 },
  triton: { excludeInputInOutput: true },
  kubernetes: { gpusPerNode: 4, gpuProduct: 'NVIDIA-L4' },
});
