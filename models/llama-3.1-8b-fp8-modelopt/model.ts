import { defineModel } from '@trtforge/spec';

/**
 * NVIDIA's own FP8 checkpoint of Llama-3.1-8B-Instruct, quantized by ModelOpt (hf_quant_config.json:
 * quant_algo FP8, kv_cache_quant_algo FP8), on one Ada/Hopper GPU (compute capability ≥ 8.9).
 * Nothing is calibrated: llama's convert_checkpoint.py loads the FP8 weights with --use_fp8
 * --fp8_kv_cache (as NVIDIA's accuracy harness converts a pre-quantized directory), then
 * trtllm-build reads the quantization from the checkpoint. Before anything runs, the runner reads
 * the model directory's hf_quant_config.json and refuses weights that are not what this says.
 *   huggingface-cli download nvidia/Llama-3.1-8B-Instruct-FP8 --local-dir /models/Llama-3.1-8B-Instruct-FP8
 */
export default defineModel({
  name: 'llama-3.1-8b-fp8-modelopt',
  source: {
    modelDir: '/models/Llama-3.1-8B-Instruct-FP8',
    hfRepo: 'nvidia/Llama-3.1-8B-Instruct-FP8',
    family: 'llama',
    checkpoint: 'modelopt',
  },
  // Its own GPU and ports: `turbo run serve` starts every model of the repository.
  parallelism: { gpuIds: [13] },
  streaming: true,
  context: { maxInputTokens: 8192, maxOutputTokens: 2048 },
  quantization: { format: 'fp8', kvCacheDtype: 'fp8' },
  build: { maxBatchSize: 64 },
  triton: {
    excludeInputInOutput: true, // answers without the prompt echoed in front (TRT110)
    kvCache: { freeGpuMemFraction: 0.9 },
  },
  serve: { ports: { http: 8800, grpc: 8801, metrics: 8802, openai: 9800 } },
});
