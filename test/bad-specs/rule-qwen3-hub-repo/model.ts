import { defineModel } from '@trtforge/spec';

// Qwen3-32B on the newest supported release: its qwen converter takes qwen, qwen2, qwen2_moe only.
export default defineModel({
  name: 'rule-qwen3-hub-repo',
  source: { modelDir: '/models/Qwen3-32B', hfRepo: 'Qwen/Qwen3-32B', family: 'qwen' },
  runtime: { backendVersion: '0.19.0' },
  parallelism: { tp: 2, gpuIds: [20, 21] },
  triton: { excludeInputInOutput: true },
});
