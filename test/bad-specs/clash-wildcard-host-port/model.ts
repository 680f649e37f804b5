import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'clash-wildcard-host-port',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  parallelism: { gpuIds: [4] },
  triton: { excludeInputInOutput: true },
  serve: {
    host: '0.0.0.0',
    exposeOnAllInterfaces: true,
    ports: { http: 8700, grpc: 8701, metrics: 8002 },
  },
});
