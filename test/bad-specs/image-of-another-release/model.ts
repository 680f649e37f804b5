import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'image-of-another-release',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { image: 'nvcr.io/nvidia/tritonserver:24.08-trtllm-python-py3' },
  triton: { excludeInputInOutput: true },
});
