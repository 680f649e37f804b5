import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'clash-port-with-other-model',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [3] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8000, grpc: 8501, metrics: 8502 } },
});
