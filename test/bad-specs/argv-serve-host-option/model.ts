import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-serve-host-option',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  serve: { mode: 'trtllm-serve', host: '--help' },
});
