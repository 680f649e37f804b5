import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-container-system-dir',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { paths: { engineDir: '/opt/tritonserver/backends/tensorrtllm' } },
  triton: { excludeInputInOutput: true },
});
