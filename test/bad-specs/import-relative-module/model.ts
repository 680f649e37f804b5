import { defineModel } from '@trtforge/spec';
import { shared } from '../shared/settings';

export default defineModel({
  name: 'import-relative-module',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  triton: shared,
});
