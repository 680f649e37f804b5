import { defineModel } from '@trtforge/spec';

// 64 clients against 16 in flight + 16 queued: genai-perf would measure rejections.
export default defineModel({
  name: 'rule-bench-beyond-queue',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { maxBatchSize: 16 },
  triton: { excludeInputInOutput: true, maxBatchSize: 16, maxQueueSize: 16 },
  bench: { concurrency: 64 },
});
