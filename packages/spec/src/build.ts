/**
 * Checkpoint → engine: `trtllm-build`. Field names are the flags in camelCase (`maxBatchSize` →
 * `--max_batch_size`); enable/disable flags are booleans. Defaults are trtllm-build 0.17's own.
 */
export interface BuildOptions {
  /**
   * Most requests the engine schedules together (its in-flight batch). `--max_batch_size`.
   * Triton's max batch size may not exceed it.
   * @default 2048
   * @minimum 1
   * @asType integer
   */
  maxBatchSize?: number;
  /**
   * Longest prompt of one request, in tokens. `--max_input_len`.
   * @default 1024
   * @minimum 1
   * @asType integer
   */
  maxInputLen?: number;
  /**
   * Longest prompt + output of one request, in tokens. `--max_seq_len`.
   * When absent trtllm-build derives it from the HF config (max_position_embeddings).
   * @minimum 1
   * @asType integer
   */
  maxSeqLen?: number;
  /**
   * Largest beam width for beam search. `--max_beam_width`.
   * @default 1
   * @minimum 1
   * @asType integer
   */
  maxBeamWidth?: number;
  /**
   * Most input tokens batched in one engine step after padding removal. `--max_num_tokens`.
   * @default 8192
   * @minimum 1
   * @asType integer
   */
  maxNumTokens?: number;
  /**
   * Token count the optimization profile targets. `--opt_num_tokens`.
   * @minimum 1
   * @asType integer
   */
  optNumTokens?: number;
  /**
   * Encoder input cap (encoder-decoder models only). `--max_encoder_input_len`.
   * @default 1024
   * @minimum 1
   * @asType integer
   */
  maxEncoderInputLen?: number;
  /**
   * Prompt-tuning table size / multimodal input cap; > 0 enables it. `--max_prompt_embedding_table_size`.
   * @default 0
   * @minimum 0
   * @asType integer
   */
  maxPromptEmbeddingTableSize?: number;
  /**
   * KV cache layout. `--kv_cache_type`. In-flight batching with real concurrency needs "paged".
   * @default "paged"
   */
  kvCacheType?: 'continuous' | 'paged' | 'disabled';
  /**
   * Tokens per paged KV cache block. `--tokens_per_block`.
   * @default 64
   * @minimum 1
   * @asType integer
   */
  tokensPerBlock?: number;
  /** TensorRT-LLM plugins and fused kernels. */
  plugins?: BuildPlugins;
  /** Logits the engine can return. */
  logits?: BuildLogits;
  /** LoRA support compiled into the engine (adapters are loaded at request time). */
  lora?: BuildLora;
  /** Speculative decoding the engine is built for. */
  speculative?: BuildSpeculative;
  /** How the builder itself runs. */
  builder?: BuilderOptions;
}

/** A plugin dtype, or "disable". "auto" follows the model dtype. */
export type PluginDtype = 'auto' | 'float16' | 'float32' | 'bfloat16' | 'int32' | 'disable';

export interface BuildPlugins {
  /**
   * Attention plugin for GPT-style decoders. `--gpt_attention_plugin`.
   * @default "auto"
   */
  gptAttentionPlugin?: PluginDtype;
  /**
   * Attention plugin for BERT-style encoders. `--bert_attention_plugin`.
   * @default "auto"
   */
  bertAttentionPlugin?: PluginDtype;
  /**
   * cuBLASLt GEMM plugin for non-quantized GEMMs. `--gemm_plugin`. Unset unless given.
   */
  gemmPlugin?: PluginDtype | 'fp8' | 'nvfp4';
  /**
   * Fused GEMM + SwiGLU (FP8, Hopper). `--gemm_swiglu_plugin`.
   * @default "disable"
   */
  gemmSwigluPlugin?: 'fp8' | 'disable';
  /**
   * FP8 row-wise GEMM plugin. `--fp8_rowwise_gemm_plugin`.
   * @default "disable"
   */
  fp8RowwiseGemmPlugin?: PluginDtype;
  /**
   * LoRA plugin dtype. `--lora_plugin`.
   * @default "disable"
   */
  loraPlugin?: PluginDtype;
  /**
   * DoRA support. `--dora_plugin`.
   * @default false
   */
  doraPlugin?: boolean;
  /**
   * MoE kernels. `--moe_plugin`.
   * @default "auto"
   */
  moePlugin?: PluginDtype;
  /**
   * Mamba conv1d kernels. `--mamba_conv1d_plugin`.
   * @default "auto"
   */
  mambaConv1dPlugin?: PluginDtype;
  /**
   * NCCL collectives for multi-GPU. `--nccl_plugin`.
   * @default "auto"
   */
  ncclPlugin?: PluginDtype;
  /**
   * Low-latency FP8 GEMM. `--low_latency_gemm_plugin`.
   * @default "disable"
   */
  lowLatencyGemmPlugin?: 'fp8' | 'disable';
  /**
   * Low-latency FP8 GEMM + SwiGLU. `--low_latency_gemm_swiglu_plugin`.
   * @default "disable"
   */
  lowLatencyGemmSwigluPlugin?: 'fp8' | 'disable';
  /**
   * Fused multi-head attention in the context phase. `--context_fmha`.
   * @default true
   */
  contextFmha?: boolean;
  /**
   * FP32 accumulation in the BERT context FMHA. `--bert_context_fmha_fp32_acc`.
   * @default false
   */
  bertContextFmhaFp32Acc?: boolean;
  /**
   * Pack requests without padding. `--remove_input_padding`.
   * @default true
   */
  removeInputPadding?: boolean;
  /**
   * Paged context FMHA: required for KV cache reuse and chunked context; in 0.17 it also turns KV
   * cache reuse on. `--use_paged_context_fmha`.
   * @default false
   */
  usePagedContextFmha?: boolean;
  /**
   * FP8 context FMHA (FP8 quantization only). `--use_fp8_context_fmha`.
   * @default false
   */
  useFp8ContextFmha?: boolean;
  /**
   * Several optimization profiles (longer build). `--multiple_profiles`.
   * @default false
   */
  multipleProfiles?: boolean;
  /**
   * Paged RNN state (Mamba). `--paged_state`.
   * @default true
   */
  pagedState?: boolean;
  /**
   * StreamingLLM window attention. `--streamingllm`.
   * @default false
   */
  streamingllm?: boolean;
  /**
   * Fuse LayerNorm and quantization. `--norm_quant_fusion`.
   * @default false
   */
  normQuantFusion?: boolean;
  /**
   * Fuse residual add + norm after AllReduce. `--reduce_fusion`.
   * @default false
   */
  reduceFusion?: boolean;
  /**
   * User buffers for AllReduce (needs reduceFusion; FP8 Llama). `--user_buffer`.
   * @default false
   */
  userBuffer?: boolean;
  /**
   * Fuse the two gated-MLP GEMMs. `--use_fused_mlp`.
   * @default true
   */
  useFusedMlp?: boolean;
  /**
   * ReduceScatter + AllGather for pipeline parallelism. `--pp_reduce_scatter`.
   * @default false
   */
  ppReduceScatter?: boolean;
}

export interface BuildLogits {
  /**
   * Dtype of the logits output. `--logits_dtype`.
   */
  logitsDtype?: 'float16' | 'float32';
  /**
   * Keep context-phase logits. `--gather_context_logits`.
   * @default false
   */
  gatherContextLogits?: boolean;
  /**
   * Keep generation-phase logits. `--gather_generation_logits`.
   * @default false
   */
  gatherGenerationLogits?: boolean;
  /**
   * Both of the above. `--gather_all_token_logits`.
   * @default false
   */
  gatherAllTokenLogits?: boolean;
}

export interface BuildLora {
  /**
   * Modules LoRA applies to. `--lora_target_modules`.
   * @minItems 1
   */
  loraTargetModules?: Array<
    | 'attn_qkv' | 'attn_q' | 'attn_k' | 'attn_v' | 'attn_dense' | 'mlp_h_to_4h' | 'mlp_4h_to_h'
    | 'mlp_gate' | 'cross_attn_qkv' | 'cross_attn_q' | 'cross_attn_k' | 'cross_attn_v'
    | 'cross_attn_dense' | 'moe_h_to_4h' | 'moe_4h_to_h' | 'moe_gate' | 'moe_router'
    | 'mlp_router' | 'mlp_gate_up'
  >;
  /**
   * Largest LoRA rank. `--max_lora_rank`.
   * @default 64
   * @minimum 1
   * @asType integer
   */
  maxLoraRank?: number;
  /**
   * LoRA checkpoint format. `--lora_ckpt_source`.
   * @default "hf"
   */
  loraCkptSource?: 'hf' | 'nemo';
}

export interface BuildSpeculative {
  /**
   * Speculative decoding technique. `--speculative_decoding_mode`.
   */
  speculativeDecodingMode?: 'draft_tokens_external' | 'lookahead_decoding' | 'medusa' | 'explicit_draft_tokens' | 'eagle';
  /**
   * Most draft tokens per step. `--max_draft_len`.
   * @default 0
   * @minimum 0
   * @asType integer
   */
  maxDraftLen?: number;
}

export interface BuilderOptions {
  /**
   * Engine profiling verbosity. `--profiling_verbosity`.
   * @default "layer_names_only"
   */
  profilingVerbosity?: 'layer_names_only' | 'detailed' | 'none';
  /**
   * Strip weights from the engine (refit later). `--strip_plan`.
   * @default false
   */
  stripPlan?: boolean;
  /**
   * Weight sparsity. `--weight_sparsity`.
   * @default false
   */
  weightSparsity?: boolean;
  /**
   * Stream weights from host memory at run time. `--weight_streaming`.
   * @default false
   */
  weightStreaming?: boolean;
  /**
   * Faster build, slower engine. `--fast_build`.
   * @default false
   */
  fastBuild?: boolean;
  /**
   * Parallel build workers. `--workers`.
   * @default 1
   * @minimum 1
   * @asType integer
   */
  workers?: number;
  /**
   * Builder log level. `--log_level`.
   * @default "info"
   */
  logLevel?: 'internal_error' | 'error' | 'warning' | 'info' | 'verbose' | 'debug' | 'trace';
  /**
   * Mark intermediate tensors as debug outputs. `--enable_debug_output`.
   * @default false
   */
  enableDebugOutput?: boolean;
  /**
   * Track memory during the build. `--monitor_memory`.
   * @default false
   */
  monitorMemory?: boolean;
}
