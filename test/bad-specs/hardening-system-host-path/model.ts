import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-system-host-path',
  source: { modelDir: '/proc/self/root' },
  triton: { excludeInputInOutput: true },
});
