import { defineModel } from '@trtforge/spec';

const triton: Record<string, unknown> = { excludeInputInOutput: true };
triton.self = triton;

export default defineModel({
  name: 'eval-cyclic-value',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton,
});
