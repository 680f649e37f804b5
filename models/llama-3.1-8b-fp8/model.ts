import { defineModel } from '@trtforge/spec';

/**
 * Llama-3.1-8B-Instruct in FP8 on one GPU (compute capability ≥ 8.9: L4, L40S, H100, H200):
 * NVIDIA ModelOpt's quantize.py calibrates the BF16 weights into an FP8 checkpoint with an FP8 KV
 * cache (the quantize step, cached by format, KV dtype and calibration), then trtllm-build turns on
 * FP8 context FMHA. Weights ≈ 8 GB instead of 16, and each KV cache token costs half.
 * `trtforge doctor llama-3.1-8b-fp8` fails on an older GPU before anything runs.
 */
export default defineModel({
  name: 'llama-3.1-8b-fp8',
  source: {
    modelDir: '/models/Llama-3.1-8B-Instruct',
    hfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
    family: 'llama',
  },
  parallelism: { gpuIds: [1] },
  streaming: true,
  context: { maxInputTokens: 8192, maxOutputTokens: 2048 },
  convert: { dtype: 'bfloat16' },
  quantization: {
    format: 'fp8',
    kvCacheDtype: 'fp8',
    // abisee/cnn_dailymail, downloaded beside the weights (the quantize step runs offline):
    // huggingface-cli download --repo-type dataset abisee/cnn_dailymail --local-dir /data/cnn_dailymail
    calibDataset: '/data/cnn_dailymail',
    calibSize: 512,
  },
  build: {
    maxBatchSize: 64,
    plugins: { useFp8ContextFmha: true },
  },
  triton: {
    excludeInputInOutput: true, // answers without the prompt echoed in front (TRT110)
    kvCache: { freeGpuMemFraction: 0.9 },
  },
  serve: {
    // Ports no other model in this repository uses: an unfiltered `turbo run serve` starts them together.
    ports: { http: 8040, grpc: 8041, metrics: 8042, openai: 9040 },
  },
});
