import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-wildcard-host',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  serve: { host: '0.0.0.0' },
});
