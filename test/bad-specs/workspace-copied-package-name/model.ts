import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'workspace-copied-package-name',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [5] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8800, grpc: 8801, metrics: 8802 } },
});
