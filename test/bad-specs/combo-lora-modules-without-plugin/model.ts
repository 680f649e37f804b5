import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'combo-lora-modules-without-plugin',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  build: { lora: { loraTargetModules: ['attn_qkv', 'mlp_4h_to_h'] } },
  triton: { excludeInputInOutput: true },
});
