import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'wrong-type-streaming',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: 'yes',
});
