import { effectiveKvFraction, effectiveSchedulerPolicy } from '../../backend/semantics.js';
import { note } from '../spec-paths.js';
import type { ResolvedModelSpec } from '../../resolve/resolved.js';
import { roundUp, when, type LintRule } from '../rule.js';

/** Above this share of free memory the KV pool leaves too little for activations, CUDA graphs and other processes. */
const MAX_SAFE_FRACTION = 0.95;
/** With a draft model in the same server, this model's share must leave the draft engine room. */
const MAX_SHARED_FRACTION = 0.5;

const fractionOf = (spec: ResolvedModelSpec, version: string): { value: number; label: string } => {
  const { value, fromSpec } = effectiveKvFraction(spec, version);
  return { value, label: fromSpec ? String(value) : `${value} (backend default)` };
};

export const kvFractionHeadroom: LintRule = {
  id: 'TRT123',
  severity: 'warning',
  topic: 'memory',
  title: 'kv_cache_free_gpu_mem_fraction leaves no headroom',
  why: 'The KV pool takes this share of the memory still free after the engine loads; above 0.95 activations, CUDA graphs, the LoRA cache (carved from what is left) and any other process on the GPU run out of memory at load or under load (tensorrtllm_backend#303, #59; TensorRT-LLM#486).',
  fields: ['triton.kvCache.freeGpuMemFraction'],
  pain: [27],
  check: ({ spec }) => {
    const set = spec.triton.kvCache?.freeGpuMemFraction;
    return when(set !== undefined && set > MAX_SAFE_FRACTION, {
      path: 'triton.kvCache.freeGpuMemFraction',
      message: `must be ≤ ${MAX_SAFE_FRACTION} to leave room for activations and other processes, got ${String(set)}`,
      hint: 'set triton.kvCache.freeGpuMemFraction: 0.9 (the backend default), or cap the pool with triton.kvCache.maxTokens',
    });
  },
  examples: { pass: { triton: { kvCache: { freeGpuMemFraction: 0.9 } } }, fail: { triton: { kvCache: { freeGpuMemFraction: 0.98 } } } },
};

export const kvFractionSharedWithDraft: LintRule = {
  id: 'TRT124',
  severity: 'warning',
  topic: 'memory',
  title: 'a draft model shares the GPUs: kv_cache_free_gpu_mem_fraction must leave it room',
  why: 'With triton.bls.draftModelName a second tensorrt_llm model loads into the same server on the same GPUs. Each KV pool takes its fraction of the memory free at its own load, so tensorrt_llm at 0.9 leaves the draft engine about a tenth of the GPU: it fails to load or runs with a tiny cache. The fractions of models sharing a GPU must sum well below 1 (tensorrtllm_backend#456, #303).',
  fields: ['triton.kvCache.freeGpuMemFraction', 'triton.bls.draftModelName'],
  pain: [27],
  check: ({ spec, backend }) => {
    const draft = spec.triton.bls?.draftModelName;
    if (!draft) return [];
    const { value, label } = fractionOf(spec, backend.version);
    return when(value > MAX_SHARED_FRACTION, {
      path: spec.triton.kvCache?.freeGpuMemFraction !== undefined ? 'triton.kvCache.freeGpuMemFraction' : 'triton.bls.draftModelName',
      message: `tensorrt_llm takes ${label} of free GPU memory while draft model "${draft}" loads on the same GPUs; must be ≤ ${MAX_SHARED_FRACTION}`,
      hint: `set triton.kvCache.freeGpuMemFraction: ${MAX_SHARED_FRACTION} here and give "${draft}" a fraction so that both sum to ≤ 0.9`,
    });
  },
  examples: {
    pass: { triton: { bls: { draftModelName: 'draft' }, kvCache: { freeGpuMemFraction: 0.5 } }, build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
    fail: { triton: { bls: { draftModelName: 'draft' } }, build: { speculative: { speculativeDecodingMode: 'draft_tokens_external', maxDraftLen: 4 } } },
  },
};

/** Longest sequence one request may need, in whole KV blocks' worth of tokens. */
function fullSequenceTokens(spec: ResolvedModelSpec): { tokens: number; from: string } | undefined {
  const { maxSeqLen, tokensPerBlock } = spec.build;
  if (maxSeqLen === undefined) return undefined;
  return { tokens: roundUp(maxSeqLen, tokensPerBlock), from: `build.maxSeqLen (${maxSeqLen}${note(spec, 'build.maxSeqLen')})` };
}

export const kvTokensHoldOneSequence: LintRule = {
  id: 'TRT125',
  severity: 'error',
  topic: 'memory',
  title: 'max_tokens_in_paged_kv_cache must hold at least one full-length request',
  why: 'The KV pool is min(max_tokens_in_paged_kv_cache, what the memory fraction gives). A cap below one max_seq_len request means a long request can never be scheduled: it waits forever under guaranteed_no_evict or is evicted over and over under max_utilization (TensorRT-LLM#2865, #2866).',
  fields: ['triton.kvCache.maxTokens', 'build.maxSeqLen', 'build.maxInputLen', 'build.tokensPerBlock'],
  pain: [24, 27],
  check: ({ spec }) => {
    const cap = spec.triton.kvCache?.maxTokens;
    if (cap === undefined) return [];
    const full = fullSequenceTokens(spec) ?? { tokens: roundUp(spec.build.maxInputLen + 1, spec.build.tokensPerBlock), from: `build.maxInputLen + 1 (${spec.build.maxInputLen + 1})` };
    return when(cap < full.tokens, {
      path: 'triton.kvCache.maxTokens',
      message: `must be ≥ ${full.tokens} tokens (${full.from} in whole ${spec.build.tokensPerBlock}-token blocks), got ${cap}`,
      hint: `set triton.kvCache.maxTokens: ${full.tokens * spec.triton.maxBatchSize} (one full request per batch slot), or lower the engine lengths`,
    });
  },
  examples: { pass: { build: { maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 65536 } } }, fail: { build: { maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 2048 } } } },
};

export const noEvictConcurrency: LintRule = {
  id: 'TRT126',
  severity: 'warning',
  topic: 'memory',
  title: 'under guaranteed_no_evict the KV cap admits fewer full-length requests than triton.maxBatchSize',
  why: 'guaranteed_no_evict (the v0.17.0 backend default; nothing in v0.17.0 overrides the policy — not decoupled mode, chunked context or KV reuse, see parameter-semantics.json) reserves KV blocks for the whole sequence when a request starts, so requests beyond max_tokens_in_paged_kv_cache / max_seq_len wait in line even though batch slots are free (TensorRT-LLM#2865, #9412).',
  fields: ['triton.batchSchedulerPolicy', 'triton.kvCache.maxTokens', 'build.maxSeqLen', 'triton.maxBatchSize'],
  pain: [12, 24],
  check: ({ spec, backend }) => {
    const policy = effectiveSchedulerPolicy(spec, backend.version);
    const cap = spec.triton.kvCache?.maxTokens;
    const full = fullSequenceTokens(spec);
    if (policy !== 'guaranteed_no_evict' || cap === undefined || !full || cap < full.tokens) return [];
    const fits = Math.floor(cap / full.tokens);
    const label = spec.triton.batchSchedulerPolicy ? '' : ' (the backend default)';
    return when(fits < spec.triton.maxBatchSize, {
      path: 'triton.kvCache.maxTokens',
      message: `admits only ${fits} full-length request(s) at once under guaranteed_no_evict${label}, below triton.maxBatchSize (${spec.triton.maxBatchSize}): ${cap} / ${full.tokens} tokens`,
      hint: `raise triton.kvCache.maxTokens to ${full.tokens * spec.triton.maxBatchSize}, lower build.maxSeqLen, or set triton.batchSchedulerPolicy: 'max_utilization' (may pause started requests)`,
    });
  },
  examples: {
    pass: { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 65536 } } },
    fail: { build: { maxBatchSize: 16, maxSeqLen: 4096 }, triton: { kvCache: { maxTokens: 16384 } } },
  },
};
