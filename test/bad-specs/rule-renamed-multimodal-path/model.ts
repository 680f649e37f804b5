import { defineModel } from '@trtforge/spec';

// tensorrtllm_backend 0.19.0 renamed ${visual_model_path} to ${multimodal_model_path}.
export default defineModel({
  name: 'rule-renamed-multimodal-path',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { backendVersion: '0.19.0' },
  triton: { excludeInputInOutput: true, multimodal: { visualModelPath: '/trtforge/visual' } },
});
