import { defineModel } from '@trtforge/spec';

export default defineModel({
  name: 'argv-calib-dataset-option',
  source: { modelDir: '/models/Qwen2.5-0.5B-Instruct' },
  convert: { smoothquant: 0.5, calibDataset: '--help' },
  triton: { excludeInputInOutput: true },
});
