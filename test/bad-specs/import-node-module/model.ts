import { readFileSync } from 'node:fs';
import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'import-node-module',
  source: { modelDir: readFileSync('/etc/hostname', 'utf8') },
  triton: { excludeInputInOutput: true },
});
