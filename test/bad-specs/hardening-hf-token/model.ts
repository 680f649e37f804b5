import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'hardening-hf-token',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct', revision: 'hf_Q7vKp2LmZx9RtYw4NbHc8DfJs3GaUe6TiXo' },
  triton: { excludeInputInOutput: true },
});
