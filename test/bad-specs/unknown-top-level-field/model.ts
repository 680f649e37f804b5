import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'unknown-top-level-field',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  stremaing: true,
});
