import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'clash-grpc-equals-http',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [2] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8300, grpc: 8300, metrics: 8302 } },
});
