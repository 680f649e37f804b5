import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-dotdot-host-path',
  source: { modelDir: '/models/../etc/shadow' },
  triton: { excludeInputInOutput: true },
});
