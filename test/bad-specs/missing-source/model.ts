import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'missing-source',
  triton: { excludeInputInOutput: true },
});
