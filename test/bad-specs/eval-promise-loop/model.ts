import { defineModel } from '@trtforge/spec';

const spec = defineModel({
  name: 'eval-promise-loop',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: { excludeInputInOutput: true },
});

// Work scheduled for "later" still runs under the evaluation's time limit.
void Promise.resolve().then(() => {
  for (;;) { /* spins in a promise job */ }
});

export default spec;
