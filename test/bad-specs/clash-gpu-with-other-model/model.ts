import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'clash-gpu-with-other-model',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [0] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8600, grpc: 8601, metrics: 8602 } },
});
