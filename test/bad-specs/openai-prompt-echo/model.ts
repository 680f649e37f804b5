import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'openai-prompt-echo',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  serve: { mode: 'openai' },
});
