import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-shell-metacharacters',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', revision: 'main; rm -rf ~' },
  triton: { excludeInputInOutput: true },
});
