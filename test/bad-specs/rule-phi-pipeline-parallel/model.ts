import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'rule-phi-pipeline-parallel',
  source: { modelDir: '/models/Phi-3-medium-4k-instruct', family: 'phi' },
  parallelism: { pp: 2, gpuIds: [0, 1] },
  convert: { dtype: 'bfloat16' },
  triton: { excludeInputInOutput: true },
});
