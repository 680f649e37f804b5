import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'chunked-context-without-paged-fmha',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, enableChunkedContext: true },
});
