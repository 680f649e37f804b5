import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-relative-escape',
  source: { modelDir: 'weights/qwen', tokenizerDir: '../../outside/tokenizer' },
  triton: { excludeInputInOutput: true },
});
