import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'invalid-enum-kv-cache-type',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { kvCacheType: 'pagedd' },
});
