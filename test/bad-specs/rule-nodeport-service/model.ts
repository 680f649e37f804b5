import { defineModel } from '@trtforge/spec';

// A NodePort opens the unauthenticated model on every node of the cluster.
export default defineModel({
  name: 'rule-nodeport-service',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', hfRepo: 'Qwen/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
  kubernetes: { namespace: 'inference', serviceType: 'NodePort' },
});
