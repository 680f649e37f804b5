import { defineModel } from '@trtforge/spec';

// Triton's OpenAI frontend runs from a server checkout: no manifests are written for it.
export default defineModel({
  name: 'rule-openai-frontend-on-kubernetes',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  serve: { mode: 'openai' },
  kubernetes: { namespace: 'inference', replicas: 2 },
});
