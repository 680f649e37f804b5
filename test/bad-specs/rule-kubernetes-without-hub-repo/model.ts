import { defineModel } from '@trtforge/spec';

// Pods cannot read the host's model directory; the tokenizer must come from the Hub.
export default defineModel({
  name: 'rule-kubernetes-without-hub-repo',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  kubernetes: { replicas: 2, memory: '16Gi' },
});
