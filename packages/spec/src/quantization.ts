/**
 * Post-training quantization with NVIDIA ModelOpt: TensorRT-LLM's `examples/quantization/quantize.py`
 * replaces `convert_checkpoint.py` as the step that writes the TRT-LLM checkpoint (its own cached
 * step; calibration is part of its key). Flags and limits: `packages/compiler/data/trtllm-<release>/quantize.json`.
 *
 * With `source.checkpoint: 'modelopt'` the weights are already quantized (a ModelOpt checkpoint
 * from the Hub, e.g. `nvidia/Llama-3.1-8B-Instruct-FP8`): nothing is calibrated, the family's
 * `convert_checkpoint.py` loads the quantized weights, and this section says what they are.
 */
export interface QuantizationOptions {
  /**
   * Quantization format. `--qformat`. `fp8`: FP8 (e4m3) weights and activations, per-tensor scales
   * (quant_algo FP8; needs a GPU with compute capability ≥ 8.9: Ada, Hopper). `int4_awq`: INT4
   * weights in blocks of `awqBlockSize` with activation-aware scales, 16-bit activations (W4A16_AWQ).
   */
  format: QuantizationFormat;
  /**
   * Element type of the KV cache. `--kv_cache_dtype`. `auto` leaves the flag out: the cache keeps
   * the weights' dtype (`convert.dtype`). `fp8` halves it against fp16/bf16 (kv_cache_quant_algo FP8);
   * `int8` likewise (INT8).
   * @default "auto"
   */
  kvCacheDtype?: 'auto' | 'fp8' | 'int8';
  /**
   * Calibration samples. `--calib_size`. quantize.py uses at most 32 for AWQ formats.
   * @default 512
   * @minimum 1
   * @asType integer
   */
  calibSize?: number;
  /**
   * Calibration dataset: a directory on the host (absolute, or relative to the repository root),
   * mounted read-only into the quantize step and passed as `--calib_dataset`. quantize.py reads a
   * `train` split with a `text` column from it, or — when the directory's name contains
   * `cnn_dailymail` — a copy of the Hub dataset (`huggingface-cli download --repo-type dataset
   * abisee/cnn_dailymail --local-dir <dir>/cnn_dailymail`). A directory, never a Hub name: the step
   * runs offline. Its files are part of the quantize step's cache key. Required unless
   * `source.checkpoint` is `modelopt` (nothing is calibrated then).
   * @minLength 1
   * @example "/data/cnn_dailymail"
   */
  calibDataset?: string;
  /**
   * Calibration batch size. `--batch_size`. Does not change the result, only the time and memory it takes.
   * @default 1
   * @minimum 1
   * @asType integer
   */
  calibBatchSize?: number;
  /**
   * Longest calibration sample, in tokens. `--calib_max_seq_length`.
   * @default 512
   * @minimum 1
   * @asType integer
   */
  calibMaxSeqLength?: number;
  /**
   * INT4 block size for `int4_awq`, in weights per scale. `--awq_block_size`. TensorRT-LLM supports 64 and 128.
   * @default 128
   */
  awqBlockSize?: 64 | 128;
  /**
   * Seed of the calibration sampling. `--seed`.
   * @default 1234
   * @asType integer
   */
  seed?: number;
}

/** Formats trtforge runs through quantize.py (the release data says which families support each). */
export type QuantizationFormat = 'fp8' | 'int4_awq';
