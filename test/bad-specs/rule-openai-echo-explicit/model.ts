import { defineModel } from '@trtforge/spec';

// The OpenAI frontend returns the backend's text_output as the answer: with the prompt echoed in it.
export default defineModel({
  name: 'rule-openai-echo-explicit',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: true,
  serve: { mode: 'openai' },
  triton: { excludeInputInOutput: false },
});
