import { when, type LintRule } from '../rule.js';

/*
 * The intent switches (`streaming`, `prefixCaching`, `context`) fill the low-level fields they own
 * in resolve(); an explicit low-level value that disagrees would be a second source of truth.
 */

export const streamingAgreesWithDecoupled: LintRule = {
  id: 'TRT107',
  severity: 'error',
  topic: 'intents',
  title: 'streaming and triton.decoupled must agree',
  why: 'Streaming needs decoupled tensorrt_llm and tensorrt_llm_bls; a mismatch gives "Streaming is only supported if model is deployed using decoupled mode" (tensorrtllm_backend#626). `streaming` sets the flag of both models from one field.',
  fields: ['streaming', 'triton.decoupled'],
  pain: [7, 8, 10],
  check: ({ spec }) => {
    const { streaming, triton } = spec.raw;
    return when(streaming !== undefined && triton?.decoupled !== undefined && streaming !== triton.decoupled, {
      path: 'triton.decoupled',
      message: `is ${String(triton?.decoupled)} but streaming is ${String(streaming)}`,
      hint: 'remove triton.decoupled: streaming sets it for tensorrt_llm and tensorrt_llm_bls',
    });
  },
  examples: { pass: { streaming: true }, fail: { streaming: true, triton: { decoupled: false } } },
};

export const prefixCachingAgrees: LintRule = {
  id: 'TRT108',
  severity: 'error',
  topic: 'intents',
  title: 'prefixCaching and the KV reuse / paged context FMHA flags must agree',
  why: 'Prefix caching is one intent spread over a build flag (`--use_paged_context_fmha`) and a runtime flag (`enable_kv_cache_reuse`) (tensorrtllm_backend#271, truss#1099).',
  fields: ['prefixCaching', 'build.plugins.usePagedContextFmha', 'triton.kvCache.enableReuse'],
  pain: [25],
  check: ({ spec }) => {
    const { prefixCaching, build, triton } = spec.raw;
    if (prefixCaching === undefined) return [];
    return [
      ...when(prefixCaching && build?.plugins?.usePagedContextFmha === false, {
        path: 'build.plugins.usePagedContextFmha',
        message: 'is false but prefixCaching is true',
        hint: 'remove build.plugins.usePagedContextFmha: prefixCaching sets it',
      }),
      ...when(triton?.kvCache?.enableReuse !== undefined && triton.kvCache.enableReuse !== prefixCaching, {
        path: 'triton.kvCache.enableReuse',
        message: `is ${String(triton?.kvCache?.enableReuse)} but prefixCaching is ${String(prefixCaching)}`,
        hint: 'remove triton.kvCache.enableReuse: prefixCaching sets it',
      }),
    ];
  },
  examples: { pass: { prefixCaching: true }, fail: { prefixCaching: true, triton: { kvCache: { enableReuse: false } } } },
};

export const contextBudgetAgrees: LintRule = {
  id: 'TRT109',
  severity: 'error',
  topic: 'intents',
  title: 'context budget and explicit engine lengths must agree',
  why: 'One token budget derives max_input_len and max_seq_len; an explicit value that differs is a second source of truth (TensorRT-LLM#977, tensorrtllm_backend#141).',
  fields: ['context.maxInputTokens', 'context.maxOutputTokens', 'build.maxInputLen', 'build.maxSeqLen'],
  pain: [19],
  check: ({ spec }) => {
    const { context, build } = spec.raw;
    if (!context) return [];
    const seq = context.maxInputTokens + context.maxOutputTokens;
    return [
      ...when(build?.maxInputLen !== undefined && build.maxInputLen !== context.maxInputTokens, {
        path: 'build.maxInputLen',
        message: `is ${String(build?.maxInputLen)} but context.maxInputTokens is ${context.maxInputTokens}`,
        hint: 'remove build.maxInputLen: context derives it',
      }),
      ...when(build?.maxSeqLen !== undefined && build.maxSeqLen !== seq, {
        path: 'build.maxSeqLen',
        message: `is ${String(build?.maxSeqLen)} but context gives ${context.maxInputTokens} + ${context.maxOutputTokens} = ${seq}`,
        hint: 'remove build.maxSeqLen: context derives it',
      }),
    ];
  },
  examples: { pass: { context: { maxInputTokens: 2048, maxOutputTokens: 512 } }, fail: { context: { maxInputTokens: 2048, maxOutputTokens: 512 }, build: { maxInputLen: 1024 } } },
};
