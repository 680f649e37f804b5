import { defineModel } from '@trtforge/spec';

/**
 * Gemma-2-9B-Instruct on one GPU, converted by TensorRT-LLM's examples/gemma/convert_checkpoint.py
 * (`--ckpt-type hf --model-dir … --output-model-dir …`). From its config.json: 16 attention heads,
 * 8 KV heads, vocabulary 256000, 8192 positions, bfloat16 weights — the context below stays within
 * the 8192 positions. The Gemma converter has no `--dtype auto`: the dtype is written out.
 */
export default defineModel({
  name: 'gemma-2-9b-it',
  source: {
    modelDir: '/models/gemma-2-9b-it',
    hfRepo: 'google/gemma-2-9b-it',
    family: 'gemma',
  },
  parallelism: { gpuIds: [3] },
  streaming: true,
  convert: { dtype: 'bfloat16' },
  context: { maxInputTokens: 6144, maxOutputTokens: 2048 },
  build: {
    maxBatchSize: 16,
    plugins: { gemmPlugin: 'bfloat16' },
  },
  triton: {
    excludeInputInOutput: true,
    maxQueueSize: 64,
    kvCache: { freeGpuMemFraction: 0.85 },
  },
  // Its own ports and GPU: `turbo run serve` starts every model of the repository at once (TRT146, TRT147).
  serve: { ports: { http: 8200, grpc: 8201, metrics: 8202, openai: 9200 } },
});
