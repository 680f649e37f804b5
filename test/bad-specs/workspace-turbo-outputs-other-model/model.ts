import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'workspace-turbo-outputs-other-model',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [7] },
  triton: { excludeInputInOutput: true },
  serve: { ports: { http: 8820, grpc: 8821, metrics: 8822 } },
});
