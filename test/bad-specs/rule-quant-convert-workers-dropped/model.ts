import { defineModel } from '@trtforge/spec';

// Parallel conversion workers and an embedding split for a model quantize.py writes: quantize.py has neither flag.
export default defineModel({
  name: 'rule-quant-convert-workers-dropped',
  source: { modelDir: '/models/Qwen2.5-7B-Instruct' },
  convert: { dtype: 'bfloat16', workers: 4, useParallelEmbedding: true },
  quantization: { format: 'int4_awq', calibDataset: '/data/pileval', calibSize: 32 },
  triton: { excludeInputInOutput: true },
});
