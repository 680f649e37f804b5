import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'int8-kv-with-prefix-caching',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  prefixCaching: true,
  convert: { int8KvCache: true },
  triton: { excludeInputInOutput: true },
});
