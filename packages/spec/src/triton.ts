/**
 * The Triton model repository: the five inflight_batcher_llm models (ensemble, preprocessing,
 * tensorrt_llm, postprocessing, tensorrt_llm_bls). Each field names the template parameter it fills.
 * A runtime parameter left unset is omitted from config.pbtxt, so the backend's own default applies
 * (PLAN.md lists the effective value).
 */
export interface TritonOptions {
  /**
   * Max batch size of all five models. `${triton_max_batch_size}`.
   * @default build.maxBatchSize
   * @minimum 1
   * @asType integer
   */
  maxBatchSize?: number;
  /**
   * Decoupled transaction policy of tensorrt_llm and tensorrt_llm_bls: needed for streaming
   * (`generate_stream`, OpenAI `stream: true`). `${decoupled_mode}`. Prefer the top-level `streaming` switch.
   * @default streaming
   */
  decoupled?: boolean;
  /**
   * Backend of the tensorrt_llm model: the C++ backend or its python twin. `${triton_backend}`.
   * @default "tensorrtllm"
   */
  backend?: 'tensorrtllm' | 'python';
  /**
   * Batching strategy. `${batching_strategy}` → parameter `gpt_model_type`. `V1` is static batching
   * (no in-flight batching); the release's parameter-semantics.json lists what it accepts.
   * @default "inflight_fused_batching"
   */
  batchingStrategy?: 'inflight_fused_batching' | 'inflight_batching' | 'V1';
  /**
   * How the scheduler admits requests. `${batch_scheduler_policy}`.
   */
  batchSchedulerPolicy?: 'max_utilization' | 'guaranteed_no_evict';
  /**
   * How long Triton's dynamic batcher of tensorrt_llm waits to fill a batch, in microseconds.
   * `${max_queue_delay_microseconds}`.
   * @default 0
   * @minimum 0
   * @asType integer
   */
  maxQueueDelayMicroseconds?: number;
  /**
   * Requests queued in front of tensorrt_llm before Triton rejects new ones (0: unbounded).
   * `${max_queue_size}`. It caps load: set it ≥ the concurrency you intend.
   * @default 0
   * @minimum 0
   * @asType integer
   */
  maxQueueSize?: number;
  /** Instance counts of the python models (tensorrt_llm itself always has one instance). */
  instances?: TritonInstances;
  /**
   * Return only generated tokens, not the prompt. `${exclude_input_in_output}`. Unset, the backend
   * echoes the prompt (its default false).
   */
  excludeInputInOutput?: boolean;
  /**
   * Beam width the runtime uses (≤ build.maxBeamWidth). `${max_beam_width}`.
   * @minimum 1
   * @asType integer
   */
  maxBeamWidth?: number;
  /** KV cache runtime settings. */
  kvCache?: TritonKvCache;
  /**
   * Chunked context (long prompts processed in pieces; needs paged context FMHA). `${enable_chunked_context}`.
   */
  enableChunkedContext?: boolean;
  /**
   * Attention window in tokens (sliding-window attention). `${max_attention_window_size}`.
   * @minimum 1
   * @asType integer
   */
  maxAttentionWindowSize?: number;
  /**
   * Sink tokens kept with StreamingLLM. `${sink_token_length}`.
   * @minimum 0
   * @asType integer
   */
  sinkTokenLength?: number;
  /**
   * Normalize log probabilities. `${normalize_log_probs}`.
   */
  normalizeLogProbs?: boolean;
  /**
   * GPU ids the tensorrt_llm instance uses (orchestrator mode). `${gpu_device_ids}`.
   * @minItems 1
   */
  gpuDeviceIds?: Array<TritonDeviceId>;
  /**
   * MPI ranks participating (orchestrator mode). `${participant_ids}`.
   * @minItems 1
   */
  participantIds?: Array<TritonDeviceId>;
  /**
   * Decoding mode. `${decoding_mode}`.
   */
  decodingMode?: 'top_k' | 'top_p' | 'top_k_top_p' | 'beam_search' | 'medusa' | 'redrafter' | 'lookahead' | 'eagle';
  /**
   * Medusa choices, e.g. "{0, 0, 0}, {0, 1}". `${medusa_choices}`.
   * @minLength 1
   */
  medusaChoices?: string;
  /**
   * EAGLE choices. `${eagle_choices}`.
   * @minLength 1
   */
  eagleChoices?: string;
  /**
   * Share of weights kept on the GPU with weight streaming, 0–1. `${gpu_weights_percent}`.
   * @minimum 0
   * @maximum 1
   */
  gpuWeightsPercent?: number;
  /**
   * FP32 accumulation in context FMHA. `${enable_context_fmha_fp32_acc}`.
   */
  enableContextFmhaFp32Acc?: boolean;
  /**
   * Multi-block mode for long-sequence generation. `${multi_block_mode}`.
   */
  multiBlockMode?: boolean;
  /**
   * CUDA graphs in the generation phase. `${cuda_graph_mode}`.
   */
  cudaGraphMode?: boolean;
  /**
   * CUDA graphs kept in the cache. `${cuda_graph_cache_size}`.
   * @minimum 0
   * @asType integer
   */
  cudaGraphCacheSize?: number;
  /**
   * Fast logits transfer for speculative decoding. `${speculative_decoding_fast_logits}`.
   */
  speculativeDecodingFastLogits?: boolean;
  /**
   * How often cancellation is checked, in ms. `${cancellation_check_period_ms}`.
   * @minimum 0
   * @asType integer
   */
  cancellationCheckPeriodMs?: number;
  /**
   * How often statistics are collected, in ms. `${stats_check_period_ms}`.
   * @minimum 0
   * @asType integer
   */
  statsCheckPeriodMs?: number;
  /**
   * Iterations of iteration statistics kept. `${iter_stats_max_iterations}`.
   * @minimum 0
   * @asType integer
   */
  iterStatsMaxIterations?: number;
  /**
   * Iterations of request statistics kept. `${request_stats_max_iterations}`.
   * @minimum 0
   * @asType integer
   */
  requestStatsMaxIterations?: number;
  /** LoRA adapter cache. */
  lora?: TritonLora;
  /**
   * Data type of the context/generation logits outputs. `${logits_datatype}`.
   * @default "TYPE_FP32"
   */
  logitsDatatype?: TritonFloatType;
  /**
   * Data type of `encoder_input_features`. `${encoder_input_features_data_type}`.
   * @default "TYPE_FP16"
   */
  encoderInputFeaturesDataType?: TritonFloatType;
  /**
   * Encoder engine directory inside the container (encoder-decoder models). `${encoder_engine_dir}`.
   * @pattern ^/[^\0]*$
   */
  encoderEngineDir?: string;
  /** Tokenizer behaviour of pre/postprocessing. */
  tokenizer?: TritonTokenizer;
  /** Multimodal inputs. */
  multimodal?: TritonMultimodal;
  /** The tensorrt_llm_bls model. */
  bls?: TritonBls;
  /**
   * MPI nodes the tensorrt_llm model spans. `${num_nodes}` (tensorrtllm_backend ≥ 0.19.0).
   * @minimum 1
   * @asType integer
   */
  numNodes?: number;
  /** Guided (structured) decoding of the C++ backend (tensorrtllm_backend ≥ 0.19.0). */
  guidedDecoding?: TritonGuidedDecoding;
  /** Server-wide lookahead decoding sizes, used with `decodingMode: 'lookahead'` (tensorrtllm_backend ≥ 0.19.0). */
  lookahead?: TritonLookahead;
}

export interface TritonGuidedDecoding {
  /**
   * Guided decoding backend. `${guided_decoding_backend}`.
   */
  backend?: 'xgrammar';
  /**
   * xgrammar tokenizer info (JSON) inside the container. `${xgrammar_tokenizer_info_path}`.
   * @pattern ^/[^\0]*$
   */
  xgrammarTokenizerInfoPath?: string;
}

export interface TritonLookahead {
  /**
   * Lookahead window size. `${lookahead_window_size}`.
   * @minimum 1
   * @asType integer
   */
  windowSize?: number;
  /**
   * Lookahead n-gram size. `${lookahead_ngram_size}`.
   * @minimum 1
   * @asType integer
   */
  ngramSize?: number;
  /**
   * Lookahead verification set size. `${lookahead_verification_set_size}`.
   * @minimum 1
   * @asType integer
   */
  verificationSetSize?: number;
}

/** @asType integer @minimum 0 */
export type TritonDeviceId = number;

/** Triton float data types allowed for logits and encoder features. */
export type TritonFloatType = 'TYPE_FP32' | 'TYPE_FP16' | 'TYPE_BF16';

export interface TritonInstances {
  /**
   * preprocessing instances. `${preprocessing_instance_count}`. Match triton.maxBatchSize for concurrency.
   * @default triton.maxBatchSize
   * @minimum 1
   * @asType integer
   */
  preprocessing?: number;
  /**
   * postprocessing instances. `${postprocessing_instance_count}`.
   * @default triton.maxBatchSize
   * @minimum 1
   * @asType integer
   */
  postprocessing?: number;
  /**
   * tensorrt_llm_bls instances. `${bls_instance_count}`.
   * @default triton.maxBatchSize
   * @minimum 1
   * @asType integer
   */
  bls?: number;
}

export interface TritonKvCache {
  /**
   * Share of the GPU memory still free after the engine loads that the KV cache takes, strictly
   * between 0 and 1. `${kv_cache_free_gpu_mem_fraction}` (backend default 0.9).
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  freeGpuMemFraction?: number;
  /**
   * Hard cap on KV cache tokens. `${max_tokens_in_paged_kv_cache}`.
   * @minimum 1
   * @asType integer
   */
  maxTokens?: number;
  /**
   * Host memory for KV cache offloading, in bytes. `${kv_cache_host_memory_bytes}`.
   * @minimum 0
   * @asType integer
   */
  hostMemoryBytes?: number;
  /**
   * Onboard offloaded blocks to GPU before reuse. `${kv_cache_onboard_blocks}`.
   */
  onboardBlocks?: boolean;
  /**
   * Share of KV cache for cross attention (encoder-decoder), 0–1. `${cross_kv_cache_fraction}`.
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  crossFraction?: number;
  /**
   * Reuse KV blocks across requests sharing a prefix (needs build.plugins.usePagedContextFmha).
   * `${enable_kv_cache_reuse}`. Prefer the top-level `prefixCaching` switch.
   */
  enableReuse?: boolean;
}

export interface TritonLora {
  /**
   * Optimal adapter size for the cache. `${lora_cache_optimal_adapter_size}`.
   * @minimum 1
   * @asType integer
   */
  cacheOptimalAdapterSize?: number;
  /**
   * Largest adapter size. `${lora_cache_max_adapter_size}`.
   * @minimum 1
   * @asType integer
   */
  cacheMaxAdapterSize?: number;
  /**
   * Share of GPU memory for the LoRA cache, 0–1. `${lora_cache_gpu_memory_fraction}`.
   * @exclusiveMinimum 0
   * @maximum 1
   */
  cacheGpuMemoryFraction?: number;
  /**
   * Host memory for the LoRA cache, in bytes. `${lora_cache_host_memory_bytes}`.
   * @minimum 0
   * @asType integer
   */
  cacheHostMemoryBytes?: number;
  /**
   * Directory of LoRA weights to load at start-up, inside the container. `${lora_prefetch_dir}` (tensorrtllm_backend ≥ 0.19.0).
   * @pattern ^/[^\0]*$
   */
  prefetchDir?: string;
}

export interface TritonTokenizer {
  /**
   * Add special tokens (BOS…) when tokenizing the prompt. `${add_special_tokens}` (preprocessing).
   */
  addSpecialTokens?: boolean;
  /**
   * Drop special tokens (`<|im_end|>`…) when detokenizing. `${skip_special_tokens}` (postprocessing).
   */
  skipSpecialTokens?: boolean;
}

export interface TritonMultimodal {
  /**
   * Visual encoder engine directory inside the container. `${visual_model_path}` (tensorrtllm_backend ≤ 0.18.2;
   * 0.19.0 renamed it, see `modelPath`).
   * @pattern ^/[^\0]*$
   */
  visualModelPath?: string;
  /**
   * Multimodal encoder engine directory inside the container. `${multimodal_model_path}` (tensorrtllm_backend ≥ 0.19.0).
   * @pattern ^/[^\0]*$
   */
  modelPath?: string;
  /**
   * Most images per request. `${max_num_images}`.
   * @minimum 1
   * @asType integer
   */
  maxNumImages?: number;
  /**
   * Name of the multimodal encoders model BLS calls. `${multimodal_encoders_name}`.
   * @pattern ^[A-Za-z0-9_.-]+$
   */
  encodersName?: string;
}

export interface TritonBls {
  /**
   * Send accumulated text, not deltas, in streaming mode. `${accumulate_tokens}`.
   */
  accumulateTokens?: boolean;
  /**
   * Model BLS calls for generation. `${tensorrt_llm_model_name}`.
   * @pattern ^[A-Za-z0-9_.-]+$
   */
  tensorrtLlmModelName?: string;
  /**
   * Draft model for speculative decoding. `${tensorrt_llm_draft_model_name}`.
   * @pattern ^[A-Za-z0-9_.-]+$
   */
  draftModelName?: string;
}
