import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'runtime-beam-above-build',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBeamWidth: 2 },
  triton: { excludeInputInOutput: true, maxBeamWidth: 4 },
});
