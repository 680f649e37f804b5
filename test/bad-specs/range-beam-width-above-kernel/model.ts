import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'range-beam-width-above-kernel',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBeamWidth: 2048 },
  triton: { excludeInputInOutput: true },
});
