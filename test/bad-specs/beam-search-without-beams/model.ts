import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'beam-search-without-beams',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true, decodingMode: 'beam_search' },
});
