import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'unsupported-backend-version',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { backendVersion: '0.15.0' },
});
