import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-mount-collision',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  runtime: { paths: { engineDir: '/trtforge/hf/engine', checkpointDir: '/trtforge/out' } },
  triton: { excludeInputInOutput: true },
});
