import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'clash-metrics-equals-grpc',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [2] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8400, grpc: 8401, metrics: 8401 } },
});
