/**
 * HF weights → TensorRT-LLM checkpoint: TRT-LLM's `examples/<family>/convert_checkpoint.py`.
 * Names follow the script's flags (camelCase); tp/pp live in `parallelism`.
 */
export interface ConvertOptions {
  /**
   * Weight dtype of the checkpoint. `--dtype`. "auto" takes the HF config's torch_dtype.
   * @default "auto"
   */
  dtype?: 'auto' | 'float16' | 'bfloat16' | 'float32';
  /**
   * Weight-only quantization (W8A16 / W4A16). `--use_weight_only` + `--weight_only_precision`.
   * @default false
   */
  useWeightOnly?: boolean;
  /**
   * Precision for weight-only quantization. `--weight_only_precision`.
   * @default "int8"
   */
  weightOnlyPrecision?: 'int8' | 'int4' | 'int4_gptq';
  /**
   * Use the plain TRT-LLM path instead of the weight-only quant plugin. `--disable_weight_only_quant_plugin`.
   * @default false
   */
  disableWeightOnlyQuantPlugin?: boolean;
  /**
   * SmoothQuant alpha in [0, 1]; enables INT8 SmoothQuant (needs a calibration dataset). `--smoothquant`.
   * @minimum 0
   * @maximum 1
   */
  smoothquant?: number;
  /**
   * SmoothQuant per-channel scaling. `--per_channel`.
   * @default false
   */
  perChannel?: boolean;
  /**
   * SmoothQuant per-token scaling. `--per_token`.
   * @default false
   */
  perToken?: boolean;
  /**
   * INT8 KV cache (calibrated). `--int8_kv_cache`. Incompatible with KV cache reuse.
   * @default false
   */
  int8KvCache?: boolean;
  /**
   * Group-wise weight-only quantization (GPTQ). `--per_group`.
   * @default false
   */
  perGroup?: boolean;
  /**
   * Group size for group-wise quantization. `--group_size`.
   * @default 128
   * @minimum 1
   * @asType integer
   */
  groupSize?: number;
  /**
   * Calibration dataset for SmoothQuant / INT8 KV (a local path inside the container: no downloads). `--calib_dataset`.
   * @default "ccdv/cnn_dailymail"
   * @minLength 1
   */
  calibDataset?: string;
  /**
   * Load the HF model on CPU to save GPU memory during conversion. `--load_model_on_cpu`.
   * @default false
   */
  loadModelOnCpu?: boolean;
  /**
   * Shard the embedding table across TP ranks. `--use_parallel_embedding`.
   * @default false
   */
  useParallelEmbedding?: boolean;
  /**
   * Dimension the embedding table is sharded on (with useParallelEmbedding). `--embedding_sharding_dim`.
   * @default 0
   */
  embeddingShardingDim?: 0 | 1;
  /**
   * Parallel conversion workers. `--workers`.
   * @default 1
   * @minimum 1
   * @asType integer
   */
  workers?: number;
  /**
   * MoE tensor-parallel size (−1: derived). `--moe_tp_size`.
   * @default -1
   * @minimum -1
   * @asType integer
   */
  moeTpSize?: number;
  /**
   * MoE expert-parallel size (−1: derived). `--moe_ep_size`.
   * @default -1
   * @minimum -1
   * @asType integer
   */
  moeEpSize?: number;
}
