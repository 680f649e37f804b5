import { defineModel } from '@trtforge/spec';

// An AWQ checkpoint from the Hub "loaded as it is": Llama's convert_checkpoint.py loads only FP8 ModelOpt weights.
export default defineModel({
  name: 'rule-quant-awq-modelopt-checkpoint',
  source: { modelDir: '/models/Llama-3.1-8B-Instruct-AWQ', family: 'llama', checkpoint: 'modelopt' },
  quantization: { format: 'int4_awq' },
  triton: { excludeInputInOutput: true },
});
