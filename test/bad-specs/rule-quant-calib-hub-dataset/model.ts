import { defineModel } from '@trtforge/spec';

// NVIDIA's README passes a Hub dataset; inside trtforge's offline step it cannot be downloaded.
export default defineModel({
  name: 'rule-quant-calib-hub-dataset',
  source: { modelDir: '/models/Llama-3.1-8B-Instruct', family: 'llama' },
  quantization: { format: 'fp8', kvCacheDtype: 'fp8', calibDataset: 'abisee/cnn_dailymail' },
  triton: { excludeInputInOutput: true },
});
