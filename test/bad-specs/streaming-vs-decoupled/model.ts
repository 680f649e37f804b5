import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'streaming-vs-decoupled',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  streaming: true,
  triton: { excludeInputInOutput: true, decoupled: false },
});
