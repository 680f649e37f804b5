import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-image-injection',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3 --privileged' },
  triton: { excludeInputInOutput: true },
});
