import { defineModel } from '@trtforge/spec';

// @ts-expect-error -- a spec that reaches for Node's require() to read a file
const fs = require('node:fs');

export default defineModel({
  name: 'eval-require-call',
  source: { modelDir: fs.readFileSync('/etc/model-dir', 'utf8').trim() },
  triton: { excludeInputInOutput: true },
});
