import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'invalid-enum-serve-mode',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  serve: { mode: 'tritonserver' },
});
