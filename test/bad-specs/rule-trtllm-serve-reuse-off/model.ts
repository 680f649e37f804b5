import { defineModel } from '@trtforge/spec';

// Under trtllm-serve 0.17 an engine with paged context FMHA reuses the KV cache, "false" or not.
export default defineModel({
  name: 'rule-trtllm-serve-reuse-off',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  serve: { mode: 'trtllm-serve' },
  build: { plugins: { usePagedContextFmha: true } },
  prefixCaching: false,
});
