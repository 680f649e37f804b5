import { defineModel } from '@trtforge/spec';

// AWQ with quantize.py's default 512 samples: the script calibrates on 32.
export default defineModel({
  name: 'rule-quant-awq-calib-default',
  source: { modelDir: '/models/Qwen2.5-7B-Instruct' },
  parallelism: { gpuIds: [6] },
  quantization: { format: 'int4_awq', calibDataset: '/data/cnn_dailymail' },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8630, grpc: 8631, metrics: 8632, openai: 9630 } },
});
