import type { PlanSizing } from '@trtforge/spec';

/** The fields of a Hugging Face `config.json` the estimate reads. */
export interface HfModelConfig {
  num_hidden_layers?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number;
  hidden_size?: number;
  head_dim?: number;
  torch_dtype?: string;
  max_position_embeddings?: number;
}

export interface MemoryEstimateInput {
  hf: HfModelConfig;
  /** Total size of the checkpoint's *.safetensors files. */
  weightFileBytes: number;
  sizing: PlanSizing;
  tp: number;
  pp: number;
  /** Memory of the smallest GPU the plan uses. */
  gpuBytes: number;
}

export interface MemoryEstimate {
  weightsPerGpu: number;
  /** CUDA context, activations and workspace: a flat assumption, not a measurement. */
  overhead: number;
  kvPool: number;
  kvBytesPerToken: number;
  kvTokens: number;
  seqLen: number;
  /** Requests of max_seq_len tokens whose KV cache fits at once. */
  fullRequests: number;
}

/** Runtime memory besides weights and KV cache, assumed (it depends on max_num_tokens and CUDA graphs). */
export const RUNTIME_OVERHEAD_BYTES = 1024 ** 3;

const dtypeBytes = (dtype: string | undefined): number => (dtype === 'float32' ? 4 : 2);

/**
 * A first-order estimate of what one GPU holds: its shard of the weights (file sizes scaled to the
 * converted dtype), a flat runtime overhead, and a KV pool of `kvFreeGpuMemFraction` of the rest.
 * KV per token per GPU = 2 (K and V) × layers/pp × max(1, kv_heads/tp) × head_dim × bytes: the
 * standard layout TRT-LLM's paged KV cache uses (KV heads are replicated when tp exceeds them).
 * Returns undefined when the HF config lacks the sizes.
 */
export function estimateMemory(input: MemoryEstimateInput): MemoryEstimate | undefined {
  const { hf, sizing, tp, pp } = input;
  const layers = hf.num_hidden_layers;
  const heads = hf.num_attention_heads;
  if (!layers || !heads || !(hf.head_dim || hf.hidden_size)) return undefined;
  const kvHeads = hf.num_key_value_heads ?? heads;
  const headDim = hf.head_dim ?? hf.hidden_size! / heads;
  const sourceBytes = dtypeBytes(hf.torch_dtype);
  const weightsPerGpu = (input.weightFileBytes * ((sizing.weightBytes ?? sourceBytes) / sourceBytes)) / (tp * pp);
  const kvBytesPerToken = 2 * Math.ceil(layers / pp) * Math.max(1, kvHeads / tp) * headDim * (sizing.kvBytes ?? sourceBytes);
  const free = input.gpuBytes - weightsPerGpu - RUNTIME_OVERHEAD_BYTES;
  let kvPool = Math.max(0, free * sizing.kvFreeGpuMemFraction);
  if (sizing.maxKvTokens !== null) kvPool = Math.min(kvPool, sizing.maxKvTokens * kvBytesPerToken);
  const kvTokens = Math.floor(kvPool / kvBytesPerToken);
  const seqLen = sizing.maxSeqLen ?? hf.max_position_embeddings ?? sizing.maxInputLen + 1;
  return { weightsPerGpu, overhead: RUNTIME_OVERHEAD_BYTES, kvPool, kvBytesPerToken, kvTokens, seqLen, fullRequests: Math.floor(kvTokens / seqLen) };
}
