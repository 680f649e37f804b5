import { defineModel } from '@trtforge/spec';

// tp × pp = 16 spans two nodes of 8 GPUs; the leader's kubectl comes from a moving tag.
export default defineModel({
  name: 'rule-multi-node-unpinned-kubectl',
  source: { modelDir: '/models/Qwen2.5-72B-Instruct', hfRepo: 'Qwen/Qwen2.5-72B-Instruct' },
  parallelism: { tp: 8, pp: 2 },
  triton: { excludeInputInOutput: true },
  kubernetes: { gpuProduct: 'NVIDIA-H100-80GB-HBM3' },
});
