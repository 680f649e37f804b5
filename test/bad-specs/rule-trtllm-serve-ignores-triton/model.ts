import { defineModel } from '@trtforge/spec';

// trtllm-serve 0.17 has no option for a scheduler policy or a queue delay.
export default defineModel({
  name: 'rule-trtllm-serve-ignores-triton',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  serve: { mode: 'trtllm-serve' },
  triton: { batchSchedulerPolicy: 'max_utilization', maxQueueDelayMicroseconds: 500 },
});
