import { defineModel } from '@trtforge/spec';

const env: Record<string, string | undefined> = {};

export default defineModel({
  name: 'eval-throw-in-field',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: {
    excludeInputInOutput: true,
    maxBatchSize: Number(env.BATCH ?? (() => { throw new Error('BATCH is not set'); })()),
  },
});
