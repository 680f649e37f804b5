import { defineModel } from '@trtforge/spec';

/** The batch size is "computed" by a getter that fails: reported at the throw, with the field it was reading. */
const build = {
  get maxBatchSize(): number {
    throw new Error('maxBatchSize depends on the cluster, which a spec cannot see');
  },
};

export default defineModel({
  name: 'eval-getter-throws',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build,
  triton: { excludeInputInOutput: true },
});
