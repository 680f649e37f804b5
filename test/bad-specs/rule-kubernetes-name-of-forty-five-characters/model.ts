import { defineModel } from '@trtforge/spec';

// LeaderWorkerSet and StatefulSet add indexes and hashes to names capped at 63 characters.
export default defineModel({
  name: 'rule-kubernetes-name-of-forty-five-characters',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  kubernetes: { namespace: 'inference' },
});
