import { defineModel } from '@trtforge/spec';

/**
 * Mistral-7B-Instruct-v0.3 on one GPU. NVIDIA converts Mistral with the Llama converter
 * (examples/llama/README.md), so the family is llama and the step runs
 * examples/llama/convert_checkpoint.py; the runner checks config.json (model_type "mistral",
 * MistralForCausalLM) against it before converting. From its config.json: 32 attention heads,
 * 8 KV heads, vocabulary 32768, 32768 positions, bfloat16 weights.
 */
export default defineModel({
  name: 'mistral-7b-instruct-v0.3',
  source: {
    modelDir: '/models/Mistral-7B-Instruct-v0.3',
    hfRepo: 'mistralai/Mistral-7B-Instruct-v0.3',
    family: 'llama',
  },
  parallelism: { gpuIds: [2] },
  streaming: true,
  convert: { dtype: 'bfloat16' },
  context: { maxInputTokens: 8192, maxOutputTokens: 4096 },
  build: {
    maxBatchSize: 32,
    plugins: { gemmPlugin: 'bfloat16' },
  },
  triton: {
    excludeInputInOutput: true,
    maxQueueSize: 128,
    kvCache: { freeGpuMemFraction: 0.85 },
  },
  serve: { ports: { http: 8300, grpc: 8301, metrics: 8302, openai: 9300 } },
});
