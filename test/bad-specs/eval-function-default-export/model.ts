import { defineModel } from '@trtforge/spec';

// A factory exported instead of the spec it builds.
export default () =>
  defineModel({
    name: 'eval-function-default-export',
    source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
    triton: { excludeInputInOutput: true },
  });
