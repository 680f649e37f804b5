import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-newline-in-path',
  source: { modelDir: '/models/qwen\n--model-repository=/tmp/evil' },
  triton: { excludeInputInOutput: true },
});
