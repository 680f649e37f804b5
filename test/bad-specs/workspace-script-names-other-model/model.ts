import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'workspace-script-names-other-model',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [6] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8810, grpc: 8811, metrics: 8812 } },
});
